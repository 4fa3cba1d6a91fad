import type { Batch } from './model.js'
import { countOf } from './plural.js'

/** URLs shown per request in the log; the report lists them all. */
const FIRST_URLS = 3

/** One log line per planned request: operation, URL count, hosts and the first URLs. */
export function describeBatches(batches: readonly Batch[]): string[] {
  if (batches.length === 0) return ['Nothing to send.']
  return batches.map((batch, index) => {
    const urls = batch.items.map(item => item.url)
    const shown = urls.slice(0, FIRST_URLS).join(' ')
    const more = urls.length > FIRST_URLS ? ` … and ${urls.length - FIRST_URLS} more` : ''
    const hosts = `${batch.hosts.length === 1 ? 'host' : 'hosts'} ${batch.hosts.join(', ')}`
    return `${index + 1}/${batches.length} ${batch.operation}: ${countOf(urls.length, 'URL')}, ${hosts}: ${shown}${more}`
  })
}

import type { Batch, ObjectType } from './model.js'
import { countOf } from './plural.js'
import { logLine } from './workflow-text.js'

/** URLs shown per request in the log; the report lists them all. */
const FIRST_URLS = 3

/** Each object type as a counted noun, singular and plural. */
const NOUNS: Record<ObjectType, [string, string]> = {
  file: ['URL', 'URLs'],
  directory: ['directory', 'directories'],
  'ignore-params': ['URL ignoring its query', 'URLs ignoring their query'],
  asset: ['asset', 'assets']
}

/** "3 URLs, hosts a.example.com, b.example.com", or "1 asset" for object types without a host. */
export function batchSize(batch: Batch): string {
  const [singular, plural] = NOUNS[batch.objectType ?? 'file']
  const count = countOf(batch.items.length, singular, plural)
  const hosts = batch.hosts.filter(host => host !== '')
  if (hosts.length === 0) return count
  return `${count}, ${hosts.length === 1 ? 'host' : 'hosts'} ${hosts.join(', ')}`
}

/**
 * One log line per planned request: operation, URL count, hosts and the first URLs, made safe for
 * the log (an asset ID or a host is text from the user or the provider).
 */
export function describeBatches(batches: readonly Batch[]): string[] {
  if (batches.length === 0) return ['Nothing to send.']
  return batches.map((batch, index) => {
    const urls = batch.items.map(item => item.url)
    const shown = urls.slice(0, FIRST_URLS).join(' ')
    const more = urls.length > FIRST_URLS ? ` … and ${urls.length - FIRST_URLS} more` : ''
    return logLine(
      `${index + 1}/${batches.length} ${batch.operation}: ${batchSize(batch)}: ${shown}${more}`
    )
  })
}

// A batch sent through a provider's client, recorded as the submitter records an accepted one:
// what the status-API tests hand to the waiter.
import type { BatchOutcome, ObjectType, Operation } from '../../src/model.js'
import type { ProviderClient } from '../../src/providers/provider.js'

export async function acceptedBatch(
  client: Pick<ProviderClient, 'submit'>,
  clock: { now(): number },
  operation: Operation,
  urls: string[],
  objectType?: ObjectType
): Promise<BatchOutcome> {
  const at = clock.now()
  const { taskIds } = await client.submit(operation, urls, objectType)
  const typed = objectType === undefined ? {} : { objectType }
  const items = urls.map(url => ({
    url,
    host: new URL(url).host,
    operation,
    ...typed,
    rule: 0,
    sources: [],
    status: 'submitted' as const
  }))
  return {
    batch: { operation, ...typed, items, hosts: [...new Set(items.map(i => i.host))] },
    status: 'submitted',
    taskIds,
    attempts: 1,
    submittedAt: at
  }
}

// Task status for `wait: true` on Gcore: GET /cdn/purge_statuses (providers.md §6.4). A purge
// returns no ID, so each accepted purge is found by its resource (cname), type, creation time and
// payload. Gcore has no prefetch status API (UNCONFIRMED that none exists; none is in either SDK):
// prefetches are reported "accepted, status unavailable" (the spec declares no prefetch status).
import * as z from 'zod/mini'
import { parseResponse, sendRequest } from '../http.js'
import { silentLogger } from '../provider.js'
import type { StatusAnswer, StatusRequest, StatusSpec, TaskStatusReader } from '../task-status.js'
import {
  buildGcoreRequest,
  classifyGcoreError,
  scrubApiKey,
  type GcoreCall,
  type GcoreClientOptions
} from './client.js'

/**
 * UNCONFIRMED: Gcore documents no rate for purge_statuses; one call a second keeps a poll light
 * next to the purge limits (2 a minute) the account lives with.
 */
export const GCORE_PURGE_STATUS: StatusSpec = {
  api: 'GET /cdn/purge_statuses',
  tasksPerCall: 100,
  requestWindow: { requests: 1, windowMs: 1000 }
}

const PAGE = 100
const MAX_PAGES = 20
/** Slack for the difference between the runner's clock and Gcore's. */
const SKEW_MS = 5 * 60_000

const itemSchema = z.looseObject({
  purge_id: z.pipe(z.union([z.number(), z.string()]), z.transform(String)),
  created: z.string(),
  purge_type: z.string(),
  payload: z.optional(
    z.looseObject({ urls: z.optional(z.array(z.string())), paths: z.optional(z.array(z.string())) })
  ),
  resource: z.looseObject({ id: z.optional(z.number()), cname: z.optional(z.string()) }),
  status: z.string()
})
// A bare array without `limit`, an envelope with it (§6.4): both are read.
const listSchema = z.union([
  z.pipe(
    z.array(itemSchema),
    z.transform(results => ({ count: results.length, results }))
  ),
  z.object({ count: z.number().check(z.int(), z.nonnegative()), results: z.array(itemSchema) })
])
const resourceSchema = z.looseObject({ cname: z.string().check(z.minLength(1)) })

type Item = z.infer<typeof itemSchema>

/** What one purge sent, as Gcore lists it in `payload`. */
export interface SentPurge {
  type: 'purge_by_url' | 'purge_by_pattern'
  items: readonly string[]
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const sameItems = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')

function answerOf(key: string, item: Item): StatusAnswer {
  const status = item.status.toLowerCase()
  if (status === 'successful') return { key, state: 'complete', progress: 100 }
  if (status === 'failed') return { key, state: 'failed', detail: 'Gcore reports the purge Failed' }
  if (status === 'status report disabled') {
    return { key, state: 'unavailable', detail: 'accepted; Gcore keeps no status for this purge' }
  }
  return { key, state: 'running' }
}

/**
 * The status reader. `sent` says what a task's request carried (the adapter knows how it turned
 * URLs into paths and patterns). Claims persist across polls, so two identical purges are told
 * apart by creation order.
 */
export function gcorePurgeStatus(
  options: GcoreClientOptions,
  sent: (task: StatusRequest) => SentPurge
): TaskStatusReader {
  const apiKey = options.apiKey.replace(/^apikey +/i, '')
  const endpoint = options.endpoint ?? 'https://api.gcore.com'
  const now = options.now ?? Date.now
  const claims = new Map<string, string>()
  let cname: string | undefined

  async function get<T>(path: string, schema: z.ZodMiniType<T>, what: string): Promise<T> {
    const call: GcoreCall = { method: 'GET', path }
    const response = await sendRequest(buildGcoreRequest(endpoint, apiKey, call), {
      timeoutMs: options.requestTimeoutMs,
      logger: options.logger ?? silentLogger
    })
    if (response.status < 200 || response.status >= 300) {
      throw classifyGcoreError(response, {
        apiKey,
        resourceId: options.resourceId,
        what,
        onResource: path.startsWith('/cdn/resources/'),
        nowMs: now()
      })
    }
    return parseResponse(response, schema, `GET ${path.split('?')[0]}`, t => scrubApiKey(t, apiKey))
  }

  return async (_operation, tasks, pace) => {
    // The resource's cname, which purge_statuses filters by (GET /cdn/resources/{id}, §6.5).
    if (cname === undefined) {
      const path = `/cdn/resources/${options.resourceId}`
      cname = (await get(path, resourceSchema, 'resource request')).cname
      await pace?.()
    }
    const from = Math.min(...tasks.map(t => t.submittedAt)) - SKEW_MS
    const items: Item[] = []
    for (let page = 0; page < MAX_PAGES; page++) {
      if (page > 0) await pace?.()
      const query = new URLSearchParams({
        cname,
        from_created: iso(from),
        to_created: iso(now() + SKEW_MS),
        limit: String(PAGE),
        offset: String(page * PAGE)
      })
      const list = await get(`/cdn/purge_statuses?${query}`, listSchema, 'purge status request')
      items.push(...list.results)
      if (list.results.length === 0 || (page + 1) * PAGE >= list.count) break
    }
    const mine = items.filter(
      i => i.resource.id === undefined || i.resource.id === options.resourceId
    )
    const byId = new Map(mine.map(i => [i.purge_id, i]))
    const claimed = new Set(claims.values())
    return tasks.map(task => {
      const known = claims.get(task.key)
      if (known && byId.has(known)) return answerOf(task.key, byId.get(known)!)
      const want = sent(task)
      const match = mine
        .filter(
          i =>
            !claimed.has(i.purge_id) &&
            i.purge_type === want.type &&
            Date.parse(i.created) >= task.submittedAt - SKEW_MS &&
            sameItems(i.payload?.urls ?? i.payload?.paths ?? [], want.items)
        )
        .sort((a, b) => Date.parse(a.created) - Date.parse(b.created))[0]
      if (!match) return { key: task.key, state: 'not-found' }
      claims.set(task.key, match.purge_id)
      claimed.add(match.purge_id)
      return answerOf(task.key, match)
    })
  }
}

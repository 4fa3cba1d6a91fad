// After a DCDN write whose answer was lost: is its task in DescribeDcdnRefreshTasks (providers.md
// §2.4)? The write is never resent (the list may lag), so only a task the list proves counts.
import * as z from 'zod/mini'
import { taskIdField } from './response-fields.js'
import type { ObjectPathCaller } from './object-path-call.js'
import type { ObjectType, Operation } from '../../model.js'

export const DESCRIBE_TASKS = 'DescribeDcdnRefreshTasks'

/**
 * How much earlier than the write's send time (our clock) a task may say it was created: its
 * CreationTime has second resolution and DCDN's clock is not ours. Kept small, so that a task of
 * the same URL from just before (another run) is not taken for this one.
 */
export const CREATION_TOLERANCE_MS = 5_000
/** The StartTime asked for is this much before the write was sent, so clock skew cannot hide it. */
export const LOOKBACK_MS = 60_000
/** PageSize is at most 50 (§2.4); a URL rarely has more tasks than that in a minute. */
const PAGE_SIZE = 50
const MAX_PAGES = 3

const rowSchema = z.looseObject({
  TaskId: taskIdField,
  ObjectPath: z.optional(z.string()),
  ObjectType: z.optional(z.string()),
  CreationTime: z.optional(z.string())
})

export const refreshTasksSchema = z.looseObject({
  // Documented as Tasks.Task (§2.4); a flat array (as DescribeDcdnRefreshTaskById answers) is
  // read too. No Tasks at all: nothing listed.
  Tasks: z.pipe(
    z.optional(z.union([z.array(rowSchema), z.object({ Task: z.optional(z.array(rowSchema)) })])),
    z.transform(t => (t === undefined ? [] : Array.isArray(t) ? t : (t.Task ?? [])))
  ),
  TotalCount: z.optional(
    z.union([z.number(), z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number))])
  ),
  RequestId: z.optional(z.string())
})

type Row = z.infer<typeof rowSchema>

/**
 * The ObjectType asked for and the ones a matching row may show (§2.4 lists `path` for directory
 * rows, §2.5 `directory`). Null: the write cannot be looked up. IgnoreParams refreshes are listed
 * under a type the docs do not name (UNCONFIRMED), so they are not.
 */
function listedTypes(
  operation: Operation,
  objectType: ObjectType
): { query: string; rows: string[] } | null {
  if (operation === 'prefetch')
    return objectType === 'file' ? { query: 'preload', rows: ['preload'] } : null
  if (objectType === 'file') return { query: 'file', rows: ['file'] }
  if (objectType === 'directory') return { query: 'directory', rows: ['directory', 'path'] }
  return null
}

/** `yyyy-MM-ddTHH:mm:ssZ`, as StartTime and EndTime are written. */
export function dcdnTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The URLs of a request grouped by host (lower case), in first-seen order: one task per host. */
export function firstUrlPerHost(urls: readonly string[]): string[] | null {
  const first = new Map<string, string>()
  for (const url of urls) {
    let host: string
    try {
      host = new URL(url).host.toLowerCase()
    } catch {
      return null
    }
    if (!first.has(host)) first.set(host, url)
  }
  return [...first.values()]
}

/**
 * The one task of `rows` that can be this write's for `url`: listed for that URL, of the right
 * type, created no earlier than `sentAt` minus the tolerance. Two such tasks (another run refreshed
 * the same URL just then) or a row without a readable CreationTime: null, it cannot be told.
 */
export function matchingTask(
  rows: readonly Row[],
  url: string,
  types: readonly string[],
  sentAt: number
): string | null {
  const ids = new Set<string>()
  for (const row of rows) {
    // One URL a row, or the request's URLs separated by line breaks: both are read.
    const paths = (row.ObjectPath ?? '').split(/\r?\n/)
    if (!paths.includes(url)) continue
    if (row.ObjectType !== undefined && !types.includes(row.ObjectType.toLowerCase())) continue
    const created = row.CreationTime === undefined ? NaN : Date.parse(row.CreationTime)
    if (Number.isNaN(created)) return null
    if (created < sentAt - CREATION_TOLERANCE_MS) continue
    ids.add(row.TaskId.trim())
  }
  return ids.size === 1 ? [...ids][0]! : null
}

/**
 * Asks DescribeDcdnRefreshTasks once per host of the write (DCDN opens one task per host), with
 * that host's first URL as ObjectPath, and returns the task IDs in host order when every host's
 * task is listed; null when any is not (or the write's type cannot be looked up).
 */
export async function findAcceptedTasks(
  caller: ObjectPathCaller,
  operation: Operation,
  objects: readonly string[],
  objectType: ObjectType,
  sentAt: number
): Promise<string[] | null> {
  const types = listedTypes(operation, objectType)
  const urls = firstUrlPerHost(objects)
  if (!types || !urls || urls.length === 0) return null
  const ids: string[] = []
  for (const url of urls) {
    const rows: Row[] = []
    let complete = false
    for (let page = 1; page <= MAX_PAGES && !complete; page++) {
      const { data } = await caller.call(
        DESCRIBE_TASKS,
        {
          ObjectPath: url,
          ObjectType: types.query,
          StartTime: dcdnTime(sentAt - LOOKBACK_MS),
          PageNumber: String(page),
          PageSize: String(PAGE_SIZE)
        },
        refreshTasksSchema
      )
      rows.push(...data.Tasks)
      complete = data.Tasks.length < PAGE_SIZE || rows.length >= (data.TotalCount ?? 0)
    }
    // Unread pages could hold a second task of the same URL: then which one is ours is unknown.
    if (!complete) return null
    const id = matchingTask(rows, url, types.rows, sentAt)
    if (id === null) return null
    ids.push(id)
  }
  // Whether DCDN gives one task per host or one per request is not documented: each ID once.
  return [...new Set(ids)]
}

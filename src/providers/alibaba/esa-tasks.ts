// Task status for `wait: true` on ESA: DescribePurgeTasks / DescribePreloadTasks (providers.md §4).
// They list a site's tasks by time window (and content), not by ID, 50 a page: the tasks of a poll
// are looked up in the pages of the window from the earliest submission to now.
import * as z from 'zod/mini'
import { taskIdField } from './response-fields.js'
import { combineRows } from './dcdn-tasks.js'
import type { ObjectPathCaller } from './object-path-call.js'
import type { Operation } from '../../model.js'
import type { StatusAnswer, StatusRequest, StatusSpec } from '../task-status.js'

/**
 * UNCONFIRMED: ESA documents no rate for these calls; 5 a second stays below every Alibaba listing
 * rate providers.md gives (DescribeDcdnRefreshTasks: 10 a second).
 */
const RATE = { requests: 5, windowMs: 1000 }
export const ESA_PURGE_STATUS: StatusSpec = {
  api: 'DescribePurgeTasks',
  tasksPerCall: 100,
  requestWindow: RATE
}
export const ESA_PRELOAD_STATUS: StatusSpec = {
  api: 'DescribePreloadTasks',
  tasksPerCall: 100,
  requestWindow: RATE
}

const PAGE_SIZE = 50
/** Pages read a poll at most (5,000 rows); tasks beyond stay "not listed" until a later poll. */
const MAX_PAGES = 100
/** Slack around the window: the runner's and ESA's clocks may differ a little. */
const SKEW_MS = 5 * 60_000

const rowSchema = z.looseObject({
  TaskId: taskIdField,
  Content: z.optional(z.string()),
  Status: z.string(),
  Process: z.optional(z.union([z.string(), z.number()])),
  Description: z.optional(z.string())
})
const pageSchema = z.looseObject({
  TotalCount: z.number().check(z.int(), z.nonnegative()),
  Tasks: z._default(z.optional(z.array(rowSchema)), [])
})

type Row = z.infer<typeof rowSchema>

/** UTC ISO-8601 to the second, as the Describe calls take it: 2026-01-01T08:00:00Z. */
function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export async function describeEsaTasks(
  caller: ObjectPathCaller,
  siteId: string,
  operation: Operation,
  tasks: readonly StatusRequest[],
  now: () => number,
  pace: () => Promise<void>
): Promise<StatusAnswer[]> {
  const action = operation === 'refresh' ? 'DescribePurgeTasks' : 'DescribePreloadTasks'
  const from = Math.min(...tasks.map(t => t.submittedAt)) - SKEW_MS
  const params = {
    SiteId: siteId,
    StartTime: isoSecond(from),
    EndTime: isoSecond(now() + SKEW_MS),
    PageSize: String(PAGE_SIZE)
  }
  const rows: Row[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    if (page > 1) await pace()
    const { data } = await caller.call(action, { ...params, PageNumber: String(page) }, pageSchema)
    rows.push(...data.Tasks)
    if (data.Tasks.length === 0 || page * PAGE_SIZE >= data.TotalCount) break
  }
  const byId = new Map<string, Row[]>()
  for (const row of rows) byId.set(row.TaskId, [...(byId.get(row.TaskId) ?? []), row])
  const ours = new Set(tasks.flatMap(t => (t.taskId ? [t.taskId] : [])))
  return tasks.map(task => {
    const listed = task.taskId ? byId.get(task.taskId) : undefined
    if (listed) return combineRows(task.key, listed)
    // UNCONFIRMED whether the listing's TaskId is the one PurgeCaches/PreloadCaches returned: if
    // not, the task's URLs are matched by content among the rows of no task of ours.
    const urls = new Set(task.urls)
    const byContent = rows.filter(r => !ours.has(r.TaskId) && r.Content && urls.has(r.Content))
    return combineRows(task.key, byContent.length > 0 ? byContent : [])
  })
}

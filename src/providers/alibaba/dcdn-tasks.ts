// Task status for `wait: true` on DCDN and Edge Routine: DescribeDcdnRefreshTaskById
// (providers.md §2.5), which lists refresh and preload tasks alike, at most 10 task IDs a call.
import * as z from 'zod/mini'
import { taskIdField } from './response-fields.js'
import type { ObjectPathCaller } from './object-path-call.js'
import type { StatusAnswer, StatusRequest, StatusSpec } from '../task-status.js'

export const DESCRIBE_TASKS_BY_ID = 'DescribeDcdnRefreshTaskById'

/**
 * At most 10 IDs a call (§2.5). The documented rate is 30 calls a second per account; a third of it
 * leaves room for the account's other callers.
 */
export const DCDN_STATUS: StatusSpec = {
  api: DESCRIBE_TASKS_BY_ID,
  tasksPerCall: 10,
  requestWindow: { requests: 10, windowMs: 1000 }
}

const taskSchema = z.looseObject({
  TaskId: taskIdField,
  Status: z.string(),
  // "10" or "100%" (§2.4, §2.5).
  Process: z.optional(z.union([z.string(), z.number()])),
  Description: z.optional(z.string()),
  ObjectPath: z.optional(z.string())
})

export const tasksByIdSchema = z.looseObject({
  // §2.5 documents a flat array; DescribeDcdnRefreshTasks nests it as Tasks.Task (§2.4). Both
  // are read, since which one this action answers with in practice is not confirmed by a live call.
  Tasks: z.pipe(
    z.optional(
      z.union([
        z.array(taskSchema),
        z.pipe(
          z.object({ Task: z.array(taskSchema) }),
          z.transform(t => t.Task)
        )
      ])
    ),
    z.transform(t => t ?? [])
  ),
  TotalCount: z.optional(z.number()),
  RequestId: z.optional(z.string())
})

/** "100%", "10", 55 → 0–100; undefined when unreadable. */
export function percentOf(process: string | number | undefined): number | undefined {
  if (process === undefined) return undefined
  const n = typeof process === 'number' ? process : Number.parseFloat(process.replace('%', ''))
  return Number.isFinite(n) ? Math.max(0, Math.min(100, n)) : undefined
}

type Row = z.infer<typeof taskSchema>

/**
 * One answer from every row of a task. Whether a task of several URLs is one row or one row per
 * URL is not documented, so rows are combined: failed if any failed, complete if all are.
 */
export function combineRows(key: string, rows: readonly Row[]): StatusAnswer {
  if (rows.length === 0) return { key, state: 'not-found' }
  // One URL a row, or a row's URLs separated by line breaks (as they were sent): both are read.
  const paths = rows.flatMap(r => (r.ObjectPath ?? '').split(/\r?\n/).filter(p => p !== ''))
  const urls = paths.length > 0 ? { urls: paths } : {}
  const statuses = rows.map(r => r.Status.toLowerCase())
  const percents = rows.map(r => percentOf(r.Process))
  const known = percents.filter((p): p is number => p !== undefined)
  const progress = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : undefined
  const failed = rows.find(r => r.Status.toLowerCase() === 'failed')
  if (failed) {
    return { key, state: 'failed', progress, detail: failed.Description || 'Failed', ...urls }
  }
  if (statuses.every(s => s === 'complete')) {
    return { key, state: 'complete', progress: 100, ...urls }
  }
  return { key, state: 'running', progress, ...urls }
}

/** Asks DescribeDcdnRefreshTaskById about up to 10 tasks (the waiter splits larger sets). */
export async function describeTasksById(
  caller: ObjectPathCaller,
  tasks: readonly StatusRequest[]
): Promise<StatusAnswer[]> {
  const ids = [...new Set(tasks.flatMap(t => (t.taskId ? [t.taskId] : [])))]
  if (ids.length === 0) return tasks.map(t => ({ key: t.key, state: 'not-found' }))
  const { data } = await caller.call(
    DESCRIBE_TASKS_BY_ID,
    { TaskId: ids.join(',') },
    tasksByIdSchema
  )
  const rows = new Map<string, Row[]>()
  for (const row of data.Tasks) rows.set(row.TaskId, [...(rows.get(row.TaskId) ?? []), row])
  return tasks.map(t => combineRows(t.key, t.taskId ? (rows.get(t.taskId) ?? []) : []))
}

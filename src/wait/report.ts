// What `wait: true` adds to the report, and the outputs, annotations, verdict and summary drawn from
// it (views of the report, like the rest).
import type { Operation } from '../model.js'
import { countOf, wasWere } from '../plural.js'
import type { WaitRecord } from './run-wait.js'
import type { WaitState } from './wait.js'

export type FinalState = Exclude<WaitState, 'running'>

export interface CompletionTask {
  operation: Operation
  /** The task ID, or `request N` when the provider returns none. */
  key: string
  taskId?: string
  status: FinalState
  /** 0–100 as last read. */
  progress?: number
  detail?: string
  urls: number
  submittedAt: string
  /** When a poll first saw it complete or failed. */
  finishedAt?: string
  /** From submission to that poll (an upper bound, to the poll interval). */
  durationMs?: number
}

export interface ReportCompletion {
  /** Every accepted task was seen complete (a task whose status is unavailable was not). */
  completed: boolean
  waitedMs: number
  waitTimeoutSeconds: number
  pollIntervalSeconds: number
  /** Why waiting stopped early (credentials refused while polling). */
  stopped?: string
  counts: Record<FinalState, number>
  tasks: CompletionTask[]
}

const STATES: readonly FinalState[] = ['complete', 'failed', 'incomplete', 'unavailable', 'unknown']

export function completionOf(wait: WaitRecord): ReportCompletion {
  const counts = Object.fromEntries(STATES.map(s => [s, 0])) as Record<FinalState, number>
  const tasks = wait.tasks.map((t): CompletionTask => {
    // The waiter closes every task; `running` cannot remain, but is reported as incomplete if so.
    const status: FinalState = t.state === 'running' ? 'incomplete' : t.state
    counts[status]++
    return {
      operation: t.operation,
      key: t.key,
      taskId: t.taskId,
      status,
      progress: t.progress,
      detail: t.detail,
      urls: t.urls.length,
      submittedAt: new Date(t.submittedAt).toISOString(),
      finishedAt: t.finishedAt === undefined ? undefined : new Date(t.finishedAt).toISOString(),
      durationMs: t.finishedAt === undefined ? undefined : t.finishedAt - t.submittedAt
    }
  })
  return {
    completed: tasks.every(t => t.status === 'complete'),
    waitedMs: wait.waitedMs,
    waitTimeoutSeconds: wait.timeoutSeconds,
    pollIntervalSeconds: wait.pollIntervalSeconds,
    stopped: wait.stopped?.message,
    counts,
    tasks
  }
}

/** The `completed` and `incomplete-task-ids` outputs (false and empty without a wait). */
export function completionOutputs(
  completion: ReportCompletion | undefined,
  token: (id: string) => string = id => id
): { completed: string; 'incomplete-task-ids': string } {
  const ids = (completion?.tasks ?? []).filter(t => t.status !== 'complete').map(t => token(t.key))
  return {
    completed: String(completion?.completed ?? false),
    'incomplete-task-ids': [...new Set(ids)].join(',')
  }
}

/** Failed, unfinished or unreadable tasks: what `fail-on: incomplete` fails the step for. */
function notDone(completion: ReportCompletion): number {
  const c = completion.counts
  return c.failed + c.incomplete + c.unknown
}

/** Why the step fails under `fail-on: incomplete`, or undefined. */
export function completionFailure(completion: ReportCompletion | undefined): string | undefined {
  if (!completion) return undefined
  const n = notDone(completion)
  if (n === 0) return undefined
  const c = completion.counts
  const parts = [
    c.failed && `${c.failed} failed`,
    c.incomplete && `${c.incomplete} did not finish within wait-timeout`,
    c.unknown && `${c.unknown} could not be read`
  ].filter(Boolean)
  return `Not complete: ${countOf(n, 'task')} (${parts.join(', ')}; fail-on: incomplete). See the job summary.`
}

/** Annotations for the run view: tasks that failed or did not finish, and a stopped wait. */
export function completionAnnotations(
  completion: ReportCompletion | undefined
): { level: 'warning' | 'error'; message: string }[] {
  if (!completion) return []
  const out: { level: 'warning' | 'error'; message: string }[] = []
  if (completion.stopped) out.push({ level: 'error', message: completion.stopped })
  const c = completion.counts
  if (c.failed) {
    out.push({
      level: 'error',
      message: `${countOf(c.failed, 'task')} failed at the CDN after being accepted; see the job summary.`
    })
  }
  if (c.incomplete) {
    out.push({
      level: 'warning',
      message: `${countOf(c.incomplete, 'task')} did not finish within wait-timeout (${completion.waitTimeoutSeconds} s).`
    })
  }
  if (c.unavailable) {
    out.push({
      level: 'warning',
      message: `${countOf(c.unavailable, 'task')} ${wasWere(c.unavailable)} accepted, but the provider has no status API for them: not known to be complete.`
    })
  }
  return out
}

const STATUS_TEXT: Record<FinalState, string> = {
  complete: '✅ complete',
  failed: '❌ failed',
  incomplete: '⏳ not finished',
  unavailable: 'accepted, status unavailable',
  unknown: '❔ status not read'
}

function took(ms: number | undefined): string {
  if (ms === undefined) return '—'
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** The summary's "Waiting for completion" section; `esc` is the summary's own escaping. */
export function completionSummary(
  completion: ReportCompletion | undefined,
  esc: (text: string) => string,
  limit: number
): string {
  if (!completion) return ''
  const c = completion.counts
  const total = completion.tasks.length
  const head = completion.completed
    ? `✅ all ${countOf(total, 'task')} complete`
    : `${c.complete} of ${countOf(total, 'task')} complete`
  const lines = [
    `**Waiting for completion**: ${head}, after waiting ${took(completion.waitedMs)} (wait-timeout ${completion.waitTimeoutSeconds} s).\n`
  ]
  if (completion.stopped) lines.push(`> [!CAUTION]\n> ${esc(completion.stopped)}\n`)
  if (total > 0) {
    lines.push('| Task | Operation | URLs | Status | Took |')
    lines.push('| --- | --- | ---: | --- | ---: |')
    for (const t of completion.tasks.slice(0, limit)) {
      const detail = t.detail && t.status !== 'complete' ? esc(t.detail).slice(0, 200) : ''
      // An unavailable task's detail already says "accepted, status unavailable: why".
      const status =
        t.status === 'unavailable' && detail
          ? detail
          : `${STATUS_TEXT[t.status]}${detail ? `: ${detail}` : ''}`
      lines.push(
        `| <code>${esc(t.key)}</code> | ${t.operation} | ${t.urls} | ${status} | ${took(t.durationMs)} |`
      )
    }
    if (total > limit) lines.push(`\n… and ${total - limit} more tasks: see the JSON report.`)
    lines.push('')
  }
  return lines.join('\n')
}

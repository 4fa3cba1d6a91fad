// `wait: true`: polls the providers' status APIs until every accepted task is complete, failed, or
// the wait-timeout runs out. One mechanism for every provider: each client only reads status
// (ProviderClient.taskStatus), its spec says how often it may be asked (ProviderSpec.status).
import type { BatchOutcome, ObjectType, Operation } from '../model.js'
import type { Logger, ProviderClient, ProviderSpec } from '../providers/provider.js'
import type { StatusAnswer, StatusSpec } from '../providers/task-status.js'
import type { Clock } from '../submit/clock.js'
import { Pacer, type WindowUse } from '../submit/pacer.js'
import { sendWithRetries, type BackoffPolicy } from '../submit/retry.js'
import { countOf } from '../plural.js'

/**
 * - running: not finished yet (only while waiting)
 * - complete / failed: as the provider said
 * - incomplete: still running (or not listed) when the wait-timeout ran out
 * - unavailable: accepted, but the provider has no status API for it; never counted as complete
 * - unknown: the status could not be read (credentials refused, the status call rejected)
 */
export type WaitState = 'running' | 'complete' | 'failed' | 'incomplete' | 'unavailable' | 'unknown'

/** One accepted task being waited for; the waiter updates it in place. */
export interface WaitTask {
  /** The task ID, or `request N` when the provider returns none (Gcore). */
  key: string
  taskId?: string
  operation: Operation
  objectType?: ObjectType
  urls: string[]
  submittedAt: number
  /** The outcome (request) the task came from, to order dependent prefetches. */
  outcome: BatchOutcome
  state: WaitState
  /** 0–100, as the provider last said. */
  progress?: number
  detail?: string
  /** Epoch ms of the poll that first saw the task complete or failed. */
  finishedAt?: number
}

export interface WaitDeps {
  client: ProviderClient
  spec: ProviderSpec
  clock: Clock
  random?: () => number
  /** Retries per status call, as for submissions (the `max-retries` input). */
  maxRetries: number
  /** Pause between polls during the first minute; it doubles after that, up to MAX_INTERVAL_MS. */
  pollIntervalMs: number
  logger: Logger
  backoff?: BackoffPolicy
  /** The submitter's rate windows, for status calls that share a budget with submissions. */
  pacer?: Pacer
}

/** Why waiting stopped before the tasks were done: the credentials were refused. */
export interface WaitStop {
  code: string
  message: string
}

const MINUTE = 60_000
/** Polls slow down to one a minute after the first minute (unless poll-interval is longer). */
export const MAX_INTERVAL_MS = 60_000

/** The pause before the poll after one made `elapsedMs` into the wait. */
export function nextInterval(previousMs: number, elapsedMs: number, baseMs: number): number {
  if (elapsedMs < MINUTE) return baseMs
  return Math.max(baseMs, Math.min(MAX_INTERVAL_MS, previousMs * 2))
}

/**
 * The tasks of the accepted requests: one per task ID, or one per request when the provider
 * returns none. `firstRequest` numbers requests without IDs across calls.
 */
export function tasksOf(
  outcomes: readonly BatchOutcome[],
  deps: Pick<WaitDeps, 'spec' | 'client'>,
  firstRequest = 1
): WaitTask[] {
  const tasks: WaitTask[] = []
  let request = firstRequest
  for (const outcome of outcomes) {
    if (outcome.status !== 'submitted') continue
    const n = request++
    const operation = outcome.batch.operation
    const api = statusApi(deps, operation)
    const base = {
      operation,
      objectType: outcome.batch.objectType,
      urls: outcome.batch.items.map(item => item.url),
      submittedAt: outcome.submittedAt ?? 0,
      outcome,
      ...(api
        ? { state: 'running' as const }
        : {
            state: 'unavailable' as const,
            detail: `accepted, status unavailable: ${deps.spec.title} has no ${operation} status API`
          })
    }
    if (outcome.taskIds.length === 0) tasks.push({ key: `request ${n}`, ...base })
    for (const id of outcome.taskIds) tasks.push({ key: id, taskId: id, ...base })
  }
  return tasks
}

function statusApi(
  deps: Pick<WaitDeps, 'spec' | 'client'>,
  operation: Operation
): StatusSpec | undefined {
  return deps.client.taskStatus ? deps.spec.status?.[operation] : undefined
}

/** "refresh 3/4 tasks complete, 82%" per operation, for the log. */
export function progressLine(tasks: readonly WaitTask[]): string {
  const parts: string[] = []
  for (const op of ['refresh', 'prefetch'] as const) {
    const mine = tasks.filter(t => t.operation === op && t.state !== 'unavailable')
    if (mine.length === 0) continue
    const complete = mine.filter(t => t.state === 'complete').length
    const failed = mine.filter(t => t.state === 'failed').length
    const sum = mine.reduce(
      (total, t) => total + (t.state === 'complete' ? 100 : Math.min(100, t.progress ?? 0)),
      0
    )
    const percent = Math.floor(sum / mine.length)
    parts.push(
      `${op} ${complete}/${mine.length} tasks complete, ${percent}%${failed ? `, ${failed} failed` : ''}`
    )
  }
  return parts.join('; ')
}

/**
 * Polls until every `running` task in `tasks` is complete or failed, or `deadline` (epoch ms)
 * passes; what is still running then becomes `incomplete`. Status calls are paced by the spec's
 * status windows and retried like submissions, never past the deadline. A credentials error ends
 * the wait (the open tasks become `unknown`) and is returned; nothing throws.
 */
export async function waitForTasks(
  tasks: readonly WaitTask[],
  deps: WaitDeps,
  deadline: number
): Promise<WaitStop | undefined> {
  const { clock, logger } = deps
  const open = (): WaitTask[] => tasks.filter(t => t.state === 'running')
  const start = clock.now()
  let interval = deps.pollIntervalMs
  let nextPoll = start + interval
  let stop: WaitStop | undefined
  let lastLine = ''
  let lastLogged = -Infinity
  // One pacer per wait: status windows are keyed by API, so refresh and prefetch polls of the
  // same API (DCDN) share its rate.
  const pacer = deps.pacer ?? new Pacer(deps.spec, clock)
  while (open().length > 0 && !stop) {
    const now = clock.now()
    if (now >= deadline) break
    await clock.sleep(Math.min(nextPoll, deadline) - now)
    const pollStart = clock.now()
    stop = await pollOnce(open(), deps, pacer, deadline)
    const line = progressLine(tasks)
    // Unchanged progress is repeated once a minute, so a long wait still shows it is alive.
    if (line && (line !== lastLine || clock.now() - lastLogged >= 60_000)) {
      logger.info(line)
      lastLogged = clock.now()
    }
    lastLine = line
    interval = nextInterval(interval, pollStart - start, deps.pollIntervalMs)
    nextPoll = pollStart + interval
  }
  for (const task of open()) {
    if (stop) {
      task.state = 'unknown'
      task.detail = `status not read: ${stop.message}`
    } else {
      task.state = 'incomplete'
      const progress = task.progress === undefined ? '' : ` (last seen ${task.progress}%)`
      task.detail = `not finished when the wait-timeout ran out${progress}`
    }
  }
  return stop
}

/** One round of status calls over the open tasks. Returns a stop on a credentials error. */
async function pollOnce(
  open: readonly WaitTask[],
  deps: WaitDeps,
  pacer: Pacer,
  deadline: number
): Promise<WaitStop | undefined> {
  const { clock, logger } = deps
  for (const op of ['refresh', 'prefetch'] as const) {
    const api = statusApi(deps, op)
    const mine = open.filter(t => t.operation === op)
    if (!api || mine.length === 0) continue
    const uses: WindowUse[] = [
      {
        key: `status:${api.api}`,
        limit: api.requestWindow.requests,
        windowMs: api.requestWindow.windowMs,
        amount: 1
      }
    ]
    // Same key as the submitter's window for that operation (pacer.ts windowUses).
    const shared = api.sharesRateWith && deps.spec[api.sharesRateWith]?.requestsPerMinute
    if (shared) {
      uses.push({
        key: `${api.sharesRateWith}:requests`,
        limit: shared,
        windowMs: MINUTE,
        amount: 1
      })
    }
    const perCall = Math.max(1, api.tasksPerCall)
    for (let i = 0; i < mine.length; i += perCall) {
      const chunk = mine.slice(i, i + perCall)
      const at = pacer.earliest(uses, clock.now())
      // Not in this round's time: the tasks stay open, and the next round (or the end) sees them.
      if (at > deadline) break
      if (at > clock.now()) await clock.sleep(at - clock.now())
      const requests = chunk.map(t => ({
        key: t.key,
        taskId: t.taskId,
        operation: t.operation,
        objectType: t.objectType,
        urls: t.urls,
        submittedAt: t.submittedAt
      }))
      const pace = async (): Promise<void> => {
        const next = pacer.earliest(uses, clock.now())
        if (next > clock.now()) await clock.sleep(next - clock.now())
        pacer.recordUses(uses, clock.now())
      }
      // A retry waits for the window like any further call (the backoff alone may be 0 ms).
      let attempt = 0
      const send = async (): Promise<StatusAnswer[]> => {
        if (attempt++ > 0) await pace()
        return deps.client.taskStatus!(op, requests, pace)
      }
      const result = await sendWithRetries(send, {
        clock,
        random: deps.random ?? Math.random,
        maxRetries: deps.maxRetries,
        deadline,
        backoff: deps.backoff,
        idempotent: true,
        onRetry: (error, attempt, delay) =>
          logger.debug(`${api.api}: ${error.code} on attempt ${attempt}, retrying in ${delay} ms`)
      })
      if (result.ok) {
        pacer.recordUses(uses, clock.now())
        apply(chunk, result.value, clock.now())
        continue
      }
      const { error } = result
      if (error.errorClass === 'auth') {
        return {
          code: error.code,
          message: `${api.api} refused the credentials, so the wait stopped: ${error.code}: ${error.message}`
        }
      }
      if (error.errorClass === 'retryable' || error.errorClass === 'quota') {
        // Throttled or down until now: ask again next round.
        logger.warning(`${api.api} did not answer (${error.code}); asking again at the next poll.`)
        continue
      }
      for (const task of chunk) {
        task.state = 'unknown'
        task.detail = `status could not be read: ${error.code}: ${error.message}`
      }
    }
  }
  return undefined
}

function apply(chunk: readonly WaitTask[], answers: readonly StatusAnswer[], now: number): void {
  const byKey = new Map(answers.map(a => [a.key, a]))
  for (const task of chunk) {
    const answer = byKey.get(task.key)
    if (!answer || answer.state === 'not-found') {
      task.detail = 'not listed by the status API yet'
      continue
    }
    if (answer.urls) {
      // Kept as sent when the provider spells the URLs otherwise (nothing in common).
      const listed = new Set(answer.urls)
      const covered = task.urls.filter(url => listed.has(url))
      if (covered.length > 0) task.urls = covered
    }
    if (answer.progress !== undefined) task.progress = answer.progress
    if (answer.state === 'running') {
      task.detail = undefined
      continue
    }
    task.state = answer.state
    if (answer.state === 'unavailable') {
      task.detail = answer.detail ?? 'accepted, status unavailable'
      continue
    }
    task.finishedAt = now
    if (answer.state === 'complete') task.progress = 100
    task.detail = answer.detail
  }
}

/** "Waiting up to 600 s for 4 refresh tasks …", for the log before the first poll. */
export function waitingLine(
  tasks: readonly WaitTask[],
  deadlineMs: number,
  pollMs: number
): string {
  const running = tasks.filter(t => t.state === 'running').length
  return `Waiting up to ${Math.ceil(deadlineMs / 1000)} s for ${countOf(running, 'task')} to complete, polling every ${pollMs / 1000} s (slower after the first minute).`
}

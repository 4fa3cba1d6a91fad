// Submission with `wait: true`: the refreshes and the prefetches that follow none go first; the
// prefetches of URLs being refreshed go only once those refresh tasks are complete (prefetching
// before then could re-cache the old file); then the run waits for every task it started.
import type { Batch, BatchOutcome } from '../model.js'
import { Pacer } from '../submit/pacer.js'
import { prefetchDependencies } from '../submit/schedule.js'
import { submitBatches, type SubmitDeps } from '../submit/submit.js'
import { countOf } from '../plural.js'
import { tasksOf, waitForTasks, waitingLine, type WaitStop, type WaitTask } from './wait.js'

export interface WaitOptions {
  /** The wait-timeout: every wait of the run together, counted apart from `timeout`. */
  waitTimeoutMs: number
  pollIntervalMs: number
  /**
   * Told the latest time a provider request may run to, when that moves: the wait-timeout while
   * polling, the submission deadline (shifted by the time waited) while submitting.
   */
  setRequestDeadline?: (epochMs: number) => void
  /** The submitter; tests may wrap it. */
  submit?: typeof submitBatches
}

/** What the wait did, for the report (report.completion). */
export interface WaitRecord {
  /** Time spent waiting (polling), in ms: what wait-timeout bounds. */
  waitedMs: number
  timeoutSeconds: number
  pollIntervalSeconds: number
  /** Set when a credentials error ended the wait. */
  stopped?: WaitStop
  tasks: WaitTask[]
}

/**
 * Submits every batch (through submitBatches, in up to two rounds) and waits for the tasks.
 * Returns one outcome per batch, in batch order, and the wait's record. Never throws.
 */
export async function submitAndWait(
  batches: Batch[],
  deps: SubmitDeps,
  options: WaitOptions
): Promise<{ outcomes: BatchOutcome[]; wait: WaitRecord }> {
  const { clock, logger } = deps
  const submit = options.submit ?? submitBatches
  // Shared by both rounds and the polls, so each respects the windows the others used.
  const pacer = deps.pacer ?? new Pacer(deps.spec, clock)
  const waitDeps = { ...deps, pacer, pollIntervalMs: options.pollIntervalMs }
  const after = prefetchDependencies(batches, deps.spec)
  const later = batches.flatMap((b, i) =>
    b.operation === 'prefetch' && after[i]!.length ? [i] : []
  )
  const laterSet = new Set(later)
  const first = batches.flatMap((_, i) => (laterSet.has(i) ? [] : [i]))

  const outcomes: BatchOutcome[] = new Array<BatchOutcome>(batches.length)
  const indexOf = new Map<BatchOutcome, number>()
  const place = (indices: number[], got: BatchOutcome[]): void =>
    got.forEach((o, k) => {
      outcomes[indices[k]!] = o
      indexOf.set(o, indices[k]!)
    })
  place(
    first,
    await submit(
      first.map(i => batches[i]!),
      { ...deps, pacer }
    )
  )
  const tasks = tasksOf(
    first.map(i => outcomes[i]!),
    waitDeps
  )
  let budget = options.waitTimeoutMs
  let waitedMs = 0
  let stopped: WaitStop | undefined
  const waitFor = async (some: readonly WaitTask[]): Promise<void> => {
    if (!some.some(t => t.state === 'running')) return
    logger.info(waitingLine(some, budget, options.pollIntervalMs))
    const start = clock.now()
    options.setRequestDeadline?.(start + budget)
    stopped = await waitForTasks(some, waitDeps, start + budget)
    const spent = clock.now() - start
    waitedMs += spent
    budget = Math.max(0, budget - spent)
    options.setRequestDeadline?.(deps.deadline + waitedMs)
  }

  if (later.length > 0) {
    const needed = new Set(later.flatMap(i => after[i]!))
    const before = tasks.filter(t => needed.has(indexOf.get(t.outcome)!))
    logger.info(
      `${countOf(later.length, 'prefetch request')} of URLs being refreshed wait for ${countOf(before.length, 'refresh task')} to complete.`
    )
    await waitFor(before)
    const go: number[] = []
    for (const i of later) {
      const why = holdReason(
        batches[i]!,
        after[i]!.map(d => outcomes[d]!),
        tasks,
        stopped
      )
      if (why === undefined) go.push(i)
      else {
        outcomes[i] = {
          batch: batches[i]!,
          status: 'skipped',
          reason: 'refresh-incomplete',
          detail: why,
          taskIds: [],
          attempts: 0
        }
      }
    }
    if (go.length > 0) {
      // The wait does not eat into `timeout`: the submission deadline moves by the time waited.
      const second = await submit(
        go.map(i => batches[i]!),
        { ...deps, pacer, deadline: deps.deadline + waitedMs }
      )
      place(go, second)
      tasks.push(...tasksOf(second, waitDeps, tasks.length + 1))
    }
  }
  if (!stopped) await waitFor(tasks)
  else {
    for (const t of tasks) {
      if (t.state !== 'running') continue
      t.state = 'unknown'
      t.detail = `status not read: ${stopped.message}`
    }
  }
  return {
    outcomes,
    wait: {
      waitedMs,
      timeoutSeconds: Math.round(options.waitTimeoutMs / 1000),
      pollIntervalSeconds: Math.round(options.pollIntervalMs / 1000),
      stopped,
      tasks
    }
  }
}

/**
 * Why a prefetch following these refresh requests may not go, or undefined when it may. It waits
 * for the tasks of its own URLs when the status API says which task covers which URLs (DCDN opens
 * one task per host of a request), else for every task of those requests.
 */
function holdReason(
  prefetch: Batch,
  refreshes: readonly BatchOutcome[],
  tasks: readonly WaitTask[],
  stopped: WaitStop | undefined
): string | undefined {
  if (refreshes.some(o => o.status !== 'submitted')) {
    return 'not prefetched: the refresh of these URLs was not accepted, and prefetching now could keep the old file'
  }
  const ofRequests = tasks.filter(t => refreshes.includes(t.outcome))
  const wanted = new Set(prefetch.items.map(item => item.url))
  const ofUrls = ofRequests.filter(t => t.urls.some(url => wanted.has(url)))
  const mine = ofUrls.length > 0 ? ofUrls : ofRequests
  const open = mine.find(t => t.state !== 'complete')
  if (!open && !stopped) return undefined
  const state = open ? `${open.state}${open.detail ? `: ${open.detail}` : ''}` : 'unknown'
  return `not prefetched: the refresh of these URLs did not complete (task ${open?.key ?? '?'} ${state}), and prefetching before it does could re-cache the old file`
}

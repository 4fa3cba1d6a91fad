import type { Batch, BatchOutcome, Operation } from '../model.js'
import type { Logger, ProviderClient, ProviderError, ProviderSpec } from '../providers/provider.js'
import { cleanProviderText } from '../providers/provider-text.js'
import type { Clock } from './clock.js'
import { Pacer, windowUses } from './pacer.js'
import { candidateOrders, chooseOrder, prefetchDependencies, project } from './schedule.js'
import type { ScheduleInput } from './schedule.js'
import { countOf } from '../plural.js'
import { batchSize } from '../batch-log.js'
import { sendWithRetries } from './retry.js'
import type { BackoffPolicy } from './retry.js'

export interface SubmitDeps {
  client: ProviderClient
  spec: ProviderSpec
  clock: Clock
  /** [0, 1); defaults to Math.random. Tests inject a fixed sequence. */
  random?: () => number
  maxRetries: number
  /** Epoch ms: no request starts at or after it. */
  deadline: number
  logger: Logger
  /** Defaults to DEFAULT_BACKOFF (1 s base, 60 s cap, full jitter). */
  backoff?: BackoffPolicy
  /** Rate windows carried over from an earlier call (wait: prefetches sent after their refreshes). */
  pacer?: Pacer
  /**
   * The provider's last answer before submitting was a retryable failure (the quota read timed
   * out): until a request succeeds, what the timeout leaves unsent is failed with it, not skipped.
   */
  providerError?: ProviderError
}

const NOT_SENT_IN_TIME = 'the timeout ran out before this request could be sent'

/**
 * Sends the batches one at a time (one request in flight keeps pacing exact and the log readable),
 * each as soon as its windows allow: a host or resource waiting out its window does not hold back
 * requests that may go now. Every moment, the first batch of the chosen order (plan order, i.e.
 * rule order, unless another order sends as much and ends sooner) whose dependencies are settled
 * and whose windows have room goes; when none can, the run sleeps until the earliest one can. A
 * prefetch never goes before the refreshes of its URLs (see prefetchDependencies).
 *
 * The schedule is projected before the first request and again whenever reality departs from it
 * (a slow answer, a retry, a failure): a batch that cannot start before the deadline is skipped at
 * once, without waiting for it. Returns exactly one outcome per batch, in batch order; nothing
 * throws.
 */
export async function submitBatches(batches: Batch[], deps: SubmitDeps): Promise<BatchOutcome[]> {
  const { clock, deadline, spec } = deps
  const pacer = deps.pacer ?? new Pacer(spec, clock)
  const random = deps.random ?? Math.random
  const input: ScheduleInput = {
    uses: batches.map(batch => windowUses(batch, spec)),
    after: prefetchDependencies(batches, spec)
  }
  const outcomes: (BatchOutcome | undefined)[] = batches.map(() => undefined)
  const settled = (index: number): boolean => outcomes[index] !== undefined
  const pending = new Set(batches.keys())
  // "prefetch 2/3": each request's place among its operation's, for the waiting log.
  const ofOperation = new Map<Operation, number>()
  const place = batches.map(b => {
    const n = (ofOperation.get(b.operation) ?? 0) + 1
    ofOperation.set(b.operation, n)
    return n
  })
  const label = (index: number): string => `batch ${index + 1}/${batches.length}`
  // The last retryable failure since the provider last accepted a request. While it stands, a
  // batch the timeout leaves unsent is a failure (the provider was not answering), not a skip:
  // `skipped` is for what the plan chose not to send while the provider was healthy.
  let unhealthy: ProviderError | undefined = deps.providerError
  const finish = (index: number, outcome: Omit<BatchOutcome, 'batch'>): void => {
    const batch = batches[index]!
    outcomes[index] = { batch, ...outcome }
    pending.delete(index)
    deps.logger.info(describe(label(index), batch, outcome))
  }
  const skip = (index: number, fields: Partial<BatchOutcome> & Pick<BatchOutcome, 'reason'>) => {
    if (fields.reason === 'time-budget' && unhealthy) {
      finish(index, {
        status: 'failed',
        taskIds: [],
        attempts: 0,
        errorCode: unhealthy.code,
        detail: `not sent before the timeout while ${spec.title} kept failing (last: ${unhealthy.code}: ${unhealthy.message})`
      })
      return
    }
    finish(index, { status: 'skipped', taskIds: [], attempts: 0, ...fields })
  }
  /**
   * After a write whose answer was lost, sent at `sentAt`: the task IDs the provider's task list
   * proves it holds for the batch, or a note on why it could not tell. The write itself is never
   * sent again (a list may lag), so an unproven batch stays "may have been accepted".
   */
  const lookUp = async (
    index: number,
    sentAt: number
  ): Promise<{ taskIds: string[] } | { note?: string }> => {
    const { client } = deps
    const find = client.findAccepted
    if (!find) return {}
    if (clock.now() >= deadline)
      return { note: `No time was left to look for it in ${spec.title}'s task list.` }
    const batch = batches[index]!
    const urls = batch.items.map(item => item.url)
    const found = await sendWithRetries(
      () => find.call(client, batch.operation, urls, batch.objectType ?? 'file', sentAt),
      {
        clock,
        random,
        maxRetries: deps.maxRetries,
        deadline,
        backoff: deps.backoff,
        idempotent: true,
        onRetry: (error, attempt, delay) =>
          deps.logger.debug(
            `${label(index)}: task list ${error.code} on attempt ${attempt}, retrying in ${seconds(delay)}`
          )
      }
    )
    if (!found.ok)
      return {
        note: `${spec.title}'s task list could not be read (${found.error.code}: ${found.error.message}).`
      }
    if (!found.value || found.value.length === 0)
      return {
        note: `${spec.title}'s task list did not show it (the list may lag${spec.taskListCaveat ? `; ${spec.taskListCaveat}` : ''}).`
      }
    return { taskIds: found.value.map(cleanProviderText) }
  }
  /** A batch whose lost answer the task list made up for: submitted, saying how it is known. */
  const confirmed = (
    index: number,
    taskIds: string[],
    fields: Pick<BatchOutcome, 'requestId' | 'attempts' | 'submittedAt'>,
    lost: string
  ): void => {
    unhealthy = undefined
    deps.logger.info(
      `${label(index)}: ${lost}; ${spec.title}'s task list shows it was accepted (task ${taskIds.join(',')}), so it was not sent again.`
    )
    finish(index, {
      status: 'submitted',
      taskIds,
      ...fields,
      detail: `${lost}, but ${spec.title}'s task list shows it was accepted; it was not sent again.`
    })
  }
  /** Skips, in plan order, what the projection says cannot start before the deadline. */
  const skipUnreachable = (starts: Map<number, number>): void => {
    const now = clock.now()
    const late = [...starts].filter(([, at]) => at >= deadline).map(([index]) => index)
    for (const index of late.sort((a, b) => a - b)) {
      const at = starts.get(index)!
      const detail =
        at === Infinity
          ? 'the timeout ends before the refresh this prefetch follows can be sent'
          : `the timeout ends before the rate limit allows this request (${seconds(at - now)} away${late.length > 1 ? ' at the earliest' : ''})`
      skip(index, { reason: 'time-budget', detail })
    }
  }
  const skipAll = (fields: Pick<BatchOutcome, 'reason' | 'detail'>): void => {
    for (const index of [...pending].sort((a, b) => a - b)) skip(index, fields)
  }

  const choice = chooseOrder(
    candidateOrders(batches, input),
    input,
    pacer,
    clock.now(),
    deadline,
    settled
  )
  const order = choice.order
  skipUnreachable(choice.starts)
  // Whether the last projection may no longer hold (time passed in a request, a request failed).
  let stale = false

  while (pending.size > 0) {
    const now = clock.now()
    if (now >= deadline) {
      skipAll({ reason: 'time-budget', detail: NOT_SENT_IN_TIME })
      break
    }
    let pick: number | undefined
    let next = Infinity
    let nextIndex: number | undefined
    for (const index of order) {
      if (!pending.has(index) || !input.after[index]!.every(settled)) continue
      const at = pacer.earliest(input.uses[index]!, now)
      if (at <= now) {
        pick = index
        break
      }
      if (at < next) [next, nextIndex] = [at, index]
    }

    if (pick === undefined) {
      if (nextIndex === undefined || next >= deadline) {
        for (const index of [...pending].sort((a, b) => a - b)) {
          const wait = pacer.earliest(input.uses[index]!, now) - now
          skip(index, {
            reason: 'time-budget',
            detail:
              wait > 0
                ? `the timeout ends before the rate limit allows this request (${seconds(wait)} away)`
                : NOT_SENT_IN_TIME
          })
        }
        break
      }
      if (stale) {
        stale = false
        const live = order.filter(index => pending.has(index))
        skipUnreachable(project(input, live, pacer, now, deadline, settled))
        continue
      }
      const batch = batches[nextIndex]!
      const position = `${place[nextIndex]}/${ofOperation.get(batch.operation)}`
      deps.logger.info(
        `${batch.operation} ${position} in ${Math.ceil((next - now) / 1000)} s (${spec.title} rate limit)`
      )
      await clock.sleep(next - now)
      continue
    }

    const index = pick
    const batch = batches[index]!
    const urls = batch.items.map(item => item.url)
    const objectType = batch.objectType ?? 'file'
    const result = await sendWithRetries(
      () => deps.client.submit(batch.operation, urls, objectType),
      {
        clock,
        random,
        maxRetries: deps.maxRetries,
        deadline,
        backoff: deps.backoff,
        onRetry: (error, attempt, delay) =>
          deps.logger.debug(
            `${label(index)}: ${error.code} on attempt ${attempt}, retrying in ${seconds(delay)}`
          )
      }
    )
    if (clock.now() !== now) stale = true
    if (result.ok) {
      pacer.recordUses(input.uses[index]!, clock.now())
      // Provider text, however the client got it: one visible line each.
      const taskIds = result.value.taskIds.map(cleanProviderText)
      const requestId =
        result.value.requestId === undefined ? undefined : cleanProviderText(result.value.requestId)
      if (spec.taskIds && taskIds.length === 0) {
        // A 2xx without a task ID is not a clean success: the provider may or may not hold a task.
        unhealthy = undefined
        stale = true
        const found = await lookUp(index, result.sentAt)
        const { attempts, sentAt } = result
        if ('taskIds' in found) {
          const lost = `${spec.title} answered success without a task ID`
          confirmed(index, found.taskIds, { requestId, attempts, submittedAt: sentAt }, lost)
          continue
        }
        finish(index, {
          status: 'failed',
          taskIds: [],
          errorCode: 'NoTaskId',
          requestId,
          attempts,
          mayHaveBeenAccepted: true,
          detail: `${spec.title} answered success without a task ID. ${mayHaveBeenAccepted(requestId, found.note)}`
        })
        continue
      }
      unhealthy = undefined
      finish(index, {
        status: 'submitted',
        taskIds,
        requestId,
        attempts: result.attempts,
        submittedAt: result.sentAt
      })
      continue
    }

    stale = true
    const { error, attempts } = result
    const failed = { taskIds: [], errorCode: error.code, requestId: error.requestId, attempts }
    if (error.errorClass === 'retryable') unhealthy = error
    if (result.stop === 'maybe-accepted') {
      // The request went out and may count at the provider (rate windows, quota, a task).
      pacer.recordUses(input.uses[index]!, clock.now())
      const found = await lookUp(index, result.sentAt)
      if ('taskIds' in found) {
        const fields = { requestId: error.requestId, attempts, submittedAt: result.sentAt }
        confirmed(index, found.taskIds, fields, error.message.replace(/[.\s]+$/, ''))
        continue
      }
      finish(index, {
        status: 'failed',
        ...failed,
        errorCode: error.code === 'NoTaskId' ? 'NoTaskId' : 'ReplyLost',
        mayHaveBeenAccepted: true,
        detail: `${error.message} ${mayHaveBeenAccepted(error.requestId, found.note)}`
      })
    } else if (result.stop === 'provider-wait') {
      // Not "the timeout ran out": the provider asked for a pause longer than the run has left.
      const left = Math.max(0, deadline - clock.now())
      const detail = `${error.message} (${spec.title} asked to wait ${seconds(error.retryAfterMs ?? 0)} before retrying, longer than the ${seconds(left)} left before the timeout; ${countOf(attempts, 'attempt')})`
      finish(index, { status: 'failed', ...failed, detail })
    } else if (result.stop === 'time-budget') {
      // The provider kept failing until the timeout: a failure, not a skip, so the step goes red
      // (issue 10). Only this request ran out of time; others may still go before the deadline.
      const detail = `${error.message} (the timeout ran out while retrying, after ${countOf(attempts, 'attempt')})`
      finish(index, { status: 'failed', ...failed, detail })
    } else if (error.errorClass === 'quota') {
      finish(index, { status: 'skipped', ...failed, reason: 'quota', detail: error.message })
      const quota = { errorCode: error.code, detail: error.message }
      for (const other of [...pending].sort((a, b) => a - b)) {
        if (batches[other]!.operation === batch.operation)
          skip(other, { reason: 'quota', ...quota })
      }
    } else if (error.errorClass === 'auth') {
      finish(index, { status: 'failed', ...failed, detail: error.message })
      skipAll({
        reason: 'aborted',
        detail: `not sent: ${label(index)} failed with ${error.code} (credentials or permissions)`
      })
    } else {
      const detail =
        result.stop === 'exhausted'
          ? `${error.message} (after ${countOf(attempts, 'attempt')})`
          : error.message
      finish(index, { status: 'failed', ...failed, detail })
    }
  }
  return outcomes.map((outcome, index) => {
    if (outcome) return outcome
    // Unreachable: every batch leaves `pending` with an outcome. Kept so the type holds.
    return {
      batch: batches[index]!,
      status: 'skipped',
      reason: 'time-budget',
      detail: NOT_SENT_IN_TIME,
      taskIds: [],
      attempts: 0
    }
  })
}

/**
 * What a batch whose answer was lost says: it may count at the provider, so it was not resent.
 * `note`: what looking it up in the provider's task list found, when the client can.
 */
function mayHaveBeenAccepted(requestId: string | undefined, note?: string): string {
  const id = requestId === undefined ? '' : ` (request ID ${requestId})`
  const looked = note === undefined ? '' : ` ${note}`
  return `The provider may have accepted this request${id}: it was not sent again, so that the URLs are not submitted twice.${looked} Check the provider's task list before refreshing them again.`
}

function describe(label: string, batch: Batch, outcome: Omit<BatchOutcome, 'batch'>): string {
  const result =
    outcome.status === 'submitted'
      ? `submitted${outcome.taskIds.length > 0 ? `, task ${outcome.taskIds.join(',')}` : ''}`
      : `${outcome.status} (${outcome.reason ?? outcome.errorCode ?? 'error'})${outcome.detail ? `: ${outcome.detail}` : ''}`
  return `${label} ${batch.operation}: ${batchSize(batch)} -> ${result}; ${countOf(outcome.attempts, 'attempt')}`
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`
}

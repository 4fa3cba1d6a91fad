import type { Batch, BatchOutcome, Operation } from '../model.js'
import type { Logger, ProviderClient, ProviderSpec } from '../providers/provider.js'
import type { Clock } from './clock.js'
import { Pacer } from './pacer.js'
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
}

/** Why the batches still to come are not sent. */
interface Stop {
  reason: 'aborted' | 'time-budget'
  detail: string
}

const NOT_SENT_IN_TIME = 'the timeout ran out before this request could be sent'

/**
 * Sends the batches one after another (providers limit per minute; sequential keeps pacing exact
 * and the log readable). Returns exactly one outcome per batch, in batch order; nothing throws.
 */
export async function submitBatches(batches: Batch[], deps: SubmitDeps): Promise<BatchOutcome[]> {
  const pacer = new Pacer(deps.spec, deps.clock)
  const random = deps.random ?? Math.random
  const outcomes: BatchOutcome[] = []
  const quotaStop = new Map<Operation, { errorCode: string; detail: string }>()
  let stop: Stop | undefined
  // "prefetch 2/3": each request's place among its operation's, for the waiting log.
  const ofOperation = new Map<Operation, number>()
  const place = batches.map(b => {
    const n = (ofOperation.get(b.operation) ?? 0) + 1
    ofOperation.set(b.operation, n)
    return n
  })

  for (const [index, batch] of batches.entries()) {
    const label = `batch ${index + 1}/${batches.length}`
    const finish = (outcome: Omit<BatchOutcome, 'batch'>): void => {
      outcomes.push({ batch, ...outcome })
      deps.logger.info(describe(label, batch, outcome))
    }
    if (stop) {
      finish({ status: 'skipped', taskIds: [], attempts: 0, ...stop })
      continue
    }
    const quota = quotaStop.get(batch.operation)
    if (quota) {
      finish({ status: 'skipped', reason: 'quota', taskIds: [], attempts: 0, ...quota })
      continue
    }

    const wait = pacer.delayFor(batch)
    if (deps.clock.now() + wait >= deps.deadline) {
      stop = { reason: 'time-budget', detail: NOT_SENT_IN_TIME }
      const detail =
        wait > 0
          ? `the timeout ends before the rate limit allows this request (${seconds(wait)} away)`
          : NOT_SENT_IN_TIME
      finish({ status: 'skipped', reason: 'time-budget', taskIds: [], attempts: 0, detail })
      continue
    }
    if (wait > 0) {
      const position = `${place[index]}/${ofOperation.get(batch.operation)}`
      deps.logger.info(
        `${batch.operation} ${position} in ${Math.ceil(wait / 1000)} s (${deps.spec.title} rate limit)`
      )
      await deps.clock.sleep(wait)
    }

    const urls = batch.items.map(item => item.url)
    const objectType = batch.objectType ?? 'file'
    const result = await sendWithRetries(
      () => deps.client.submit(batch.operation, urls, objectType),
      {
        clock: deps.clock,
        random,
        maxRetries: deps.maxRetries,
        deadline: deps.deadline,
        backoff: deps.backoff,
        onRetry: (error, attempt, delay) =>
          deps.logger.debug(
            `${label}: ${error.code} on attempt ${attempt}, retrying in ${seconds(delay)}`
          )
      }
    )
    if (result.ok) {
      pacer.record(batch, deps.clock.now())
      finish({
        status: 'submitted',
        taskIds: result.value.taskIds,
        requestId: result.value.requestId,
        attempts: result.attempts,
        submittedAt: result.sentAt
      })
      continue
    }

    const { error, attempts } = result
    const failed = { taskIds: [], errorCode: error.code, requestId: error.requestId, attempts }
    if (result.stop === 'time-budget') {
      stop = { reason: 'time-budget', detail: NOT_SENT_IN_TIME }
      const detail = `the timeout ran out while retrying after ${countOf(attempts, 'attempt')}: ${error.message}`
      finish({ status: 'skipped', ...failed, reason: 'time-budget', detail })
    } else if (error.errorClass === 'quota') {
      quotaStop.set(batch.operation, { errorCode: error.code, detail: error.message })
      finish({ status: 'skipped', ...failed, reason: 'quota', detail: error.message })
    } else if (error.errorClass === 'auth') {
      stop = {
        reason: 'aborted',
        detail: `not sent: ${label} failed with ${error.code} (credentials or permissions)`
      }
      finish({ status: 'failed', ...failed, detail: error.message })
    } else {
      const detail =
        result.stop === 'exhausted'
          ? `${error.message} (after ${countOf(attempts, 'attempt')})`
          : error.message
      finish({ status: 'failed', ...failed, detail })
    }
  }
  return outcomes
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

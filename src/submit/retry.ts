import { ProviderError } from '../providers/provider.js'
import type { Clock } from './clock.js'

export interface BackoffPolicy {
  baseMs: number
  capMs: number
  /** full: random in [0, min(cap, base·2^n)); decorrelated: random in [base, 3·previous], capped. */
  jitter: 'full' | 'decorrelated'
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, jitter: 'full' }

/**
 * The pause before retry number `retry` (1 for the first retry). `previousMs` is the pause before
 * the previous retry (ignored for full jitter; `baseMs` before the first one). `random` returns
 * [0, 1).
 */
export function backoffDelay(
  retry: number,
  previousMs: number,
  policy: BackoffPolicy,
  random: () => number
): number {
  const r = Math.min(Math.max(random(), 0), 1)
  if (policy.jitter === 'decorrelated') {
    const high = Math.max(policy.baseMs, previousMs * 3)
    return Math.floor(Math.min(policy.capMs, policy.baseMs + r * (high - policy.baseMs)))
  }
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1))
  return Math.floor(r * ceiling)
}

export interface RetryOptions {
  clock: Clock
  random: () => number
  /** Retries after the first attempt. */
  maxRetries: number
  /** Epoch ms; no attempt starts at or after it. */
  deadline: number
  backoff?: BackoffPolicy
  /** Called before each pause, e.g. to log the retry. */
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void
  /** A read (status poll): repeating it is harmless, so a lost answer is retried like others. */
  idempotent?: boolean
}

export type RetryResult<T> =
  | { ok: true; value: T; attempts: number; sentAt: number }
  | {
      ok: false
      error: ProviderError
      attempts: number
      /** Epoch ms when the last attempt was sent (a lost answer's write went out then). */
      sentAt: number
      /**
       * not-retryable: the error's class says so; exhausted: maxRetries used; time-budget: the
       * deadline came first; provider-wait: the provider asked to wait (retry-after) past the
       * deadline; maybe-accepted: the request went out and its answer was lost or unusable, so
       * repeating it could submit the same URLs twice.
       */
      stop: 'not-retryable' | 'exhausted' | 'time-budget' | 'provider-wait' | 'maybe-accepted'
    }

/**
 * Sends once, then retries retryable errors with jittered exponential backoff, never sooner than
 * the provider's retry-after and never past the deadline. A request whose answer was lost after
 * it was sent (`mayHaveBeenAccepted`) is never repeated. The caller checks the deadline before
 * the first attempt. Never throws: other exceptions come back as a permanent `InternalError`.
 */
export async function sendWithRetries<T>(
  send: () => Promise<T>,
  options: RetryOptions
): Promise<RetryResult<T>> {
  const policy = options.backoff ?? DEFAULT_BACKOFF
  let previous = policy.baseMs
  for (let attempt = 1; ; attempt++) {
    const sentAt = options.clock.now()
    try {
      return { ok: true, value: await send(), attempts: attempt, sentAt }
    } catch (thrown) {
      const error = asProviderError(thrown)
      if (error.mayHaveBeenAccepted && !options.idempotent)
        return { ok: false, error, attempts: attempt, sentAt, stop: 'maybe-accepted' }
      if (error.errorClass !== 'retryable')
        return { ok: false, error, attempts: attempt, sentAt, stop: 'not-retryable' }
      if (attempt > options.maxRetries)
        return { ok: false, error, attempts: attempt, sentAt, stop: 'exhausted' }
      const backoff = backoffDelay(attempt, previous, policy, options.random)
      previous = backoff
      const delay = Math.max(backoff, error.retryAfterMs ?? 0)
      if (options.clock.now() + delay >= options.deadline) {
        const asked = error.retryAfterMs !== undefined && error.retryAfterMs >= backoff
        return {
          ok: false,
          error,
          attempts: attempt,
          sentAt,
          stop: asked ? 'provider-wait' : 'time-budget'
        }
      }
      options.onRetry?.(error, attempt, delay)
      await options.clock.sleep(delay)
    }
  }
}

/**
 * Wraps anything thrown that is not a ProviderError (a bug, a library error) as a permanent
 * `InternalError`. Query strings are cut from the message: an HTTP library's error may quote a
 * request path whose query holds a signature or key.
 */
export function asProviderError(thrown: unknown): ProviderError {
  if (thrown instanceof ProviderError) return thrown
  const name = thrown instanceof Error ? thrown.name : typeof thrown
  const message = thrown instanceof Error ? thrown.message : String(thrown)
  return new ProviderError({
    code: 'InternalError',
    errorClass: 'permanent',
    message: `unexpected ${name}: ${message.replace(/\?\S*/g, '?…')}`
  })
}

import { describe, expect, it } from '@jest/globals'
import {
  asProviderError,
  backoffDelay,
  DEFAULT_BACKOFF,
  sendWithRetries
} from '../src/submit/retry.js'
import type { BackoffPolicy, RetryOptions } from '../src/submit/retry.js'
import { ProviderError } from '../src/providers/provider.js'
import type { ErrorClass } from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'

const full: BackoffPolicy = { baseMs: 1000, capMs: 60_000, jitter: 'full' }
const decorrelated: BackoffPolicy = { ...full, jitter: 'decorrelated' }
const HOUR = 3_600_000

function fail(errorClass: ErrorClass, code = 'Throttling', retryAfterMs?: number): ProviderError {
  return new ProviderError({
    code,
    message: `${code} happened`,
    errorClass,
    retryAfterMs,
    requestId: 'req-1'
  })
}

/** A send that throws the scripted errors in turn, then returns 'ok'. */
function scripted(...errors: unknown[]): { send: () => Promise<string>; calls: number[] } {
  const calls: number[] = []
  return {
    calls,
    send: async () => {
      calls.push(calls.length)
      const next = errors.shift()
      if (next !== undefined) throw next
      return 'ok'
    }
  }
}

function options(clock: FakeClock, over: Partial<RetryOptions> = {}): RetryOptions {
  return {
    clock,
    random: () => 0.5,
    maxRetries: 5,
    deadline: clock.now() + HOUR,
    backoff: full,
    ...over
  }
}

describe('backoffDelay', () => {
  it('defaults to 1 s base, 60 s cap, full jitter', () => {
    expect(DEFAULT_BACKOFF).toEqual(full)
  })

  it('full jitter doubles the ceiling each retry up to the cap', () => {
    const top = () => 0.999999
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map(n => backoffDelay(n, 0, full, top))
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999])
    expect(backoffDelay(3, 0, full, () => 0.5)).toBe(2000)
    expect(backoffDelay(3, 0, full, () => 0)).toBe(0)
    expect(backoffDelay(5000, 0, full, () => 0.5)).toBe(30_000)
  })

  it('full jitter stays within [0, min(cap, base·2^(n-1))) for any random value', () => {
    for (let retry = 1; retry <= 12; retry++) {
      for (const r of [0, 0.1, 0.37, 0.5, 0.9, 0.999999]) {
        const d = backoffDelay(retry, 0, full, () => r)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThan(Math.min(60_000, 1000 * 2 ** (retry - 1)))
      }
    }
  })

  it('decorrelated jitter lies in [base, 3·previous] and under the cap', () => {
    expect(backoffDelay(1, 1000, decorrelated, () => 0)).toBe(1000)
    expect(backoffDelay(1, 1000, decorrelated, () => 0.999999)).toBe(2999)
    expect(backoffDelay(2, 2999, decorrelated, () => 0.5)).toBe(4998)
    expect(backoffDelay(9, 50_000, decorrelated, () => 0.999999)).toBe(60_000)
    let previous = 1000
    for (let retry = 1; retry < 30; retry++) {
      const d = backoffDelay(retry, previous, decorrelated, () => (retry * 0.618) % 1)
      expect(d).toBeGreaterThanOrEqual(1000)
      expect(d).toBeLessThanOrEqual(Math.min(60_000, previous * 3))
      previous = d
    }
  })

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(backoffDelay(2, 0, full, () => -1)).toBe(0)
    expect(backoffDelay(2, 0, full, () => 7)).toBe(2000)
  })
})

describe('sendWithRetries', () => {
  it('returns the first success with its send time', async () => {
    const clock = new FakeClock()
    const { send } = scripted()
    expect(await sendWithRetries(send, options(clock))).toEqual({
      ok: true,
      value: 'ok',
      attempts: 1,
      sentAt: clock.now()
    })
    expect(clock.sleeps).toEqual([])
  })

  it('retries retryable errors with the backoff sequence', async () => {
    const clock = new FakeClock()
    const { send } = scripted(fail('retryable'), fail('retryable'), fail('retryable'))
    const start = clock.now()
    const result = await sendWithRetries(send, options(clock))
    expect(clock.sleeps).toEqual([500, 1000, 2000])
    expect(result).toEqual({ ok: true, value: 'ok', attempts: 4, sentAt: start + 3500 })
  })

  it('uses decorrelated jitter when asked, each pause from the previous one', async () => {
    const clock = new FakeClock()
    const { send } = scripted(fail('retryable'), fail('retryable'), fail('retryable'))
    await sendWithRetries(send, options(clock, { backoff: decorrelated }))
    // 1000 + 0.5·(3000 − 1000) = 2000, then 1000 + 0.5·(6000 − 1000) = 3500, ...
    expect(clock.sleeps).toEqual([2000, 3500, 5750])
  })

  it('never retries sooner than retry-after, even past the cap', async () => {
    const clock = new FakeClock()
    const { send } = scripted(
      fail('retryable', 'Throttling', 5000),
      fail('retryable', 'Throttling', 90_000),
      fail('retryable', 'Throttling', 100)
    )
    const result = await sendWithRetries(send, options(clock))
    expect(clock.sleeps).toEqual([5000, 90_000, 2000])
    expect(result.ok).toBe(true)
  })

  it('gives up after maxRetries retries with the last error', async () => {
    const clock = new FakeClock()
    const { send, calls } = scripted(
      fail('retryable', 'A'),
      fail('retryable', 'B'),
      fail('retryable', 'C'),
      fail('retryable', 'D')
    )
    const result = await sendWithRetries(send, options(clock, { maxRetries: 2 }))
    expect(calls).toHaveLength(3)
    expect(clock.sleeps).toHaveLength(2)
    expect(result).toMatchObject({ ok: false, attempts: 3, stop: 'exhausted' })
    expect(!result.ok && result.error.code).toBe('C')
  })

  it('sends once when maxRetries is 0', async () => {
    const clock = new FakeClock()
    const { send, calls } = scripted(fail('retryable'))
    const result = await sendWithRetries(send, options(clock, { maxRetries: 0 }))
    expect(calls).toHaveLength(1)
    expect(result).toMatchObject({ ok: false, attempts: 1, stop: 'exhausted' })
  })

  it.each(['permanent', 'auth', 'quota'] as const)('does not retry %s errors', async errorClass => {
    const clock = new FakeClock()
    const { send, calls } = scripted(fail(errorClass, 'X'))
    const result = await sendWithRetries(send, options(clock))
    expect(calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(result).toMatchObject({ ok: false, attempts: 1, stop: 'not-retryable' })
    expect(!result.ok && result.error.errorClass).toBe(errorClass)
  })

  it('stops before a pause that would reach the deadline, without sleeping', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const { send, calls } = scripted(
      fail('retryable', 'A'),
      fail('retryable', 'B'),
      fail('retryable', 'C')
    )
    // Pauses would be 500, 1000, 2000; the deadline leaves room for the first two only.
    const result = await sendWithRetries(send, options(clock, { deadline: clock.now() + 2500 }))
    expect(clock.sleeps).toEqual([500, 1000])
    expect(calls).toHaveLength(3)
    expect(result).toMatchObject({ ok: false, attempts: 3, stop: 'time-budget' })
    expect(!result.ok && result.error.code).toBe('C')
    expect(clock.now()).toBeLessThan(start + 2500)
  })

  it('stops when retry-after points past the deadline, saying the provider asked to wait', async () => {
    const clock = new FakeClock()
    const { send } = scripted(fail('retryable', 'Throttling', 120_000))
    const result = await sendWithRetries(send, options(clock, { deadline: clock.now() + 60_000 }))
    expect(clock.sleeps).toEqual([])
    expect(result).toMatchObject({ ok: false, attempts: 1, stop: 'provider-wait' })
  })

  it('never repeats a request whose answer was lost after it was sent', async () => {
    const clock = new FakeClock()
    const lost = new ProviderError({
      code: 'Timeout',
      errorClass: 'retryable',
      message: 'no answer',
      mayHaveBeenAccepted: true
    })
    const { send, calls } = scripted(lost)
    const result = await sendWithRetries(send, options(clock))
    expect(calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(result).toMatchObject({ ok: false, attempts: 1, stop: 'maybe-accepted' })
  })

  it('repeats a read whose answer was lost: asking again is harmless', async () => {
    const clock = new FakeClock()
    const lost = new ProviderError({
      code: 'NetworkError',
      errorClass: 'retryable',
      message: 'reset after the request was sent',
      mayHaveBeenAccepted: true
    })
    const { send, calls } = scripted(lost)
    const result = await sendWithRetries(send, { ...options(clock), idempotent: true })
    expect(calls).toHaveLength(2)
    expect(result).toMatchObject({ ok: true, value: 'ok', attempts: 2 })
  })

  it('tells onRetry about each pause', async () => {
    const clock = new FakeClock()
    const seen: string[] = []
    const { send } = scripted(fail('retryable', 'A'), fail('retryable', 'B'))
    await sendWithRetries(
      send,
      options(clock, { onRetry: (e, attempt, ms) => seen.push(`${e.code}@${attempt}:${ms}`) })
    )
    expect(seen).toEqual(['A@1:500', 'B@2:1000'])
  })

  it('turns other exceptions into a permanent InternalError and does not retry them', async () => {
    const clock = new FakeClock()
    const { send, calls } = scripted(new TypeError('x is not a function'))
    const result = await sendWithRetries(send, options(clock))
    expect(calls).toHaveLength(1)
    expect(result).toMatchObject({ ok: false, attempts: 1, stop: 'not-retryable' })
    expect(!result.ok && result.error).toMatchObject({
      code: 'InternalError',
      errorClass: 'permanent',
      message: 'unexpected TypeError: x is not a function'
    })
  })
})

describe('asProviderError', () => {
  it('passes ProviderErrors through unchanged', () => {
    const e = fail('auth', 'InvalidAccessKeyId.NotFound')
    expect(asProviderError(e)).toBe(e)
  })

  it('cuts query strings, where signatures and keys travel, out of foreign messages', () => {
    const e = asProviderError(
      new Error(
        'Request timeout: /?AccessKeyId=LTAIabc&Signature=s3cr3t%3D&Action=Refresh then more'
      )
    )
    expect(e.message).toBe('unexpected Error: Request timeout: /?… then more')
    expect(e.message).not.toContain('s3cr3t')
    expect(e.message).not.toContain('LTAIabc')
  })

  it('describes thrown non-errors', () => {
    expect(asProviderError('boom').message).toBe('unexpected string: boom')
    expect(asProviderError(undefined).message).toBe('unexpected undefined: undefined')
  })
})

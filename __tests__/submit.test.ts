import { describe, expect, it } from '@jest/globals'
import { submitBatches } from '../src/submit/submit.js'
import type { SubmitDeps } from '../src/submit/submit.js'
import { makeBatches } from '../src/batches.js'
import { planItems } from '../src/plan.js'
import { applyOutcomes } from '../src/outcomes.js'
import type { Batch, BatchOutcome, Operation, PlanItem, Target } from '../src/model.js'
import { ProviderError } from '../src/providers/provider.js'
import type {
  ErrorClass,
  Logger,
  ProviderClient,
  ProviderSpec,
  SubmitResult
} from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec, gcoreLikeSpec } from './helpers/provider-specs.js'

/** Small requests so a handful of URLs makes several batches. */
const tiny: ProviderSpec = {
  ...dcdnLikeSpec,
  refresh: { perRequest: 2 },
  prefetch: { perRequest: 2 }
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

interface Call {
  operation: Operation
  urls: readonly string[]
  at: number
}

type Script = (call: Call, index: number) => SubmitResult | Promise<SubmitResult>

/** A provider that answers from a script, one call at a time, and remembers every call. */
class FakeClient implements ProviderClient {
  readonly calls: Call[] = []
  private busy = false
  constructor(
    private readonly clock: FakeClock,
    private readonly script: Script = (_call, i) => ({
      taskIds: [`T${i + 1}`],
      requestId: `R${i + 1}`
    })
  ) {}

  async readQuota(): Promise<null> {
    return null
  }

  async submit(operation: Operation, urls: readonly string[]): Promise<SubmitResult> {
    if (this.busy) throw new Error('submit called while another request is in flight')
    this.busy = true
    try {
      const call = { operation, urls: [...urls], at: this.clock.now() }
      this.calls.push(call)
      return await this.script(call, this.calls.length - 1)
    } finally {
      this.busy = false
    }
  }
}

function error(errorClass: ErrorClass, code: string, retryAfterMs?: number): ProviderError {
  return new ProviderError({
    code,
    message: `${code}: provider says no`,
    errorClass,
    retryAfterMs,
    requestId: 'req-e'
  })
}

function recordingLogger(): Logger & { lines: string[]; debugLines: string[] } {
  const lines: string[] = []
  const debugLines: string[] = []
  return {
    lines,
    debugLines,
    debug: m => debugLines.push(m),
    info: m => lines.push(m),
    warning: m => lines.push(`warning: ${m}`)
  }
}

function targets(count: number, host = 'cdn.example.com'): Target[] {
  return Array.from({ length: count }, (_, i) => ({
    url: `https://${host}/f${i}`,
    host,
    sources: [`f${i}`],
    kind: 'modified' as const,
    rule: 0,
    wanted: { refresh: true, prefetch: false }
  }))
}

function batchesFor(spec: ProviderSpec, ts: Target[]): { items: PlanItem[]; batches: Batch[] } {
  const items = planItems(ts, spec, null)
  return { items, batches: makeBatches(items, spec) }
}

function deps(
  clock: FakeClock,
  client: ProviderClient,
  spec: ProviderSpec,
  over: Partial<SubmitDeps> = {}
) {
  const logger = recordingLogger()
  return {
    logger,
    deps: {
      client,
      spec,
      clock,
      random: () => 0,
      maxRetries: 3,
      deadline: clock.now() + HOUR,
      logger,
      ...over
    } satisfies SubmitDeps
  }
}

const summary = (outcomes: BatchOutcome[]) =>
  outcomes.map(o =>
    [o.batch.operation, o.status, o.reason ?? o.errorCode ?? o.taskIds.join(',')].join(' ')
  )

describe('submitBatches', () => {
  it('paces 2,500 URLs of one host at 1,000 a minute: two virtual waits of 60 s', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const client = new FakeClient(clock)
    const { batches } = batchesFor(dcdnLikeSpec, targets(2500))
    const { deps: d, logger } = deps(clock, client, dcdnLikeSpec)
    const outcomes = await submitBatches(batches, d)
    expect(clock.sleeps).toEqual([MINUTE, MINUTE])
    expect(client.calls.map(c => [c.urls.length, c.at - start])).toEqual([
      [1000, 0],
      [1000, MINUTE],
      [500, 2 * MINUTE]
    ])
    expect(outcomes).toEqual([
      {
        batch: batches[0],
        status: 'submitted',
        taskIds: ['T1'],
        requestId: 'R1',
        attempts: 1,
        submittedAt: start
      },
      {
        batch: batches[1],
        status: 'submitted',
        taskIds: ['T2'],
        requestId: 'R2',
        attempts: 1,
        submittedAt: start + MINUTE
      },
      {
        batch: batches[2],
        status: 'submitted',
        taskIds: ['T3'],
        requestId: 'R3',
        attempts: 1,
        submittedAt: start + 2 * MINUTE
      }
    ])
    expect(logger.lines).toEqual([
      'batch 1/3 refresh: 1,000 URLs, host cdn.example.com -> submitted, task T1; 1 attempt',
      'refresh 2/3 in 60 s (Alibaba Cloud DCDN rate limit)',
      'batch 2/3 refresh: 1,000 URLs, host cdn.example.com -> submitted, task T2; 1 attempt',
      'refresh 3/3 in 60 s (Alibaba Cloud DCDN rate limit)',
      'batch 3/3 refresh: 500 URLs, host cdn.example.com -> submitted, task T3; 1 attempt'
    ])
  })

  it('counts the window from the answer, so slow requests do not overrun the rate', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, async (_c, i) => {
      await clock.sleep(2 * SECOND)
      return { taskIds: [`T${i}`] }
    })
    const { batches } = batchesFor(dcdnLikeSpec, targets(2500))
    await submitBatches(batches, deps(clock, client, dcdnLikeSpec).deps)
    expect(clock.sleeps).toEqual([2 * SECOND, MINUTE, 2 * SECOND, MINUTE, 2 * SECOND])
    expect(client.calls[1]!.at - client.calls[0]!.at).toBe(MINUTE + 2 * SECOND)
  })

  it('stops at once, without waiting, when the next paced request would start after the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const client = new FakeClient(clock, () => ({ taskIds: [] }))
    const ts = targets(250).map(t => ({ ...t, wanted: { refresh: false, prefetch: true } }))
    const { batches } = batchesFor(gcoreLikeSpec, ts)
    const { deps: d } = deps(clock, client, gcoreLikeSpec, { deadline: start + 90 * SECOND })
    const outcomes = await submitBatches(batches, d)
    expect(outcomes.map(o => o.reason ?? o.status)).toEqual([
      'submitted',
      'submitted',
      'time-budget'
    ])
    // One wait for the second request; none for the third, whose slot (120 s) is past the deadline.
    expect(clock.sleeps).toEqual([MINUTE])
    expect(clock.now()).toBe(start + MINUTE)
    expect(outcomes[2]?.detail).toMatch(
      /the timeout ends before the rate limit allows this request/
    )
  })

  it('spaces requests a minute apart at 1 request per minute (prefetch only)', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => ({ taskIds: [] }))
    const ts = targets(250).map(t => ({ ...t, wanted: { refresh: false, prefetch: true } }))
    const { batches } = batchesFor(gcoreLikeSpec, ts)
    const { deps: d, logger } = deps(clock, client, gcoreLikeSpec)
    const outcomes = await submitBatches(batches, d)
    expect(batches.map(b => b.items.length)).toEqual([100, 100, 50])
    expect(clock.sleeps).toEqual([MINUTE, MINUTE])
    expect(outcomes.map(o => o.status)).toEqual(['submitted', 'submitted', 'submitted'])
    expect(logger.lines[0]).toBe(
      'batch 1/3 prefetch: 100 URLs, host cdn.example.com -> submitted; 1 attempt'
    )
  })

  it('retries no sooner than retry-after, then succeeds', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 0) throw error('retryable', 'Throttling.User', 5000)
      return { taskIds: ['A', 'B'] }
    })
    const { batches } = batchesFor(dcdnLikeSpec, targets(3))
    const { deps: d, logger } = deps(clock, client, dcdnLikeSpec)
    const [outcome] = await submitBatches(batches, d)
    expect(clock.sleeps).toEqual([5000])
    expect(outcome).toMatchObject({
      status: 'submitted',
      taskIds: ['A', 'B'],
      attempts: 2,
      submittedAt: client.calls[1]!.at
    })
    expect(logger.lines).toEqual([
      'batch 1/1 refresh: 3 URLs, host cdn.example.com -> submitted, task A,B; 2 attempts'
    ])
    expect(logger.debugLines).toEqual(['batch 1/1: Throttling.User on attempt 1, retrying in 5 s'])
  })

  it('fails a batch whose retries run out, with the last code, and goes on', async () => {
    const clock = new FakeClock()
    let n = 0
    const client = new FakeClient(clock, call => {
      if (call.urls.includes('https://cdn.example.com/f0'))
        throw error('retryable', ++n < 3 ? 'Throttling' : 'ServiceUnavailable')
      return { taskIds: ['OK'] }
    })
    const { batches } = batchesFor(tiny, targets(4))
    const { deps: d } = deps(clock, client, tiny, { maxRetries: 2, random: () => 0.5 })
    const outcomes = await submitBatches(batches, d)
    expect(clock.sleeps).toEqual([500, 1000])
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      errorCode: 'ServiceUnavailable',
      detail: 'ServiceUnavailable: provider says no (after 3 attempts)',
      attempts: 3,
      requestId: 'req-e',
      taskIds: []
    })
    expect(outcomes[1]).toMatchObject({ status: 'submitted', taskIds: ['OK'] })
  })

  it('uses the configured backoff policy', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i < 2) throw error('retryable', 'Throttling')
      return { taskIds: [] }
    })
    const { batches } = batchesFor(dcdnLikeSpec, targets(1))
    const backoff = { baseMs: 100, capMs: 150, jitter: 'full' as const }
    await submitBatches(
      batches,
      deps(clock, client, dcdnLikeSpec, { random: () => 0.999, backoff }).deps
    )
    expect(clock.sleeps).toEqual([99, 149])
  })

  it('fails a batch on a permanent error and goes on', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 0) throw error('permanent', 'InvalidObjectPath.Malformed')
      return { taskIds: [`T${i}`] }
    })
    const { batches } = batchesFor(tiny, targets(4))
    const outcomes = await submitBatches(batches, deps(clock, client, tiny).deps)
    expect(summary(outcomes)).toEqual([
      'refresh failed InvalidObjectPath.Malformed',
      'refresh submitted T1'
    ])
    expect(outcomes[0]).toMatchObject({
      detail: 'InvalidObjectPath.Malformed: provider says no',
      attempts: 1
    })
    expect(client.calls).toHaveLength(2)
  })

  it('aborts everything after an authentication error', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 1) throw error('auth', 'InvalidAccessKeyId.NotFound')
      return { taskIds: [`T${i}`] }
    })
    const ts = targets(6).map(t => ({ ...t, wanted: { refresh: true, prefetch: true } }))
    const { batches } = batchesFor(tiny, ts)
    const { deps: d, logger } = deps(clock, client, tiny)
    const outcomes = await submitBatches(batches, d)
    expect(summary(outcomes)).toEqual([
      'refresh submitted T0',
      'refresh failed InvalidAccessKeyId.NotFound',
      'refresh skipped aborted',
      'prefetch skipped aborted',
      'prefetch skipped aborted',
      'prefetch skipped aborted'
    ])
    expect(outcomes[2]).toMatchObject({
      attempts: 0,
      taskIds: [],
      detail:
        'not sent: batch 2/6 failed with InvalidAccessKeyId.NotFound (credentials or permissions)'
    })
    expect(outcomes[2]?.errorCode).toBeUndefined()
    expect(client.calls).toHaveLength(2)
    expect(logger.lines).toHaveLength(6)
  })

  it('stops one operation on a quota error while the other goes on', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (call, i) => {
      if (call.operation === 'refresh' && i === 1) throw error('quota', 'QuotaExceeded.Refresh')
      return { taskIds: [`T${i}`] }
    })
    const ts = targets(6).map(t => ({ ...t, wanted: { refresh: true, prefetch: true } }))
    const { batches } = batchesFor(tiny, ts)
    const outcomes = await submitBatches(batches, deps(clock, client, tiny).deps)
    expect(summary(outcomes)).toEqual([
      'refresh submitted T0',
      'refresh skipped quota',
      'refresh skipped quota',
      'prefetch submitted T2',
      'prefetch submitted T3',
      'prefetch submitted T4'
    ])
    for (const o of outcomes.slice(1, 3)) {
      expect(o).toMatchObject({
        errorCode: 'QuotaExceeded.Refresh',
        detail: 'QuotaExceeded.Refresh: provider says no'
      })
    }
    expect(outcomes[1]?.attempts).toBe(1)
    expect(outcomes[2]?.attempts).toBe(0)
    expect(client.calls.map(c => c.operation)).toEqual([
      'refresh',
      'refresh',
      'prefetch',
      'prefetch',
      'prefetch'
    ])
  })

  it('skips at once, for the time budget, the batches the rate limit cannot start before the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const client = new FakeClient(clock)
    const ts = [...targets(2500), ...targets(3, 'img.example.com')]
    const { batches } = batchesFor(dcdnLikeSpec, ts)
    const { deps: d, logger } = deps(clock, client, dcdnLikeSpec, { deadline: start + 30 * SECOND })
    const outcomes = await submitBatches(batches, d)
    expect(clock.sleeps).toEqual([])
    expect(summary(outcomes)).toEqual([
      'refresh submitted T1',
      'refresh skipped time-budget',
      'refresh skipped time-budget'
    ])
    // Both wait for cdn.example.com's window; the projection knows before anything is sent.
    for (const o of outcomes.slice(1)) {
      expect(o).toMatchObject({
        attempts: 0,
        detail:
          'the timeout ends before the rate limit allows this request (60 s away at the earliest)'
      })
    }
    expect(outcomes.flatMap(o => o.batch.items).length).toBe(2503)
    expect(logger.lines).toEqual([
      'batch 2/3 refresh: 1,000 URLs, host cdn.example.com -> skipped (time-budget): the timeout ends before the rate limit allows this request (60 s away at the earliest); 0 attempts',
      'batch 3/3 refresh: 503 URLs, host cdn.example.com -> skipped (time-budget): the timeout ends before the rate limit allows this request (60 s away at the earliest); 0 attempts',
      'batch 1/3 refresh: 1,000 URLs, hosts cdn.example.com, img.example.com -> submitted, task T1; 1 attempt'
    ])
  })

  it('skips everything when the deadline has already passed', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock)
    const { batches } = batchesFor(tiny, targets(5))
    const outcomes = await submitBatches(
      batches,
      deps(clock, client, tiny, { deadline: clock.now() }).deps
    )
    expect(outcomes.map(o => o.reason)).toEqual(['time-budget', 'time-budget', 'time-budget'])
    expect(client.calls).toHaveLength(0)
  })

  it('fails, with the last error, a request the provider kept failing until the deadline', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 0) return { taskIds: ['T0'] }
      throw error('retryable', i < 3 ? 'Throttling' : 'ServiceUnavailable')
    })
    const { batches } = batchesFor(tiny, targets(6))
    const { deps: d } = deps(clock, client, tiny, {
      random: () => 0.5,
      maxRetries: 10,
      deadline: clock.now() + 2 * SECOND
    })
    const outcomes = await submitBatches(batches, d)
    // Pauses 500 and 1000 fit before the deadline; the next (2000) does not.
    expect(clock.sleeps).toEqual([500, 1000])
    expect(summary(outcomes)).toEqual([
      'refresh submitted T0',
      'refresh failed ServiceUnavailable',
      'refresh failed ServiceUnavailable'
    ])
    // The provider never acted on them: failed (the step goes red), not skipped for time.
    expect(outcomes[1]).toMatchObject({
      status: 'failed',
      errorCode: 'ServiceUnavailable',
      attempts: 3,
      detail:
        'ServiceUnavailable: provider says no (the timeout ran out while retrying, after 3 attempts)'
    })
    expect(outcomes[1]?.reason).toBeUndefined()
    // Only the retried request ran out of time: the next one still went (at 1.5 s, before the
    // deadline) and had no time left for a retry either.
    expect(outcomes[2]).toMatchObject({
      status: 'failed',
      attempts: 1,
      errorCode: 'ServiceUnavailable',
      detail:
        'ServiceUnavailable: provider says no (the timeout ran out while retrying, after 1 attempt)'
    })
    expect(client.calls.map(c => c.at - client.calls[0]!.at)).toEqual([0, 0, 500, 1500, 1500])
    expect(clock.now()).toBeLessThan(d.deadline)
  })

  it('records an unexpected exception as an InternalError failure and goes on', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 0) throw new RangeError('Request timeout: /?Signature=abc123')
      return { taskIds: ['T1'] }
    })
    const { batches } = batchesFor(tiny, targets(4))
    const { deps: d, logger } = deps(clock, client, tiny)
    const outcomes = await submitBatches(batches, d)
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      errorCode: 'InternalError',
      detail: 'unexpected RangeError: Request timeout: /?…',
      attempts: 1
    })
    expect(outcomes[1]?.status).toBe('submitted')
    expect(logger.lines.join('\n')).not.toContain('abc123')
  })

  it('gives every batch exactly one outcome, in order, whatever happens (seeded mix)', async () => {
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const classes: (ErrorClass | 'ok' | 'crash')[] = [
      'ok',
      'ok',
      'ok',
      'retryable',
      'permanent',
      'quota',
      'crash'
    ]
    for (let run = 0; run < 40; run++) {
      const clock = new FakeClock()
      const client = new FakeClient(clock, call => {
        const pick = classes[Math.floor(random() * classes.length)]!
        if (pick === 'ok') return { taskIds: [`${call.operation}-${call.at}`] }
        if (pick === 'crash') throw new Error('bug')
        throw error(pick, `E-${pick}`, random() < 0.3 ? 10 * SECOND : undefined)
      })
      const ts = targets(1 + Math.floor(random() * 40)).map(t => ({
        ...t,
        wanted: { refresh: random() < 0.8, prefetch: random() < 0.5 }
      }))
      const spec =
        random() < 0.5 ? tiny : { ...tiny, refresh: { perRequest: 3, requestsPerMinute: 2 } }
      const { batches } = batchesFor(spec, ts)
      const { deps: d, logger } = deps(clock, client, spec, {
        random,
        maxRetries: 2,
        deadline: clock.now() + Math.floor(random() * 5) * MINUTE
      })
      const outcomes = await submitBatches(batches, d)
      expect(outcomes).toHaveLength(batches.length)
      outcomes.forEach((o, i) => expect(o.batch).toBe(batches[i]))
      expect(logger.lines.filter(l => l.startsWith('batch '))).toHaveLength(batches.length)
      const sent = outcomes.reduce((sum, o) => sum + o.attempts, 0)
      expect(client.calls).toHaveLength(sent)
      expect(client.calls.every(c => c.at < d.deadline)).toBe(true)
      for (const o of outcomes) {
        if (o.status === 'submitted') expect(o.taskIds.length).toBeGreaterThan(0)
        if (o.status === 'skipped') expect(o.reason).toBeDefined()
        if (o.status === 'failed') expect(o.errorCode).toBeDefined()
      }
    }
  })
})

describe('applyOutcomes', () => {
  it('gives every batched item its outcome and leaves the rest of the plan alone', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_c, i) => {
      if (i === 1) throw error('permanent', 'InvalidObjectPath.Malformed')
      if (i === 2) throw error('auth', 'Forbidden.RAM')
      return { taskIds: ['111', '222'] }
    })
    const ts = targets(7)
    // Skipped while planning (tiny cannot refresh directories): in no batch.
    ts[6] = { ...ts[6]!, url: 'https://cdn.example.com/d/', objectType: 'directory' }
    const { items, batches } = batchesFor(tiny, ts)
    const before = structuredClone(items)
    const outcomes = await submitBatches(batches, deps(clock, client, tiny).deps)
    const applied = applyOutcomes(items, outcomes)

    expect(items).toEqual(before)
    expect(applied).toHaveLength(items.length)
    const refresh = applied.filter(i => i.operation === 'refresh')
    expect(refresh.map(i => [i.status, i.reason ?? i.errorCode ?? i.taskId])).toEqual([
      ['submitted', '111,222'],
      ['submitted', '111,222'],
      ['failed', 'InvalidObjectPath.Malformed'],
      ['failed', 'InvalidObjectPath.Malformed'],
      ['failed', 'Forbidden.RAM'],
      ['failed', 'Forbidden.RAM'],
      ['skipped', 'unsupported']
    ])
    expect(refresh[2]).toMatchObject({ detail: 'InvalidObjectPath.Malformed: provider says no' })
    expect(refresh[0]?.detail).toBeUndefined()
    expect(refresh[6]).toBe(items[6])
    // Prefetch was not wanted: untouched plan items.
    expect(applied.filter(i => i.operation === 'prefetch')).toEqual(
      items.filter(i => i.operation === 'prefetch')
    )
  })

  it('carries skip reasons and leaves out task IDs when there are none', () => {
    const item: PlanItem = {
      url: 'https://a/x',
      host: 'a',
      operation: 'refresh',
      rule: 0,
      sources: [],
      status: 'planned'
    }
    const batch: Batch = { operation: 'refresh', items: [item], hosts: ['a'] }
    const [skipped] = applyOutcomes(
      [item],
      [
        {
          batch,
          status: 'skipped',
          reason: 'quota',
          errorCode: 'QuotaExceeded.Refresh',
          detail: 'no more today',
          taskIds: [],
          attempts: 1
        }
      ]
    )
    expect(skipped).toEqual({
      ...item,
      status: 'skipped',
      reason: 'quota',
      errorCode: 'QuotaExceeded.Refresh',
      detail: 'no more today'
    })
    const [submitted] = applyOutcomes(
      [item],
      [{ batch, status: 'submitted', taskIds: [], attempts: 1 }]
    )
    expect(submitted).toEqual({ ...item, status: 'submitted' })
  })
})

describe('submitBatches: answers that do not settle a write (issue 10)', () => {
  it('a success without a task ID is failed NoTaskId, may have been accepted, not resent', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => ({ taskIds: [], requestId: 'R\n::error::x' }))
    const { batches } = batchesFor(tiny, targets(2))
    const [outcome] = await submitBatches(batches, deps(clock, client, tiny).deps)
    expect(client.calls).toHaveLength(1)
    expect(outcome).toMatchObject({
      status: 'failed',
      errorCode: 'NoTaskId',
      mayHaveBeenAccepted: true
    })
    expect(outcome!.requestId).toBe('R\\n::error::x')
    expect(outcome!.detail).toContain('may have accepted this request (request ID R\\n::error::x)')
  })

  it('a reply lost after sending is failed ReplyLost, counted in the windows, and others go on', async () => {
    const clock = new FakeClock()
    const lost = new ProviderError({
      code: 'Timeout',
      errorClass: 'retryable',
      message: 'No complete response after the request was sent.',
      requestId: 'req-l',
      mayHaveBeenAccepted: true
    })
    const client = new FakeClient(clock, (_call, i) => {
      if (i === 0) throw lost
      return { taskIds: [`T${i + 1}`] }
    })
    const { batches } = batchesFor(tiny, targets(4))
    const outcomes = await submitBatches(batches, deps(clock, client, tiny).deps)
    expect(client.calls).toHaveLength(2)
    expect(summary(outcomes)).toEqual(['refresh failed ReplyLost', 'refresh submitted T2'])
    expect(outcomes[0]).toMatchObject({
      attempts: 1,
      mayHaveBeenAccepted: true,
      requestId: 'req-l'
    })
  })

  it('names a retry-after past the deadline as the provider asking to wait', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => {
      throw error('retryable', 'Throttling', 999_999_000)
    })
    const { batches } = batchesFor(tiny, targets(2))
    const [outcome] = await submitBatches(
      batches,
      deps(clock, client, tiny, { deadline: clock.now() + 600 * SECOND }).deps
    )
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 'Throttling' })
    expect(outcome!.detail).toMatch(
      /asked to wait 999999 s before retrying, longer than the 600 s left/
    )
  })

  it('fails, not skips, what the timeout leaves unsent while the provider is not answering', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock)
    const { batches } = batchesFor(tiny, targets(4))
    const down = error('retryable', 'Timeout')
    const late = { deadline: clock.now(), providerError: down }
    const outcomes = await submitBatches(batches, deps(clock, client, tiny, late).deps)
    expect(client.calls).toHaveLength(0)
    expect(summary(outcomes)).toEqual(['refresh failed Timeout', 'refresh failed Timeout'])
    // A healthy provider's run out of time is still a skip.
    const healthy = await submitBatches(
      batchesFor(tiny, targets(2)).batches,
      deps(clock, client, tiny, { deadline: clock.now() }).deps
    )
    expect(summary(healthy)).toEqual(['refresh skipped time-budget'])
  })
})

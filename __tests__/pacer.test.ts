import { describe, expect, it } from '@jest/globals'
import { Pacer, windowUses } from '../src/submit/pacer.js'
import type { Batch, Operation } from '../src/model.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec, gcoreLikeSpec } from './helpers/provider-specs.js'

/** A batch with `count` URLs per host. */
function batch(operation: Operation, perHost: Record<string, number>): Batch {
  const items = Object.entries(perHost).flatMap(([host, count]) =>
    Array.from({ length: count }, (_, i) => ({
      url: `https://${host}/${i}`,
      host,
      operation,
      rule: 0,
      sources: [],
      status: 'planned' as const
    }))
  )
  return { operation, items, hosts: Object.keys(perHost) }
}

const SECOND = 1000
const MINUTE = 60 * SECOND

describe('windowUses', () => {
  it('counts URLs per host for a per-host limit', () => {
    expect(windowUses(batch('refresh', { 'a.com': 3, 'b.com': 1 }), dcdnLikeSpec)).toEqual([
      { key: 'refresh:host:a.com', limit: 1000, windowMs: MINUTE, amount: 3 },
      { key: 'refresh:host:b.com', limit: 1000, windowMs: MINUTE, amount: 1 }
    ])
  })

  it('counts one request for a request limit, per operation', () => {
    expect(windowUses(batch('prefetch', { 'a.com': 5 }), gcoreLikeSpec)).toEqual([
      { key: 'prefetch:requests', limit: 1, windowMs: MINUTE, amount: 1 }
    ])
  })

  it('uses a window of any length an account states instead of the per-minute rate', () => {
    const spec = {
      ...gcoreLikeSpec,
      prefetch: { ...gcoreLikeSpec.prefetch!, requestWindow: { requests: 1, windowMs: 2 * SECOND } }
    }
    expect(windowUses(batch('prefetch', { 'a.com': 5 }), spec)).toEqual([
      { key: 'prefetch:requests', limit: 1, windowMs: 2 * SECOND, amount: 1 }
    ])
    const clock = new FakeClock()
    const pacer = new Pacer(spec, clock)
    pacer.record(batch('prefetch', { 'a.com': 1 }), clock.now())
    expect(pacer.delayFor(batch('prefetch', { 'a.com': 1 }))).toBe(2 * SECOND)
  })

  it('has nothing to count when the spec sets no rate, or lacks the operation', () => {
    expect(windowUses(batch('prefetch', { 'a.com': 5 }), dcdnLikeSpec)).toEqual([])
    expect(
      windowUses(batch('refresh', { 'a.com': 5 }), { ...dcdnLikeSpec, refresh: undefined })
    ).toEqual([])
  })
})

describe('Pacer', () => {
  it('lets 2,500 URLs of one host through at 1,000 a minute: two waits of 60 s', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(dcdnLikeSpec, clock)
    const sent: number[] = []
    for (const size of [1000, 1000, 500]) {
      const b = batch('refresh', { 'cdn.example.com': size })
      await clock.sleep(pacer.delayFor(b))
      sent.push(clock.now())
      pacer.record(b, clock.now())
    }
    expect(clock.sleeps).toEqual([0, MINUTE, MINUTE])
    expect(sent[2]! - sent[0]!).toBe(2 * MINUTE)
  })

  it('spaces requests a minute apart at 1 request per minute', async () => {
    const clock = new FakeClock()
    const pacer = new Pacer(gcoreLikeSpec, clock)
    const b = batch('prefetch', { 'a.com': 1 })
    for (let i = 0; i < 3; i++) {
      await clock.sleep(pacer.delayFor(b))
      pacer.record(b, clock.now())
    }
    expect(clock.sleeps).toEqual([0, MINUTE, MINUTE])
  })

  it('allows two requests at once at 2 per minute, then waits for the oldest to leave', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(gcoreLikeSpec, clock)
    const b = batch('refresh', { 'a.com': 1 })
    const t0 = clock.now()
    pacer.record(b, t0)
    clock.advance(10 * SECOND)
    expect(pacer.delayFor(b)).toBe(0)
    pacer.record(b, clock.now())
    clock.advance(5 * SECOND)
    expect(pacer.delayFor(b)).toBe(45 * SECOND)
    clock.advance(45 * SECOND)
    expect(pacer.delayFor(b)).toBe(0)
  })

  it('waits only until enough of the window has expired', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(dcdnLikeSpec, clock)
    const t0 = clock.now()
    pacer.record(batch('refresh', { 'a.com': 600 }), t0)
    pacer.record(batch('refresh', { 'a.com': 300 }), t0 + 10 * SECOND)
    clock.advance(20 * SECOND)
    expect(pacer.delayFor(batch('refresh', { 'a.com': 100 }))).toBe(0)
    // 500 needs the 600 gone (at t0 + 60 s), not the 300 as well.
    expect(pacer.delayFor(batch('refresh', { 'a.com': 500 }))).toBe(40 * SECOND)
    expect(pacer.delayFor(batch('refresh', { 'a.com': 800 }))).toBe(50 * SECOND)
  })

  it('keeps hosts and operations apart, and waits for the busiest host of a batch', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(dcdnLikeSpec, clock)
    pacer.record(batch('refresh', { 'a.com': 1000 }), clock.now())
    clock.advance(30 * SECOND)
    pacer.record(batch('refresh', { 'b.com': 1000 }), clock.now())
    expect(pacer.delayFor(batch('refresh', { 'c.com': 1000 }))).toBe(0)
    expect(pacer.delayFor(batch('refresh', { 'a.com': 1, 'c.com': 5 }))).toBe(30 * SECOND)
    expect(pacer.delayFor(batch('refresh', { 'a.com': 1, 'b.com': 1 }))).toBe(MINUTE)
    const both = new Pacer(gcoreLikeSpec, clock)
    both.record(batch('prefetch', { 'a.com': 1 }), clock.now())
    expect(both.delayFor(batch('refresh', { 'a.com': 1 }))).toBe(0)
    expect(both.delayFor(batch('prefetch', { 'a.com': 1 }))).toBe(MINUTE)
  })

  it('sends a batch larger than the whole limit once the window is empty, not never', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(dcdnLikeSpec, clock)
    const huge = batch('refresh', { 'a.com': 1500 })
    expect(pacer.delayFor(huge)).toBe(0)
    pacer.record(batch('refresh', { 'a.com': 10 }), clock.now())
    expect(pacer.delayFor(huge)).toBe(MINUTE)
  })

  it('accepts records out of time order', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(gcoreLikeSpec, clock)
    const b = batch('refresh', { 'a.com': 1 })
    const t0 = clock.now()
    pacer.record(b, t0 + 20 * SECOND)
    pacer.record(b, t0)
    clock.advance(20 * SECOND)
    // The older record (t0) leaves first, at t0 + 60 s.
    expect(pacer.delayFor(b)).toBe(40 * SECOND)
  })

  it('never waits when the spec has no rate limits', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(dcdnLikeSpec, clock)
    const b = batch('prefetch', { 'a.com': 100 })
    for (let i = 0; i < 50; i++) pacer.record(b, clock.now())
    expect(pacer.delayFor(b)).toBe(0)
  })
})

describe('Pacer projection helpers', () => {
  it('answers for any moment and clones independent windows', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(gcoreLikeSpec, clock)
    const b = batch('prefetch', { 'a.com': 1 })
    const uses = windowUses(b, gcoreLikeSpec)
    const t0 = clock.now()
    pacer.recordUses(uses, t0)
    const copy = pacer.clone()
    copy.recordUses(uses, t0 + MINUTE)
    expect(pacer.earliest(uses, t0 + 30 * SECOND)).toBe(t0 + MINUTE)
    expect(copy.earliest(uses, t0 + MINUTE)).toBe(t0 + 2 * MINUTE)
    // The original did not see the copy's record.
    expect(pacer.earliest(uses, t0 + MINUTE)).toBe(t0 + MINUTE)
  })
})

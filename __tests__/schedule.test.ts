import { describe, expect, it } from '@jest/globals'
import { submitBatches } from '../src/submit/submit.js'
import { prefetchDependencies } from '../src/submit/schedule.js'
import { windowUses } from '../src/submit/pacer.js'
import { makeBatches } from '../src/batches.js'
import { planItems } from '../src/plan.js'
import type { Batch, ObjectType, Operation, Target } from '../src/model.js'
import type { Logger, ProviderClient, ProviderSpec } from '../src/providers/provider.js'
import { minimumWaitMs, pacingBench } from '../scripts/bench-pacing.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec, edgeRoutineLikeSpec, gcoreLikeSpec } from './helpers/provider-specs.js'

const SECOND = 1000
const MINUTE = 60 * SECOND

interface Call {
  operation: Operation
  urls: readonly string[]
  at: number
}

/** Accepts every request at once. */
class InstantClient implements ProviderClient {
  readonly calls: Call[] = []
  constructor(private readonly clock: FakeClock) {}
  async readQuota(): Promise<null> {
    return null
  }
  async submit(operation: Operation, urls: readonly string[]) {
    this.calls.push({ operation, urls: [...urls], at: this.clock.now() })
    return { taskIds: [`T${this.calls.length}`] }
  }
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, debug() {}, info: m => lines.push(m), warning: m => lines.push(m) }
}

function target(
  url: string,
  rule: number,
  wanted: Partial<Record<Operation, boolean>> = {},
  objectType?: ObjectType
): Target {
  return {
    url,
    host: new URL(url).host,
    sources: [],
    kind: 'modified',
    rule,
    wanted: { refresh: true, prefetch: false, ...wanted },
    ...(objectType && { objectType })
  }
}

const many = (n: number, host: string, rule: number, wanted = {}, dir = 'f'): Target[] =>
  Array.from({ length: n }, (_, i) => target(`https://${host}/${dir}/${i}`, rule, wanted))

function batchesOf(spec: ProviderSpec, targets: Target[]): Batch[] {
  return makeBatches(planItems(targets, spec, null), spec)
}

async function run(spec: ProviderSpec, batches: Batch[], deadlineIn = 24 * 60 * MINUTE) {
  const clock = new FakeClock()
  const start = clock.now()
  const client = new InstantClient(clock)
  const log = logger()
  const outcomes = await submitBatches(batches, {
    client,
    spec,
    clock,
    random: () => 0,
    maxRetries: 0,
    deadline: start + deadlineIn,
    logger: log
  })
  const waited = clock.sleeps.reduce((a, b) => a + b, 0)
  return { clock, start, client, log, outcomes, waited }
}

/** Each prefetch call came after every refresh call covering one of its URLs. */
function expectPrefetchAfterRefresh(batches: Batch[], calls: Call[], spec: ProviderSpec): void {
  const callOf = (b: Batch): number =>
    calls.findIndex(c => c.operation === b.operation && c.urls[0] === b.items[0]!.url)
  prefetchDependencies(batches, spec).forEach((before, index) => {
    const at = callOf(batches[index]!)
    if (at < 0) return
    for (const b of before) {
      const refreshAt = callOf(batches[b]!)
      expect(refreshAt).toBeGreaterThanOrEqual(0)
      expect(refreshAt).toBeLessThan(at)
    }
  })
}

describe('scheduling: send whatever may go now', () => {
  it('(a) sends the other host at once while one host waits out its per-host window', async () => {
    const ts = [...many(2500, 'cdn.example.com', 0), ...many(800, 'img.example.com', 1)]
    const batches = batchesOf(edgeRoutineLikeSpec, ts)
    expect(batches.map(b => `${b.hosts.join()} ${b.items.length}`)).toEqual([
      'cdn.example.com 1000',
      'cdn.example.com 1000',
      'cdn.example.com 500',
      'img.example.com 800'
    ])
    const { client, start, outcomes, waited, log } = await run(edgeRoutineLikeSpec, batches)
    expect(client.calls.map(c => [c.urls[0]!.split('/')[2], c.at - start])).toEqual([
      ['cdn.example.com', 0],
      ['img.example.com', 0],
      ['cdn.example.com', MINUTE],
      ['cdn.example.com', 2 * MINUTE]
    ])
    expect(waited).toBe(2 * MINUTE)
    expect(waited).toBe(minimumWaitMs(batches, edgeRoutineLikeSpec))
    // One outcome per batch, in batch order, whatever the sending order.
    outcomes.forEach((o, i) => expect(o.batch).toBe(batches[i]))
    expect(outcomes.map(o => o.submittedAt! - start)).toEqual([0, MINUTE, 2 * MINUTE, 0])
    expect(log.lines).toEqual([
      'batch 1/4 refresh: 1,000 URLs, host cdn.example.com -> submitted, task T1; 1 attempt',
      'batch 4/4 refresh: 800 URLs, host img.example.com -> submitted, task T2; 1 attempt',
      'refresh 2/4 in 60 s (Alibaba Edge Routine rate limit)',
      'batch 2/4 refresh: 1,000 URLs, host cdn.example.com -> submitted, task T3; 1 attempt',
      'refresh 3/4 in 60 s (Alibaba Edge Routine rate limit)',
      'batch 3/4 refresh: 500 URLs, host cdn.example.com -> submitted, task T4; 1 attempt'
    ])
  })

  it('(a) with DCDN-like multi-host requests, only requests holding the saturated host wait', async () => {
    const ts = [
      ...many(3000, 'a.example.com', 0),
      ...Array.from({ length: 12 }, (_, h) => many(300, `h${h}.example.com`, 1)).flat()
    ]
    const batches = batchesOf(dcdnLikeSpec, ts)
    const { waited, client, start } = await run(dcdnLikeSpec, batches)
    expect(waited).toBe(minimumWaitMs(batches, dcdnLikeSpec))
    expect(waited).toBe(2 * MINUTE)
    // Every request without a.example.com went in the first minute.
    for (const call of client.calls) {
      if (!call.urls.some(u => u.includes('//a.example.com/'))) expect(call.at).toBe(start)
    }
  })

  it('(b) interleaves refresh (2/min) and prefetch (1/min) so the wait is the minimum', async () => {
    // Rule 0: pages, refresh only (6 requests). Rule 1: videos, refresh and prefetch (3 + 3).
    const ts = [
      ...many(600, 'cdn.example.com', 0),
      ...many(300, 'cdn.example.com', 1, { prefetch: true }, 'v')
    ]
    const batches = batchesOf(gcoreLikeSpec, ts)
    expect(batches.map(b => b.operation)).toEqual([
      ...Array(9).fill('refresh'),
      ...Array(3).fill('prefetch')
    ])
    const { waited, client, start, outcomes } = await run(gcoreLikeSpec, batches)
    // Refresh needs 5 windows (9 requests at 2 a minute): 4 minutes of waiting, no more. Sent in
    // plan order, the video refreshes would go at 3 and 4 minutes and the last prefetch at 5.
    expect(waited).toBe(4 * MINUTE)
    expect(minimumWaitMs(batches, gcoreLikeSpec)).toBe(4 * MINUTE)
    const prefetchAt = client.calls.filter(c => c.operation === 'prefetch').map(c => c.at - start)
    expect(prefetchAt).toEqual([0, MINUTE, 2 * MINUTE])
    expect(outcomes.every(o => o.status === 'submitted')).toBe(true)
    expectPrefetchAfterRefresh(batches, client.calls, gcoreLikeSpec)
  })

  it('(c) never sends a prefetch before the refresh of its URL, its directory or its query-less URL', async () => {
    const spec: ProviderSpec = {
      ...gcoreLikeSpec,
      refresh: {
        perRequest: 3,
        requestsPerMinute: 2,
        objectTypes: {
          directory: { perRequest: 2, requestsPerMinute: 1 },
          'ignore-params': { perRequest: 2 }
        }
      },
      prefetch: { perRequest: 3 }
    }
    const ts = [
      ...many(7, 'a.example.com', 0),
      target('https://a.example.com/docs/', 1, {}, 'directory'),
      target('https://a.example.com/img/', 1, {}, 'directory'),
      target('https://a.example.com/q', 1, {}, 'ignore-params'),
      target('https://a.example.com/docs/x/1.html', 2, { refresh: false, prefetch: true }),
      target('https://a.example.com/q?v=2', 2, { refresh: false, prefetch: true }),
      target('https://a.example.com/img/p.png', 2, { refresh: false, prefetch: true }),
      ...many(4, 'a.example.com', 3, { prefetch: true }, 'f')
    ]
    const batches = batchesOf(spec, ts)
    const after = prefetchDependencies(batches, spec)
    const prefetchIndexes = batches.flatMap((b, i) => (b.operation === 'prefetch' ? [i] : []))
    for (const i of prefetchIndexes) {
      const b = batches[i]!
      for (const item of b.items) {
        const covering = batches.flatMap((r, j) =>
          r.operation === 'refresh' &&
          r.items.some(
            ri =>
              ri.url === item.url ||
              (ri.objectType === 'directory' && item.url.startsWith(ri.url)) ||
              (ri.objectType === 'ignore-params' && item.url.split('?')[0] === ri.url)
          )
            ? [j]
            : []
        )
        expect(covering.length).toBeGreaterThan(0)
        for (const j of covering) expect(after[i]).toContain(j)
      }
    }
    const { client } = await run(spec, batches)
    expect(client.calls).toHaveLength(batches.length)
    expectPrefetchAfterRefresh(batches, client.calls, spec)
  })

  it('(c) compares paths, not URLs, for a paths-only provider', () => {
    const spec: ProviderSpec = { ...gcoreLikeSpec, pathsOnly: true }
    const batches = batchesOf(spec, [
      target('https://a.example.com/x.mp4', 0),
      target('https://b.example.com/x.mp4', 0, { refresh: false, prefetch: true })
    ])
    expect(prefetchDependencies(batches, spec)).toEqual([[], [0]])
    expect(prefetchDependencies(batches, gcoreLikeSpec)).toEqual([[], []])
  })

  it('(d) skips at once what cannot start before the deadline, with no sleep spent on it', async () => {
    // Host a: 3,000 URLs (3 minutes of windows); host b: 500. Deadline in 90 s.
    const ts = [...many(3000, 'a.example.com', 0), ...many(500, 'b.example.com', 1)]
    const batches = batchesOf(edgeRoutineLikeSpec, ts)
    const { clock, client, outcomes, log, start } = await run(
      edgeRoutineLikeSpec,
      batches,
      90 * SECOND
    )
    expect(outcomes.map(o => o.reason ?? o.status)).toEqual([
      'submitted',
      'submitted',
      'time-budget',
      'submitted'
    ])
    // The only sleep is for a's second request; none for the third, skipped before anything went.
    expect(clock.sleeps).toEqual([MINUTE])
    expect(client.calls.map(c => c.at - start)).toEqual([0, 0, MINUTE])
    expect(log.lines[0]).toBe(
      'batch 3/4 refresh: 1,000 URLs, host a.example.com -> skipped (time-budget): the timeout ends before the rate limit allows this request (120 s away); 0 attempts'
    )
  })

  it('(d) keeps rule order when not everything fits: later rules give way', async () => {
    // 1 request a minute: pages (rule 0) and videos (rule 1, refresh + prefetch); 150 s.
    const spec: ProviderSpec = {
      ...gcoreLikeSpec,
      refresh: { perRequest: 100, requestsPerMinute: 1 },
      prefetch: { perRequest: 100, requestsPerMinute: 1 }
    }
    const ts = [
      ...many(200, 'cdn.example.com', 0),
      ...many(200, 'cdn.example.com', 1, { prefetch: true }, 'v')
    ]
    const batches = batchesOf(spec, ts)
    const { outcomes, clock } = await run(spec, batches, 150 * SECOND)
    expect(outcomes.map(o => `${o.batch.operation} ${o.reason ?? o.status}`)).toEqual([
      'refresh submitted',
      'refresh submitted',
      'refresh submitted',
      'refresh time-budget',
      'prefetch submitted',
      'prefetch time-budget'
    ])
    expect(outcomes[5]!.detail).toBe(
      'the timeout ends before the refresh this prefetch follows can be sent'
    )
    expect(clock.sleeps).toEqual([MINUTE, MINUTE])
  })

  it('(e) waits exactly the minimum on seeded random workloads (brute-force reference)', async () => {
    const random = seeded(7)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
    const specs: ProviderSpec[] = [
      {
        ...gcoreLikeSpec,
        refresh: {
          perRequest: 2,
          requestsPerMinute: 2,
          objectTypes: { directory: { perRequest: 1, requestsPerMinute: 1 } }
        },
        prefetch: { perRequest: 2, requestsPerMinute: 1 }
      },
      {
        ...dcdnLikeSpec,
        refresh: {
          perRequest: 4,
          hostsPerRequest: 2,
          urlsPerHostPerMinute: 3,
          objectTypes: { directory: { perRequest: 2 } }
        },
        prefetch: { perRequest: 3, hostsPerRequest: 2 }
      },
      {
        ...edgeRoutineLikeSpec,
        refresh: { perRequest: 3, hostsPerRequest: 1, urlsPerHostPerMinute: 4 },
        prefetch: { perRequest: 2, requestsPerMinute: 1 }
      }
    ]
    let checked = 0
    for (let run_ = 0; run_ < 300 && checked < 120; run_++) {
      const spec = pick(specs)
      const hosts = ['a.example.com', 'b.example.com', 'c.example.com'].slice(
        0,
        1 + Math.floor(random() * 3)
      )
      const ts: Target[] = []
      const n = 1 + Math.floor(random() * 9)
      for (let i = 0; i < n; i++) {
        const host = pick(hosts)
        const dir = random() < 0.15
        ts.push(
          dir
            ? target(`https://${host}/d${i}/`, i % 3, {}, 'directory')
            : target(`https://${host}/d${i % 2}/f${i}`, i % 3, {
                refresh: random() < 0.85,
                prefetch: random() < 0.5
              })
        )
      }
      const batches = batchesOf(spec, ts)
      if (batches.length === 0 || batches.length > 7) continue
      const optimum = bruteForceMinimum(batches, spec)
      const { waited, client } = await run(spec, batches)
      expect(client.calls).toHaveLength(batches.length)
      expectPrefetchAfterRefresh(batches, client.calls, spec)
      expect({ waited, ts }).toEqual({ waited: optimum, ts })
      // The bench's analytic bound never claims more than the true minimum.
      expect(minimumWaitMs(batches, spec)).toBeLessThanOrEqual(optimum)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(100)
  })
})

describe('pacingBench', () => {
  it('meets the minimum requests and wait on every provider spec', async () => {
    const { rows, checks } = await pacingBench()
    expect(rows.length).toBeGreaterThanOrEqual(15)
    expect(checks.filter(c => !c.ok)).toEqual([])
  }, 60_000)
})

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * The exact minimum wait when every window is one minute long: any schedule can be moved to whole
 * minutes (each send to the start of its minute) without breaking a window or a dependency, so
 * the minimum is the fewest minute slots that hold every batch, found by trying them all.
 */
function bruteForceMinimum(batches: Batch[], spec: ProviderSpec): number {
  const uses = batches.map(b => windowUses(b, spec))
  for (const u of uses.flat()) expect(u.windowMs).toBe(MINUTE)
  const after = prefetchDependencies(batches, spec)
  const n = batches.length
  for (let slots = 1; slots <= n; slots++) {
    const slotOf: number[] = Array(n).fill(-1)
    const used = Array.from({ length: slots }, () => new Map<string, number>())
    const place = (i: number): boolean => {
      if (i === n) return true
      const earliest = Math.max(0, ...after[i]!.map(b => slotOf[b]!))
      for (let s = earliest; s < slots; s++) {
        const fits = uses[i]!.every(u => {
          const now = used[s]!.get(u.key) ?? 0
          return now + u.amount <= u.limit || now === 0
        })
        if (!fits) continue
        for (const u of uses[i]!) used[s]!.set(u.key, (used[s]!.get(u.key) ?? 0) + u.amount)
        slotOf[i] = s
        if (place(i + 1)) return true
        for (const u of uses[i]!) used[s]!.set(u.key, used[s]!.get(u.key)! - u.amount)
        slotOf[i] = -1
      }
      return false
    }
    // Dependencies point to lower indexes (refresh batches come first), so index order works.
    if (place(0)) return (slots - 1) * MINUTE
  }
  throw new Error('no schedule')
}

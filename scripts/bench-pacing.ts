// Requests and waiting (issue 9, target 3): for mixed workloads on every provider spec, the
// requests the submitter makes and the time it waits for rate limits, each against the minimum
// the limits allow. Virtual clock, provider that accepts at once: deterministic, so `--check` may
// assert the ratios. `npm run bench` calls pacingBench(); run alone with `tsx scripts/bench-pacing.ts`.
import type { Batch, ObjectType, Operation, PlanItem, Target } from '../src/model.js'
import { OPERATIONS } from '../src/model.js'
import type { ProviderClient, ProviderSpec } from '../src/providers/provider.js'
import { silentLogger } from '../src/providers/provider.js'
import { planItems } from '../src/plan.js'
import { makeBatches } from '../src/batches.js'
import { submitBatches } from '../src/submit/submit.js'
import { windowUses } from '../src/submit/pacer.js'
import { prefetchDependencies } from '../src/submit/schedule.js'
import type { Clock } from '../src/submit/clock.js'
import { dcdnSpec } from '../src/providers/alibaba/dcdn.js'
import { edgeRoutineSpec } from '../src/providers/alibaba/edge-routine-provider.js'
import { esaSpec } from '../src/providers/alibaba/esa-provider.js'
import { vodSpec } from '../src/providers/huawei/vod-provider.js'
import { gcoreSpec } from '../src/providers/gcore/gcore-provider.js'

export interface PacingRow {
  provider: string
  workload: string
  urls: number
  requests: number
  minRequests: number
  requestRatio: number
  /** Seconds slept for rate limits (virtual). */
  waitS: number
  minWaitS: number
  waitRatio: number
}

export interface PacingCheck {
  name: string
  ok: boolean
  detail: string
}

const SPECS: ProviderSpec[] = [dcdnSpec, edgeRoutineSpec, esaSpec, vodSpec, gcoreSpec]

/** A virtual clock: sleeping moves time on at once and adds to the total wait. */
class VirtualClock implements Clock {
  slept = 0
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current
  }
  async sleep(ms: number): Promise<void> {
    const d = Math.max(0, ms)
    this.slept += d
    this.current += d
  }
}

/** Accepts every request at once and remembers the order. */
class InstantClient implements ProviderClient {
  readonly calls: { operation: Operation; objects: readonly string[]; at: number }[] = []
  constructor(private readonly clock: Clock) {}
  async readQuota(): Promise<null> {
    return null
  }
  async submit(operation: Operation, objects: readonly string[]) {
    this.calls.push({ operation, objects, at: this.clock.now() })
    return { taskIds: [`T${this.calls.length}`] }
  }
}

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export interface Workload {
  name: string
  files: number
  hosts: number
  /** Share of the URLs on the first host (the rest spread unevenly). */
  skew: number
  /** Share of files that a later rule also prefetches. */
  prefetch: number
  directories: number
  seed: number
}

export const WORKLOADS: Workload[] = [
  {
    name: '2k files, 6 hosts',
    files: 2_000,
    hosts: 6,
    skew: 0.5,
    prefetch: 0.3,
    directories: 40,
    seed: 1
  },
  {
    name: '10k files, 24 hosts',
    files: 10_000,
    hosts: 24,
    skew: 0.3,
    prefetch: 0.2,
    directories: 150,
    seed: 2
  },
  {
    name: '30k files, 60 hosts',
    files: 30_000,
    hosts: 60,
    skew: 0.15,
    prefetch: 0.1,
    directories: 300,
    seed: 3
  }
]

/**
 * Targets as mapping makes them: rule 0 refreshes pages, rule 1 refreshes directories, rule 2
 * refreshes and prefetches media (so prefetched URLs come late in plan order), over hosts of
 * uneven size. VOD gets asset IDs besides URLs.
 */
export function workloadTargets(w: Workload, spec: ProviderSpec): Target[] {
  const random = seeded(w.seed)
  const hostOf = (): string => {
    if (random() < w.skew) return 'h0.example.com'
    // Uneven: low host numbers more likely.
    const n = 1 + Math.floor(random() ** 2 * (w.hosts - 1))
    return `h${n}.example.com`
  }
  const targets: Target[] = []
  const media = Math.round(w.files * w.prefetch)
  for (let i = 0; i < w.files - media; i++) {
    const host = hostOf()
    targets.push({
      url: `https://${host}/p/${i % 97}/page-${i}.html`,
      host,
      sources: [`p/${i}.html`],
      kind: 'modified',
      rule: 0,
      wanted: { refresh: true, prefetch: false }
    })
  }
  for (let i = 0; i < w.directories; i++) {
    const host = hostOf()
    targets.push({
      url: `https://${host}/docs/${i}/`,
      host,
      sources: [`docs/${i}/index.md`],
      kind: 'modified',
      rule: 1,
      wanted: { refresh: true, prefetch: false },
      objectType: 'directory'
    })
  }
  for (let i = 0; i < media; i++) {
    const host = hostOf()
    targets.push({
      url: `https://${host}/media/v-${i}.mp4`,
      host,
      sources: [`media/v-${i}.mp4`],
      kind: 'added',
      rule: 2,
      wanted: { refresh: true, prefetch: true },
      size: 300_000_000
    })
  }
  if (spec.prefetch?.objectTypes?.asset) {
    for (let i = 0; i < Math.ceil(media / 10); i++) {
      targets.push({
        url: `asset${i}`,
        host: '',
        sources: [],
        kind: 'added',
        rule: -1,
        wanted: { refresh: false, prefetch: true },
        objectType: 'asset'
      })
    }
  }
  return targets
}

/** The fewest requests the per-request limits allow, per operation and object type. */
export function minimumRequests(items: readonly PlanItem[], spec: ProviderSpec): number {
  let total = 0
  for (const operation of OPERATIONS) {
    const limits = spec[operation]
    if (!limits) continue
    const groups = new Map<ObjectType, PlanItem[]>()
    for (const item of items) {
      if (item.status !== 'planned' || item.operation !== operation) continue
      const type = item.objectType ?? 'file'
      const group = groups.get(type)
      if (group) group.push(item)
      else groups.set(type, [item])
    }
    for (const [type, group] of groups) {
      const perRequest =
        type === 'file'
          ? limits.perRequest
          : (limits.objectTypes?.[type]?.perRequest ?? limits.perRequest)
      const perHost = Math.min(perRequest, limits.urlsPerHostPerMinute ?? Infinity)
      const maxHosts = limits.hostsPerRequest ?? Infinity
      const perHostCount = new Map<string, number>()
      for (const item of group) perHostCount.set(item.host, (perHostCount.get(item.host) ?? 0) + 1)
      const pieces = [...perHostCount.values()].map(n => Math.ceil(n / perHost))
      total += Math.max(
        Math.ceil(group.length / perRequest),
        Math.ceil(pieces.reduce((a, b) => a + b, 0) / maxHosts),
        ...pieces
      )
    }
  }
  return total
}

/** Windows a set of amounts needs at the least: the sum, and amounts over half a window alone. */
function windowsNeeded(amounts: readonly number[], limit: number): number {
  if (amounts.length === 0) return 0
  const sum = amounts.reduce((a, b) => a + b, 0)
  const big = amounts.filter(a => a > limit / 2).length
  return Math.max(Math.ceil(sum / limit), big, 1)
}

/**
 * A lower bound of the time from the first request to the last: no order of the batches can wait
 * less. Every window key needs its amounts spread over enough windows (each window of length W
 * holds at most its limit); and a prefetch cannot go before its refreshes, so on a prefetch key the
 * batches whose refreshes need k windows start at (k - 1)·W at the earliest, and those that follow
 * need their own windows after that.
 */
export function minimumWaitMs(batches: readonly Batch[], spec: ProviderSpec): number {
  const uses = batches.map(batch => windowUses(batch, spec))
  const after = prefetchDependencies(batches, spec)
  const byKey = new Map<string, { limit: number; windowMs: number; jobs: number[] }>()
  uses.forEach((list, index) => {
    for (const use of list) {
      const entry = byKey.get(use.key) ?? { limit: use.limit, windowMs: use.windowMs, jobs: [] }
      entry.jobs.push(index)
      byKey.set(use.key, entry)
    }
  })
  const amountOn = (index: number, key: string): number =>
    uses[index]!.find(use => use.key === key)?.amount ?? 0
  const span = (jobs: readonly number[], key: string): number => {
    const entry = byKey.get(key)!
    const needed = windowsNeeded(
      jobs.map(job => amountOn(job, key)),
      entry.limit
    )
    return Math.max(0, needed - 1) * entry.windowMs
  }
  // Earliest a batch can go: its dependencies' keys must hold them all.
  const release = batches.map((_, index) => {
    const before = after[index]!
    if (before.length === 0) return 0
    const keys = new Set(before.flatMap(b => uses[b]!.map(use => use.key)))
    let at = 0
    for (const key of keys)
      at = Math.max(
        at,
        span(
          before.filter(b => amountOn(b, key) > 0),
          key
        )
      )
    return at
  })
  let bound = Math.max(0, ...release)
  for (const [key, { jobs }] of byKey) {
    const sorted = [...jobs].sort((a, b) => release[a]! - release[b]!)
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && release[sorted[i]!] === release[sorted[i - 1]!]) continue
      bound = Math.max(bound, release[sorted[i]!]! + span(sorted.slice(i), key))
    }
  }
  return bound
}

const ratio = (value: number, minimum: number): number =>
  minimum === 0 ? (value === 0 ? 1 : Infinity) : value / minimum

/**
 * Submits every workload to every spec with a virtual clock and an instant provider, through the
 * real planItems, makeBatches and submitBatches. Async because submitBatches is; nothing real waits.
 */
export async function pacingBench(
  workloads: readonly Workload[] = WORKLOADS,
  specs: readonly ProviderSpec[] = SPECS
): Promise<{ rows: PacingRow[]; checks: PacingCheck[] }> {
  const rows: PacingRow[] = []
  let orderOk = true
  let orderDetail = 'every prefetch went after the refreshes of its URLs'
  for (const spec of specs) {
    for (const w of workloads) {
      const items = planItems(workloadTargets(w, spec), spec, null)
      const batches = makeBatches(items, spec)
      const clock = new VirtualClock()
      const client = new InstantClient(clock)
      const outcomes = await submitBatches(batches, {
        client,
        spec,
        clock,
        random: () => 0,
        maxRetries: 0,
        deadline: Infinity,
        logger: silentLogger
      })
      // Order of the calls themselves: a refresh must have been sent before its prefetch.
      const callIndex = new Map(client.calls.map((c, i) => [`${c.operation} ${c.objects[0]}`, i]))
      const sentAs = batches.map(b =>
        outcomes[batches.indexOf(b)]!.status === 'submitted'
          ? (callIndex.get(`${b.operation} ${b.items[0]!.url}`) ?? Infinity)
          : Infinity
      )
      prefetchDependencies(batches, spec).forEach((before, index) => {
        for (const b of before) {
          if (!(sentAs[b]! < sentAs[index]!)) {
            orderOk = false
            orderDetail = `${spec.name}, ${w.name}: batch ${index + 1} went before refresh ${b + 1}`
          }
        }
      })
      const minRequests = minimumRequests(items, spec)
      const minWait = minimumWaitMs(batches, spec)
      const waited = clock.slept
      rows.push({
        provider: spec.name,
        workload: w.name,
        urls: batches.reduce((n, b) => n + b.items.length, 0),
        requests: client.calls.length,
        minRequests,
        requestRatio: ratio(client.calls.length, minRequests),
        waitS: waited / 1000,
        minWaitS: minWait / 1000,
        waitRatio: ratio(waited, minWait)
      })
    }
  }
  const worst = (pick: (r: PacingRow) => number) =>
    rows.reduce((a, r) => (pick(r) > pick(a) ? r : a), rows[0]!)
  const worstRequests = worst(r => r.requestRatio)
  const worstWait = worst(r => r.waitRatio)
  const checks: PacingCheck[] = [
    {
      name: 'requests / minimum = 1.00',
      ok: rows.every(r => r.requestRatio === 1),
      detail: `worst ${worstRequests.requestRatio.toFixed(2)} (${worstRequests.provider}, ${worstRequests.workload})`
    },
    {
      name: 'paced wait / minimum = 1.00',
      ok: rows.every(r => r.waitRatio === 1),
      detail: `worst ${worstWait.waitRatio.toFixed(2)} (${worstWait.provider}, ${worstWait.workload})`
    },
    { name: 'prefetch after its refresh', ok: orderOk, detail: orderDetail }
  ]
  return { rows, checks }
}

/** Prints the table (and fails with --check when a ratio misses) when run on its own. */
async function main(): Promise<void> {
  const { rows, checks } = await pacingBench()
  console.table(
    rows.map(r => ({
      ...r,
      requestRatio: r.requestRatio.toFixed(2),
      waitRatio: r.waitRatio.toFixed(2)
    }))
  )
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'MISS'} ${c.name}: ${c.detail}`)
  if (process.argv.includes('--check') && checks.some(c => !c.ok)) process.exitCode = 1
}

if (process.argv[1]?.endsWith('bench-pacing.ts')) await main()

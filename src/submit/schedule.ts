import type { Batch } from '../model.js'
import type { ProviderSpec } from '../providers/provider.js'
import type { Pacer, WindowUse } from './pacer.js'

/**
 * Which batches must be settled (submitted, failed or skipped) before each batch may go: a
 * prefetch waits for every refresh that covers one of its URLs (the same URL, the URL ignoring
 * its query, or a directory above it), so that it never warms a copy the refresh then drops.
 * Refresh batches wait for nothing. Paths-only providers (Gcore) compare paths, not URLs.
 */
export function prefetchDependencies(batches: readonly Batch[], spec: ProviderSpec): number[][] {
  const key = spec.pathsOnly ? pathOf : (url: string): string => url
  const exact = new Map<string, number[]>()
  const anyQuery = new Map<string, number[]>()
  const directories = new Map<string, number[]>()
  const add = (map: Map<string, number[]>, k: string, index: number): void => {
    const list = map.get(k)
    if (!list) map.set(k, [index])
    else if (list[list.length - 1] !== index) list.push(index)
  }
  batches.forEach((batch, index) => {
    if (batch.operation !== 'refresh') return
    for (const item of batch.items) {
      const type = item.objectType ?? 'file'
      if (type === 'asset') continue
      const k = key(item.url)
      if (type === 'directory') add(directories, withoutQuery(k), index)
      else if (type === 'ignore-params') add(anyQuery, withoutQuery(k), index)
      else add(exact, k, index)
    }
  })
  if (exact.size + anyQuery.size + directories.size === 0) return batches.map(() => [])
  return batches.map(batch => {
    if (batch.operation !== 'prefetch') return []
    const before = new Set<number>()
    const take = (list: number[] | undefined): void => list?.forEach(i => before.add(i))
    for (const item of batch.items) {
      if (item.objectType === 'asset') continue
      const k = key(item.url)
      const path = withoutQuery(k)
      take(exact.get(k))
      take(anyQuery.get(path))
      if (directories.size === 0) continue
      for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
        take(directories.get(path.slice(0, slash + 1)))
      }
    }
    return [...before].sort((a, b) => a - b)
  })
}

function pathOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)
  return match ? url.slice(match[0].length) || '/' : url
}

function withoutQuery(url: string): string {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

/** What a projection works on: each batch's window uses and dependencies, by batch index. */
export interface ScheduleInput {
  uses: readonly (readonly WindowUse[])[]
  after: readonly (readonly number[])[]
}

/**
 * Projects the list schedule the submitter follows, with requests accepted at once: at each
 * moment every batch of `order` whose dependencies are settled and whose windows have room goes,
 * first in `order` first; then time moves to the earliest moment another one can go. Returns the
 * start time of each batch of `order` (by batch index); for those that cannot start before
 * `horizon`, a time at or after it: the earliest their own windows allow (Infinity when they wait
 * for a batch that cannot go). `settled` batches count as done; `pacer` is
 * not changed.
 */
export function project(
  input: ScheduleInput,
  order: readonly number[],
  pacer: Pacer,
  from: number,
  horizon: number,
  settled: (index: number) => boolean = () => false
): Map<number, number> {
  const windows = pacer.clone()
  const starts = new Map<number, number>()
  const done = (index: number): boolean => settled(index) || starts.has(index)
  let waiting = [...order]
  let now = from
  while (waiting.length > 0 && now < horizon) {
    let next = Infinity
    const still: number[] = []
    for (const index of waiting) {
      if (!input.after[index]!.every(done)) {
        still.push(index)
        continue
      }
      const uses = input.uses[index]!
      const at = windows.earliest(uses, now)
      if (at <= now) {
        starts.set(index, now)
        windows.recordUses(uses, now)
      } else {
        still.push(index)
        next = Math.min(next, at)
      }
    }
    // A batch whose dependency went in this round may go at this same moment.
    if (still.length < waiting.length && still.some(i => input.after[i]!.length > 0)) {
      waiting = still
      continue
    }
    waiting = still
    now = next
  }
  // Past the horizon: when each batch's own windows would have room at the earliest, once the
  // batches before the horizon are sent (Infinity when it waits for one that cannot go).
  const late = waiting.map(index => {
    const blocked = now === Infinity || !input.after[index]!.every(done)
    return blocked ? Infinity : Math.max(now, windows.earliest(input.uses[index]!, now))
  })
  waiting.forEach((index, i) => starts.set(index, late[i]!))
  return starts
}

/**
 * Orders worth projecting. Plan order (rule order) comes first; the others move forward the
 * refreshes a prefetch waits for, and the batches on the busiest windows, either of which can
 * shorten the whole run. The submitter picks among them with `chooseOrder`.
 */
export function candidateOrders(batches: readonly Batch[], input: ScheduleInput): number[][] {
  const plan = batches.map((_, index) => index)
  const orders = [plan]
  const hasDependencies = input.after.some(list => list.length > 0)
  if (hasDependencies) {
    // The refreshes each prefetch waits for, prefetch by prefetch: in plan order, and starting
    // with the prefetches that wait for the fewest (they can go soonest).
    const fewestFirst = [...plan].sort(
      (a, b) => input.after[a]!.length - input.after[b]!.length || a - b
    )
    for (const prefetches of [plan, fewestFirst]) {
      const placed = new Set<number>()
      const order: number[] = []
      for (const index of prefetches) {
        if (input.after[index]!.length === 0) continue
        for (const before of input.after[index]!) {
          if (placed.has(before)) continue
          placed.add(before)
          order.push(before)
        }
        placed.add(index)
        order.push(index)
      }
      for (const index of plan) if (!placed.has(index)) order.push(index)
      orders.push(order)
    }
  }
  // Busiest window first: how many windows each key needs at the least, by total amount.
  const load = new Map<string, number>()
  for (const uses of input.uses) {
    for (const use of uses) load.set(use.key, (load.get(use.key) ?? 0) + use.amount / use.limit)
  }
  if (load.size > 1) {
    const weight = plan.map(index =>
      input.uses[index]!.reduce((most, use) => Math.max(most, load.get(use.key) ?? 0), 0)
    )
    const busiest = [...plan].sort((a, b) => weight[b]! - weight[a]! || a - b)
    orders.push(busiest)
    if (hasDependencies) {
      // Refreshes a prefetch waits for count as busy as that prefetch's own window.
      const lifted = [...weight]
      plan.forEach(index => {
        for (const before of input.after[index]!)
          lifted[before] = Math.max(lifted[before]!, weight[index]!)
      })
      orders.push([...plan].sort((a, b) => lifted[b]! - lifted[a]! || a - b))
    }
  }
  return orders
}

export interface Choice {
  order: number[]
  starts: Map<number, number>
}

/**
 * The order to send in: of the candidates, the one that sends the most before `deadline` in rule
 * order (compared batch by batch in plan order, so an earlier rule's request is never given up for
 * a later one's), then the one that ends soonest, then the earliest candidate.
 */
export function chooseOrder(
  orders: readonly number[][],
  input: ScheduleInput,
  pacer: Pacer,
  from: number,
  deadline: number,
  settled: (index: number) => boolean = () => false
): Choice {
  let best: (Choice & { end: number }) | undefined
  for (const order of orders) {
    const starts = project(input, order, pacer, from, deadline, settled)
    let end = from
    for (const at of starts.values()) if (at < deadline) end = Math.max(end, at)
    const candidate = { order, starts, end }
    if (!best || better(candidate, best, deadline)) best = candidate
  }
  return best ?? { order: [], starts: new Map() }
}

function better(
  a: Choice & { end: number },
  b: Choice & { end: number },
  deadline: number
): boolean {
  const indexes = [...a.starts.keys()].sort((x, y) => x - y)
  for (const index of indexes) {
    const inA = a.starts.get(index)! < deadline
    const inB = (b.starts.get(index) ?? Infinity) < deadline
    if (inA !== inB) return inA
  }
  return a.end < b.end
}

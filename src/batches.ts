import { OPERATIONS } from './model.js'
import type { Batch, ObjectType, Operation, PlanItem } from './model.js'
import type { OperationSpec, ProviderSpec } from './providers/provider.js'

/**
 * Packs the planned items into requests, refresh batches before prefetch batches. A request holds
 * at most `perRequest` URLs, `hostsPerRequest` distinct hosts and, so that the pacer can always fit
 * it into a window, at most `urlsPerHostPerMinute` URLs of one host. Batches reference the plan's
 * own item objects (outcomes are matched back to them by identity). Plan order is kept inside a
 * batch, and batches are ordered by their first item, so earlier rules go out first.
 */
export function makeBatches(items: readonly PlanItem[], spec: ProviderSpec): Batch[] {
  // Packing works on positions in `items`: plan order is then a number comparison, with no map
  // from item to position and no wrapper objects.
  const batches: Batch[] = []
  for (const operation of OPERATIONS) {
    // Positions of the planned items of this operation, by object type, in plan order: counted
    // first, so each list is allocated at its size instead of growing by copies. Types are
    // numbered by first appearance, so the per-item work is array indexing, not map lookups.
    const types: ObjectType[] = []
    const counts: number[] = []
    const typeOf = new Uint8Array(items.length)
    let count = 0
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      if (item.status !== 'planned' || item.operation !== operation) continue
      count++
      const type = item.objectType ?? 'file'
      let t = types.indexOf(type)
      if (t < 0) {
        t = types.push(type) - 1
        counts.push(0)
      }
      counts[t]!++
      typeOf[i] = t + 1
    }
    const lists = counts.map(n => new Array<number>(n))
    const filled = counts.map(() => 0)
    for (let i = 0; i < items.length && count > 0; i++) {
      const t = typeOf[i]!
      if (t !== 0) lists[t - 1]![filled[t - 1]!++] = i
    }
    const byType = new Map<ObjectType, number[]>(types.map((type, t) => [type, lists[t]!]))
    if (count === 0) continue
    const operationSpec = spec[operation]
    if (!operationSpec) {
      throw new Error(
        `${count} ${operation} items are planned but ${spec.title} cannot ${operation}`
      )
    }
    // A request carries one object type (the API takes one ObjectType, or asset_id vs urls).
    const requests: { objectType: ObjectType; positions: number[] }[] = []
    for (const [objectType, ofType] of byType) {
      const perRequest =
        objectType === 'file'
          ? operationSpec.perRequest
          : (operationSpec.objectTypes?.[objectType]?.perRequest ?? operationSpec.perRequest)
      for (const positions of pack(items, ofType, limitsOf({ ...operationSpec, perRequest }))) {
        if (!ascending(positions)) positions.sort((a, b) => a - b)
        requests.push({ objectType, positions })
      }
    }
    requests.sort((a, b) => a.positions[0]! - b.positions[0]!)
    for (const request of requests) {
      const positions = request.positions
      const batchItems = new Array<PlanItem>(positions.length)
      for (let k = 0; k < positions.length; k++) batchItems[k] = items[positions[k]!]!
      batches.push(toBatch(operation, request.objectType, batchItems))
    }
  }
  return batches
}

function ascending(positions: readonly number[]): boolean {
  for (let i = 1; i < positions.length; i++) if (positions[i - 1]! > positions[i]!) return false
  return true
}

function toBatch(operation: Operation, objectType: ObjectType, items: PlanItem[]): Batch {
  const hosts: string[] = []
  const seen = new Set<string>()
  for (let i = 0; i < items.length; i++) {
    const host = items[i]!.host
    if (seen.has(host)) continue
    seen.add(host)
    hosts.push(host)
  }
  return objectType === 'file'
    ? { operation, items, hosts }
    : { operation, objectType, items, hosts }
}

interface Limits {
  perRequest: number
  maxHosts: number
  /** URLs of one host in one request. */
  perHost: number
}

function limitsOf(spec: OperationSpec): Limits {
  const whole = (n: number | undefined): number => Math.max(1, Math.floor(n ?? Infinity))
  const perRequest = whole(spec.perRequest)
  return {
    perRequest,
    maxHosts: whole(spec.hostsPerRequest),
    perHost: Math.min(perRequest, whole(spec.urlsPerHostPerMinute))
  }
}

/** One host's planned items (as positions), handed out front to back so a split host keeps plan order. */
interface HostQueue {
  items: number[]
  next: number
  /** First-seen order, the tie-break that keeps packing deterministic and close to plan order. */
  rank: number
}

const left = (host: HostQueue): number => host.items.length - host.next

/** A request being filled. */
interface Draft {
  items: number[]
  hosts: number
  id: number
}

function place(request: Draft, host: HostQueue, count: number): void {
  for (let i = host.next; i < host.next + count; i++) request.items.push(host.items[i]!)
  host.next += count
  request.hosts++
}

const isFull = (request: Draft, limits: Limits): boolean =>
  request.hosts >= limits.maxHosts || request.items.length >= limits.perRequest

/**
 * Splittable bin packing with a host-count limit is NP-hard, so two greedy strategies run and the
 * one with fewer requests wins: `fill` meets the bound when the URL count binds, `balance` when the
 * host count binds (e.g. 20 hosts, 10 per request). The lower bound is
 * max(ceil(urls / perRequest), ceil(pieces / hostsPerRequest), most pieces of one host), where a
 * host is ceil(urls / perHost) pieces, each in a different request. O(N log N).
 */
function pack(all: readonly PlanItem[], positions: number[], limits: Limits): number[][] {
  // When a request can never hold more hosts than URLs, hosts do not matter: cut in plan order.
  if (limits.maxHosts >= limits.perRequest && limits.perHost >= limits.perRequest) {
    return chunks(positions, limits.perRequest)
  }
  const queues = groupByHost(all, positions)
  const pieces = queues.map(host => Math.ceil(left(host) / limits.perHost))
  const bound = Math.max(
    Math.ceil(positions.length / limits.perRequest),
    Math.ceil(pieces.reduce((sum, n) => sum + n, 0) / limits.maxHosts),
    pieces.reduce((most, n) => Math.max(most, n), 0)
  )
  const filled = fill(queues, limits)
  if (filled.length <= bound) return filled
  const balanced = balance(groupByHost(all, positions), limits, bound)
  return balanced.length < filled.length ? balanced : filled
}

function groupByHost(all: readonly PlanItem[], positions: number[]): HostQueue[] {
  const byHost = new Map<string, HostQueue>()
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i]!
    const host = all[position]!.host
    const queue = byHost.get(host)
    if (queue) queue.items.push(position)
    else byHost.set(host, { items: [position], next: 0, rank: byHost.size })
  }
  return [...byHost.values()]
}

/**
 * Request by request: whole small hosts first (smallest up, keeping a host slot free), then the
 * largest hosts top the request up, the last one split. A split host's rest goes back by its new
 * size, so a small rest is later packed as a small host instead of wasting a slot next to nothing.
 */
function fill(hosts: HostQueue[], limits: Limits): number[][] {
  interface Entry {
    host: HostQueue
    size: number
  }
  const fresh = (entry: Entry): boolean => entry.size === left(entry.host) && entry.size > 0
  const smallest = new Heap<Entry>((a, b) => a.size - b.size || a.host.rank - b.host.rank)
  const largest = new Heap<Entry>((a, b) => b.size - a.size || a.host.rank - b.host.rank)
  const enqueue = (host: HostQueue): void => {
    smallest.push({ host, size: left(host) })
    largest.push({ host, size: left(host) })
  }
  const top = (heap: Heap<Entry>): Entry | undefined => {
    while (heap.peek() && !fresh(heap.peek()!)) heap.pop()
    return heap.peek()
  }
  hosts.forEach(enqueue)
  let waiting = hosts.length
  const requests: number[][] = []
  while (waiting > 0) {
    const request: Draft = { items: [], hosts: 0, id: requests.length }
    for (let small = top(smallest); small && waiting > 1; small = top(smallest)) {
      const count = small.size
      const fits = request.items.length + count <= limits.perRequest && count <= limits.perHost
      if (!fits || request.hosts >= limits.maxHosts - 1) break
      place(request, small.host, count)
      waiting--
    }
    const rests: HostQueue[] = []
    for (let big = top(largest); big && !isFull(request, limits); big = top(largest)) {
      largest.pop()
      const room = limits.perRequest - request.items.length
      place(request, big.host, Math.min(big.size, limits.perHost, room))
      if (left(big.host) > 0) rests.push(big.host)
      else waiting--
    }
    // Re-queued only now: a host appears at most once per request.
    rests.forEach(enqueue)
    requests.push(request.items)
  }
  return requests
}

/**
 * Starts with the lower bound of requests and deals hosts, largest first, to the emptiest request
 * with a free host slot, splitting a host over several requests when it does not fit. Opens a new
 * request only when every one is full.
 */
function balance(hosts: HostQueue[], limits: Limits, bound: number): number[][] {
  const requests: Draft[] = []
  const open = new Heap<Draft>((a, b) => a.items.length - b.items.length || a.id - b.id)
  const newRequest = (): Draft => {
    const request: Draft = { items: [], hosts: 0, id: requests.length }
    requests.push(request)
    return request
  }
  for (let i = 0; i < bound; i++) open.push(newRequest())
  const largestFirst = [...hosts].sort((a, b) => left(b) - left(a) || a.rank - b.rank)
  for (const host of largestFirst) {
    const used: Draft[] = []
    while (left(host) > 0) {
      const request = open.pop() ?? newRequest()
      const room = limits.perRequest - request.items.length
      place(request, host, Math.min(left(host), limits.perHost, room))
      if (!isFull(request, limits)) used.push(request)
    }
    // Back in the pool only after this host is placed, so no request gets two parts of it.
    used.forEach(request => open.push(request))
  }
  return requests.filter(request => request.items.length > 0).map(request => request.items)
}

function chunks(items: number[], size: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Binary heap; `before(a, b) < 0` puts a nearer the top. */
class Heap<T> {
  private readonly items: T[] = []
  constructor(private readonly before: (a: T, b: T) => number) {}

  peek(): T | undefined {
    return this.items[0]
  }

  push(item: T): void {
    const items = this.items
    items.push(item)
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1
      if (this.before(items[i]!, items[parent]!) >= 0) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }

  pop(): T | undefined {
    const items = this.items
    const first = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return first
    items[0] = last
    for (let i = 0; ;) {
      const l = 2 * i + 1
      const r = l + 1
      let best = i
      if (l < items.length && this.before(items[l]!, items[best]!) < 0) best = l
      if (r < items.length && this.before(items[r]!, items[best]!) < 0) best = r
      if (best === i) break
      ;[items[i], items[best]] = [items[best]!, items[i]!]
      i = best
    }
    return first
  }
}

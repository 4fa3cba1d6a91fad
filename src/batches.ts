import { OPERATIONS } from './model.js'
import type { Batch, ObjectType, PlanItem } from './model.js'
import type { OperationSpec, ProviderSpec } from './providers/provider.js'

/**
 * Packs the planned items into requests, refresh batches before prefetch batches. A request holds
 * at most `perRequest` URLs, `hostsPerRequest` distinct hosts and, so that the pacer can always fit
 * it into a window, at most `urlsPerHostPerMinute` URLs of one host. Batches reference the plan's
 * own item objects (outcomes are matched back to them by identity). Plan order is kept inside a
 * batch, and batches are ordered by their first item, so earlier rules go out first.
 */
export function makeBatches(items: readonly PlanItem[], spec: ProviderSpec): Batch[] {
  // Packing works on positions in `items` and numbered hosts: plan order is then a number
  // comparison and a host a typed-array index, with no map from item to position, no wrapper
  // objects and one Map lookup per item. Packing only says which request each position goes to;
  // one walk in plan order then fills the batches, so none is sorted.
  const batches: Batch[] = []
  const n = items.length
  // One walk over the items reads what packing needs (a first read of each item is a cache miss
  // at 100k paths, so it is not repeated per operation): operation (0 when not planned), object
  // type and host, types and hosts numbered by first appearance so the rest is array indexing.
  const operationOf = new Uint8Array(n)
  const typeOf = new Uint8Array(n)
  const hostOf = new Int32Array(n)
  const types: ObjectType[] = []
  const counts = OPERATIONS.map(() => [0])
  const hostIds = new Map<string, number>()
  const hostNames: string[] = []
  for (let i = 0; i < n; i++) {
    const item = items[i]!
    if (item.status !== 'planned') continue
    const o = OPERATIONS.indexOf(item.operation)
    if (o < 0) continue
    const type = item.objectType ?? 'file'
    let t = types.indexOf(type)
    if (t < 0) {
      t = types.push(type) - 1
      for (const perType of counts) perType.push(0)
    }
    counts[o]![t + 1]!++
    counts[o]![0]!++
    operationOf[i] = o + 1
    typeOf[i] = t
    let host = hostIds.get(item.host)
    if (host === undefined) {
      host = hostNames.push(item.host) - 1
      hostIds.set(item.host, host)
    }
    hostOf[i] = host
  }
  const requestOf = new Int32Array(n)
  for (let o = 0; o < OPERATIONS.length; o++) {
    const operation = OPERATIONS[o]!
    const count = counts[o]![0]!
    if (count === 0) continue
    const operationSpec = spec[operation]
    if (!operationSpec) {
      throw new Error(
        `${count} ${operation} items are planned but ${spec.title} cannot ${operation}`
      )
    }
    // A request carries one object type (the API takes one ObjectType, or asset_id vs urls).
    const sizes: number[] = []
    const requestType: ObjectType[] = []
    for (let t = 0; t < types.length; t++) {
      const objectType = types[t]!
      const positions = new Int32Array(counts[o]![t + 1]!)
      if (positions.length === 0) continue
      for (let i = 0, k = 0; k < positions.length; i++) {
        if (operationOf[i] === o + 1 && typeOf[i] === t) positions[k++] = i
      }
      const perRequest =
        objectType === 'file'
          ? operationSpec.perRequest
          : (operationSpec.objectTypes?.[objectType]?.perRequest ?? operationSpec.perRequest)
      const first = sizes.length
      pack(
        positions,
        hostOf,
        hostNames.length,
        limitsOf(operationSpec, perRequest),
        requestOf,
        sizes
      )
      for (let r = first; r < sizes.length; r++) requestType.push(objectType)
    }
    // Each request's items get a slice of one buffer; a request becomes a batch when plan order
    // first reaches it, which orders batches by their first item.
    const offsets = new Int32Array(sizes.length)
    for (let r = 1; r < sizes.length; r++) offsets[r] = offsets[r - 1]! + sizes[r - 1]!
    const filled = new Int32Array(sizes.length)
    const order: number[] = []
    const flat = new Int32Array(count)
    for (let i = 0; i < n; i++) {
      if (operationOf[i] !== o + 1) continue
      const r = requestOf[i]!
      if (filled[r] === 0) order.push(r)
      flat[offsets[r]! + filled[r]!++] = i
    }
    // Hosts of a batch in first-seen order: a host is stamped with the last batch that listed it.
    const listedIn = new Int32Array(hostNames.length).fill(-1)
    for (let b = 0; b < order.length; b++) {
      const r = order[b]!
      const batchItems = new Array<PlanItem>(sizes[r]!)
      const hosts: string[] = []
      for (let k = 0, j = offsets[r]!; k < batchItems.length; k++, j++) {
        const position = flat[j]!
        batchItems[k] = items[position]!
        const host = hostOf[position]!
        if (listedIn[host] === b) continue
        listedIn[host] = b
        hosts.push(hostNames[host]!)
      }
      const objectType = requestType[r]!
      batches.push(
        objectType === 'file'
          ? { operation, items: batchItems, hosts }
          : { operation, objectType, items: batchItems, hosts }
      )
    }
  }
  return batches
}

interface Limits {
  perRequest: number
  maxHosts: number
  /** URLs of one host in one request. */
  perHost: number
}

function limitsOf(spec: OperationSpec, requestSize: number): Limits {
  const whole = (n: number | undefined): number => Math.max(1, Math.floor(n ?? Infinity))
  const perRequest = whole(requestSize)
  return {
    perRequest,
    maxHosts: whole(spec.hostsPerRequest),
    perHost: Math.min(perRequest, whole(spec.urlsPerHostPerMinute))
  }
}

/**
 * One host's planned items, a range of slots in the packing order (which lists the positions
 * host by host, each host in plan order), handed out front to back so a split host keeps plan
 * order.
 */
interface HostQueue {
  next: number
  end: number
  /** First-seen order, the tie-break that keeps packing deterministic and close to plan order. */
  rank: number
}

const left = (host: HostQueue): number => host.end - host.next

/** A request being filled: what it holds is written to the slots' request numbers. */
interface Draft {
  count: number
  hosts: number
  id: number
}

function place(request: Draft, host: HostQueue, count: number, requestOfSlot: Int32Array): void {
  requestOfSlot.fill(request.id, host.next, host.next + count)
  host.next += count
  request.count += count
  request.hosts++
}

const isFull = (request: Draft, limits: Limits): boolean =>
  request.hosts >= limits.maxHosts || request.count >= limits.perRequest

/**
 * Splittable bin packing with a host-count limit is NP-hard, so two greedy strategies run and the
 * one with fewer requests wins: `fill` meets the bound when the URL count binds, `balance` when the
 * host count binds (e.g. 20 hosts, 10 per request). The lower bound is
 * max(ceil(urls / perRequest), ceil(pieces / hostsPerRequest), most pieces of one host), where a
 * host is ceil(urls / perHost) pieces, each in a different request. O(N log N).
 *
 * Writes each position's request number (counting on from `sizes.length`) to `requestOf` and
 * appends each request's size to `sizes`.
 */
function pack(
  positions: Int32Array,
  hostOf: Int32Array,
  hostCount: number,
  limits: Limits,
  requestOf: Int32Array,
  sizes: number[]
): void {
  const total = positions.length
  // When a request can never hold more hosts than URLs, hosts do not matter: cut in plan order.
  if (limits.maxHosts >= limits.perRequest && limits.perHost >= limits.perRequest) {
    for (let start = 0; start < total; start += limits.perRequest) {
      const end = Math.min(total, start + limits.perRequest)
      const id = sizes.push(end - start) - 1
      for (let k = start; k < end; k++) requestOf[positions[k]!] = id
    }
    return
  }
  // Positions grouped by host (hosts in first-seen order, each in plan order): counted, then
  // placed, so each host is a range of one buffer instead of an array of its own.
  const rankOf = new Int32Array(hostCount).fill(-1)
  const lengths: number[] = []
  for (let k = 0; k < total; k++) {
    const host = hostOf[positions[k]!]!
    let rank = rankOf[host]!
    if (rank < 0) {
      rank = rankOf[host] = lengths.length
      lengths.push(0)
    }
    lengths[rank]!++
  }
  const queues: HostQueue[] = []
  const cursor = new Int32Array(lengths.length)
  for (let rank = 0, start = 0; rank < lengths.length; start += lengths[rank++]!) {
    cursor[rank] = start
    queues.push({ next: start, end: start + lengths[rank]!, rank })
  }
  const slots = new Int32Array(total)
  for (let k = 0; k < total; k++) slots[cursor[rankOf[hostOf[positions[k]!]!]!]!++] = positions[k]!
  let pieceSum = 0
  let mostPieces = 0
  for (let rank = 0; rank < queues.length; rank++) {
    const pieces = Math.ceil(left(queues[rank]!) / limits.perHost)
    pieceSum += pieces
    mostPieces = Math.max(mostPieces, pieces)
  }
  const bound = Math.max(
    Math.ceil(total / limits.perRequest),
    Math.ceil(pieceSum / limits.maxHosts),
    mostPieces
  )
  const filledSlots = new Int32Array(total)
  const filled = fill(queues, limits, filledSlots)
  let chosen = filledSlots
  let requests = filled
  if (filled.length > bound) {
    for (const queue of queues) queue.next = queue.end - lengths[queue.rank]!
    const balancedSlots = new Int32Array(total)
    const balanced = balance(queues, limits, bound, balancedSlots)
    if (balanced.filter(request => request.count > 0).length < filled.length) {
      chosen = balancedSlots
      requests = balanced
    }
  }
  // Requests keep their order; empty ones (balance opens the bound's worth up front) are dropped.
  const id = new Int32Array(requests.length)
  for (const request of requests) {
    if (request.count > 0) id[request.id] = sizes.push(request.count) - 1
  }
  for (let k = 0; k < total; k++) requestOf[slots[k]!] = id[chosen[k]!]!
}

/**
 * Request by request: whole small hosts first (smallest up, keeping a host slot free), then the
 * largest hosts top the request up, the last one split. A split host's rest goes back by its new
 * size, so a small rest is later packed as a small host instead of wasting a slot next to nothing.
 */
function fill(hosts: HostQueue[], limits: Limits, requestOfSlot: Int32Array): Draft[] {
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
  const requests: Draft[] = []
  while (waiting > 0) {
    const request: Draft = { count: 0, hosts: 0, id: requests.length }
    for (let small = top(smallest); small && waiting > 1; small = top(smallest)) {
      const count = small.size
      const fits = request.count + count <= limits.perRequest && count <= limits.perHost
      if (!fits || request.hosts >= limits.maxHosts - 1) break
      place(request, small.host, count, requestOfSlot)
      waiting--
    }
    const rests: HostQueue[] = []
    for (let big = top(largest); big && !isFull(request, limits); big = top(largest)) {
      largest.pop()
      const room = limits.perRequest - request.count
      place(request, big.host, Math.min(big.size, limits.perHost, room), requestOfSlot)
      if (left(big.host) > 0) rests.push(big.host)
      else waiting--
    }
    // Re-queued only now: a host appears at most once per request.
    rests.forEach(enqueue)
    requests.push(request)
  }
  return requests
}

/**
 * Starts with the lower bound of requests and deals hosts, largest first, to the emptiest request
 * with a free host slot, splitting a host over several requests when it does not fit. Opens a new
 * request only when every one is full.
 */
function balance(
  hosts: HostQueue[],
  limits: Limits,
  bound: number,
  requestOfSlot: Int32Array
): Draft[] {
  const requests: Draft[] = []
  const open = new Heap<Draft>((a, b) => a.count - b.count || a.id - b.id)
  const newRequest = (): Draft => {
    const request: Draft = { count: 0, hosts: 0, id: requests.length }
    requests.push(request)
    return request
  }
  for (let i = 0; i < bound; i++) open.push(newRequest())
  const largestFirst = hosts.slice().sort((a, b) => left(b) - left(a) || a.rank - b.rank)
  for (const host of largestFirst) {
    const used: Draft[] = []
    while (left(host) > 0) {
      const request = open.pop() ?? newRequest()
      const room = limits.perRequest - request.count
      place(request, host, Math.min(left(host), limits.perHost, room), requestOfSlot)
      if (!isFull(request, limits)) used.push(request)
    }
    // Back in the pool only after this host is placed, so no request gets two parts of it.
    used.forEach(request => open.push(request))
  }
  return requests
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

import type { Batch } from '../model.js'
import type { ProviderSpec } from '../providers/provider.js'
import type { Clock } from './clock.js'

const MINUTE = 60_000

/** How much of one rolling-window budget a batch uses. */
export interface WindowUse {
  /** e.g. `refresh:host:cdn.example.com` or `prefetch:requests`. */
  key: string
  limit: number
  windowMs: number
  amount: number
}

/**
 * The rate windows a batch counts against, from the spec's limits. Keys carry the operation: the
 * spec states each limit per operation. A new kind of limit (per second, per day) is one more entry.
 */
export function windowUses(batch: Batch, spec: ProviderSpec): WindowUse[] {
  const limits = spec[batch.operation]
  if (!limits) return []
  const uses: WindowUse[] = []
  // An object type with its own request rate (Gcore: purge by pattern) has its own window.
  const type = batch.objectType
  const typeRate = type === undefined || type === 'file' ? undefined : limits.objectTypes?.[type]
  if (type !== undefined && typeRate?.requestsPerMinute !== undefined) {
    uses.push({
      key: `${batch.operation}:${type}:requests`,
      limit: typeRate.requestsPerMinute,
      windowMs: MINUTE,
      amount: 1
    })
  } else if (limits.requestWindow !== undefined) {
    uses.push({
      key: `${batch.operation}:requests`,
      limit: limits.requestWindow.requests,
      windowMs: limits.requestWindow.windowMs,
      amount: 1
    })
  } else if (limits.requestsPerMinute !== undefined) {
    uses.push({
      key: `${batch.operation}:requests`,
      limit: limits.requestsPerMinute,
      windowMs: MINUTE,
      amount: 1
    })
  }
  if (limits.urlsPerHostPerMinute !== undefined) {
    const perHost = new Map<string, number>()
    for (const item of batch.items) perHost.set(item.host, (perHost.get(item.host) ?? 0) + 1)
    for (const [host, amount] of perHost) {
      uses.push({
        key: `${batch.operation}:host:${host}`,
        limit: limits.urlsPerHostPerMinute,
        windowMs: MINUTE,
        amount
      })
    }
  }
  return uses
}

interface Sent {
  at: number
  amount: number
}

/**
 * Rolling windows: what was sent at `at` counts until `at + windowMs`. Only accepted requests are
 * recorded; a provider that also counts rejected ones answers with a throttling error, which the
 * retry honours.
 */
export class Pacer {
  private readonly sent: Map<string, Sent[]>

  constructor(
    private readonly spec: ProviderSpec,
    private readonly clock: Clock,
    sent?: Map<string, Sent[]>
  ) {
    this.sent = sent ?? new Map()
  }

  /** Milliseconds to wait until `batch` fits every window it counts against (0 = now). */
  delayFor(batch: Batch): number {
    const now = this.clock.now()
    return this.earliest(windowUses(batch, this.spec), now) - now
  }

  record(batch: Batch, at: number): void {
    this.recordUses(windowUses(batch, this.spec), at)
  }

  /**
   * The earliest time at or after `at` when every use fits its window. `at` must not go back in
   * time between calls (entries that expired by `at` are dropped).
   */
  earliest(uses: readonly WindowUse[], at: number): number {
    let fits = at
    for (const use of uses) fits = Math.max(fits, this.fitsAt(use, at))
    return fits
  }

  recordUses(uses: readonly WindowUse[], at: number): void {
    for (const use of uses) {
      const sent = this.sent.get(use.key) ?? []
      sent.push({ at, amount: use.amount })
      // Records normally arrive in time order; keep the list sorted if one does not.
      if (sent.length > 1 && sent[sent.length - 2]!.at > at) sent.sort((a, b) => a.at - b.at)
      this.sent.set(use.key, sent)
    }
  }

  /** An independent copy of the windows as they are now, for projecting a schedule ahead. */
  clone(): Pacer {
    const copy = new Map([...this.sent].map(([key, sent]) => [key, sent.map(s => ({ ...s }))]))
    return new Pacer(this.spec, this.clock, copy)
  }

  /**
   * The earliest time the window has room for `use.amount`. A batch larger than the whole limit
   * can never fit; it goes when the window is empty rather than never.
   */
  private fitsAt(use: WindowUse, now: number): number {
    const sent = this.sent.get(use.key)
    if (!sent) return now
    let expired = 0
    while (expired < sent.length && sent[expired]!.at + use.windowMs <= now) expired++
    if (expired > 0) sent.splice(0, expired)
    let used = 0
    for (const s of sent) used += s.amount
    let at = now
    for (const s of sent) {
      if (used + use.amount <= use.limit) break
      used -= s.amount
      at = s.at + use.windowMs
    }
    return at
  }
}

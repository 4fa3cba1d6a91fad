// What a provider's status API is asked and answers while the run waits for completion (src/wait/).
// The shared waiter does the scheduling, pacing, retries and reporting; a client only reads status.
import type { ObjectType, Operation } from '../model.js'

/** How one operation's status API may be called, as data (the shared waiter enforces it). */
export interface StatusSpec {
  /** The API's name, for the log and the report, e.g. `DescribeDcdnRefreshTaskById`. */
  api: string
  /** Tasks one call may ask about (DCDN: 10 task IDs); the waiter splits larger sets. */
  tasksPerCall: number
  /** Calls per rolling window; kept below the documented rate. */
  requestWindow: { requests: number; windowMs: number }
  /**
   * The operation whose requests-per-minute budget status calls also use, when the provider counts
   * them together (VOD: 100 calls a minute per tenant, pre-loads and queries alike).
   */
  sharesRateWith?: Operation
}

/** One accepted task as the waiter asks about it. */
export interface StatusRequest {
  /** Unique in the run: the task ID, or `request N` when the provider returns none (Gcore). */
  key: string
  taskId?: string
  operation: Operation
  objectType?: ObjectType
  /** The URLs (or asset IDs) of the request the task came from. */
  urls: readonly string[]
  /** Epoch ms when the accepted request was sent. */
  submittedAt: number
}

/**
 * What the provider says about one task. `not-found`: not listed (yet); the waiter keeps asking
 * until the wait ends, since some APIs list a task only a while after it is accepted.
 * `unavailable`: listed, but the provider keeps no status for it (Gcore "Status report disabled").
 */
export interface StatusAnswer {
  key: string
  state: 'running' | 'complete' | 'failed' | 'not-found' | 'unavailable'
  /** 0–100 when the provider says. */
  progress?: number
  /** Provider's reason for a failure, safe to show. */
  detail?: string
  /**
   * The URLs the provider says this task covers, when it says (DCDN's ObjectPath): one request may
   * open a task per host, and a prefetch then waits only for the task of its own URLs.
   */
  urls?: string[]
}

/** The optional method a ProviderClient implements when it has a status API. Throws ProviderError. */
export type TaskStatusReader = (
  operation: Operation,
  tasks: readonly StatusRequest[],
  /**
   * Await before each call after the first (pages of a listing): it holds the call until the
   * status API's rate window has room, and counts it.
   */
  pace?: () => Promise<void>
) => Promise<StatusAnswer[]>

// The data that flows through the pipeline, stage by stage:
// Change[] -> Target[] -> PlanItem[] -> Batch[] -> BatchOutcome[] -> Report.

export type ChangeKind = 'added' | 'modified' | 'removed'
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'modified', 'removed']

/** One changed file. A rename arrives as `removed` (old path) plus `added` (new path). */
export interface Change {
  /** Repository-relative path with forward slashes, exactly as stored in git (may hold any character but NUL). */
  path: string
  kind: ChangeKind
}

export type ChangeSource = 'git' | 'compare-api' | 'files-input' | 'none'

export interface ChangeSet {
  source: ChangeSource
  base?: string
  head?: string
  changes: Change[]
  /** Things the user should know (zero base, merge-base comparison, ...); shown as warning annotations. */
  warnings: string[]
}

export type Operation = 'refresh' | 'prefetch'
export const OPERATIONS: readonly Operation[] = ['refresh', 'prefetch']

/**
 * What one plan item names: a file URL; a directory URL (ending in `/`: everything under it); a URL
 * whose query the CDN should ignore (`ignore-params`); or (VOD) a published media asset ID.
 * Providers turn it into their wire form; limits and quotas can differ per type.
 */
export type ObjectType = 'file' | 'directory' | 'ignore-params' | 'asset'

/** A URL some rule (or a direct `urls`/`prefetch-urls` input) produced, and what is wanted for it. */
export interface Target {
  /** Absolute http(s) URL, already percent-encoded; never contains CR, LF or other controls. */
  url: string
  /** Lower-case host (with `:port` when not the scheme default): the unit of per-domain limits. */
  host: string
  /** Changed files that produced this URL; empty for direct URL inputs. */
  sources: string[]
  /** The change kind of the first source (direct `urls` count as `modified`, `prefetch-urls` as `added`). */
  kind: ChangeKind
  /** Index of the first rule that produced the URL; -1 for direct URL inputs. Plans honour this order. */
  rule: number
  /** Which operations the rules ask for. An operation not wanted is reported as `not-wanted` (reason `rule`). */
  wanted: Record<Operation, boolean>
  /** Size in bytes of the source file in the workspace, when known (providers with a prefetch size range need it). */
  size?: number
  /** Default `file`; for `asset`, `url` holds the asset ID and `host` is empty. */
  objectType?: ObjectType
  /** For a file URL whose refresh a rule does through its directory (or ignoring the query). */
  refreshedAs?: ObjectType
}

export interface TargetSet {
  targets: Target[]
  /** Changed files that no rule matched. */
  unmatched: string[]
  /** For each change, the URLs it produced (same order as the change list). */
  mapped: { path: string; kind: ChangeKind; urls: string[] }[]
}

/**
 * `not-wanted`: the rules never asked for this operation on this URL (reason `rule`); it is neither
 * work done nor work missed, so it is counted apart from `skipped`. Only report rows have it: the
 * plan makes no item for such an operation (see notWantedOperation in plan.ts).
 */
export type Status = 'planned' | 'submitted' | 'skipped' | 'failed' | 'not-wanted'

export type SkipReason =
  | 'rule' //         the rules do not ask for this operation on this change kind
  | 'unsupported' //  the provider cannot do this operation
  | 'url-too-long' // longer than the provider accepts
  | 'size' //         outside the provider's prefetch size range
  | 'quota' //        not enough quota left (read before submitting, or the provider said so)
  | 'dry-run' //      dry-run (input, or forced on pull requests)
  | 'time-budget' //  the `timeout` ran out before it could be submitted
  | 'aborted' //      not submitted: an authentication error or a failure stopped the run first
  | 'refresh-incomplete' // wait: not prefetched, the refresh of its URLs did not complete first

export interface PlanItem {
  url: string
  host: string
  operation: Operation
  /** Absent means `file`. */
  objectType?: ObjectType
  rule: number
  sources: string[]
  status: Status
  reason?: SkipReason
  /** Human explanation of the reason or the error, safe to show (never holds credentials). */
  detail?: string
  taskId?: string
  errorCode?: string
  /** From the batch's outcome: failed, but the provider may have accepted it (see BatchOutcome). */
  mayHaveBeenAccepted?: boolean
}

export interface Batch {
  operation: Operation
  /** Every item of a request has this object type (absent: `file`). */
  objectType?: ObjectType
  /** The planned items this request carries, in plan order. */
  items: PlanItem[]
  /** Distinct hosts in `items`, in first-seen order. */
  hosts: string[]
}

/** What happened to one batch. Items inherit the outcome. */
export interface BatchOutcome {
  batch: Batch
  status: 'submitted' | 'failed' | 'skipped'
  taskIds: string[]
  reason?: SkipReason
  errorCode?: string
  /** Provider message or our explanation; safe to show. */
  detail?: string
  requestId?: string
  /** Requests sent for this batch, including retries (0 when skipped before sending). */
  attempts: number
  /** Epoch ms when the accepted request was sent. */
  submittedAt?: number
  /**
   * Set on a `failed` batch whose request was sent and whose answer was lost or unusable (no
   * reply, a broken body, no task ID): the provider may have accepted it, so it was not resent.
   */
  mayHaveBeenAccepted?: boolean
}

/** Remaining quota as read from the provider. */
export interface Quota {
  /** URLs the plan may still submit today, per operation; absent = unknown/unlimited. */
  remaining: Partial<Record<Operation, number>>
  /**
   * Refreshes of these object types counted against their own daily quota (DCDN: 100 directories
   * a day); types without an entry share `remaining.refresh`.
   */
  remainingByType?: Partial<Record<'directory' | 'ignore-params', number>>
  /** The `quota-remaining` output: provider-specific keys, null where unknown. */
  details: Record<string, number | null>
  /**
   * Per-request sizes and rates the account's limits say (Gcore's limits endpoint); they replace
   * the provider's documented defaults for this run, and the `limits` input can lower them.
   */
  limits?: Partial<
    Record<
      Operation,
      {
        perRequest?: number
        requestsPerMinute?: number
        requestWindow?: { requests: number; windowMs: number }
      }
    >
  >
}

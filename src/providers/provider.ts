import type { ObjectType, Operation, Quota, Target } from '../model.js'
import type { InputReader } from '../input-fields.js'
import { cleanProviderText } from './provider-text.js'
import type { StatusSpec, TaskStatusReader } from './task-status.js'

export type ProviderName =
  'alibaba-dcdn' | 'alibaba-edge-routine' | 'alibaba-esa' | 'huawei-vod' | 'gcore'
export const PROVIDER_NAMES: readonly ProviderName[] = [
  'alibaba-dcdn',
  'alibaba-edge-routine',
  'alibaba-esa',
  'huawei-vod',
  'gcore'
]

/** Limits of one operation, as data. The shared batcher and pacer enforce them; adapters never do. */
export interface OperationSpec {
  /** URLs (or paths) per request. */
  perRequest: number
  /**
   * Object types this operation takes besides plain files (`file`, always), each with its own
   * per-request limit when the provider has one (e.g. VOD: one asset ID per request).
   */
  objectTypes?: Partial<
    Record<Exclude<ObjectType, 'file'>, { perRequest: number; requestsPerMinute?: number }>
  >
  /** Distinct hosts allowed in one request (1 = every URL of a request on the same domain). */
  hostsPerRequest?: number
  /** URLs per host per rolling minute. */
  urlsPerHostPerMinute?: number
  /** Requests per rolling minute for this operation (per account/resource). */
  requestsPerMinute?: number
  /**
   * Requests per rolling window of any length, when an account states its rate that way (Gcore:
   * `1/2s`, `30/h`); used instead of requestsPerMinute, which a fraction could not express.
   */
  requestWindow?: { requests: number; windowMs: number }
  /** Longest URL accepted, in characters. */
  maxUrlLength?: number
  /** Daily URL limit, used to cap a run when the provider has no quota API. */
  perDay?: number
  /** Only files whose size in bytes lies in [min, max] are worth this operation. */
  sizeRange?: [number, number]
}

export interface ProviderSpec {
  name: ProviderName
  /** Human name for summaries, e.g. "Alibaba Cloud DCDN". */
  title: string
  refresh?: OperationSpec
  prefetch?: OperationSpec
  /**
   * What a rule asks for when it leaves `refresh` / `prefetch` out: true follows the rules'
   * DEFAULT_KINDS. Defaults follow capabilities, so a prefetch-only provider prefetches by default
   * and never refreshes unless a rule says so (which is then reported as unsupported).
   * Default: refresh true, prefetch false.
   */
  ruleDefaults?: Record<Operation, boolean>
  /** Whether `readQuota` asks the provider (false: the plan falls back to `perDay`). */
  quotaApi: boolean
  /** What the `quota-remaining` numbers are, when they are not daily quotas (shown in the summary). */
  quotaExplanation?: string
  /**
   * The provider takes paths on one resource, not URLs: the host of a URL is not sent, so URLs on
   * several hosts are purged as the same paths (the run warns).
   */
  pathsOnly?: boolean
  /** Whether accepted requests return task IDs. */
  taskIds: boolean
  /**
   * The status API of each operation that has one (`wait: true` polls it through the client's
   * `taskStatus`); an operation without an entry is reported as "accepted, status unavailable".
   */
  status?: Partial<Record<Operation, StatusSpec>>
  /**
   * Said when the client's task list (`findAccepted`) does not show a write whose answer was
   * lost, besides that the list may lag: why else it may not (e.g. it may not list such tasks).
   */
  taskListCaveat?: string
}

export interface SubmitResult {
  taskIds: string[]
  requestId?: string
}

/** The wire protocol of one provider. Everything else (batching, pacing, retries, reporting) is shared. */
export interface ProviderClient {
  /**
   * Anything the client must learn before the first write (e.g. VOD's project ID from IAM).
   * Called once, before the quota is read; a ProviderError here stops the run before any write.
   */
  prepare?(): Promise<void>
  /** Reads the remaining quota; null when the provider has no quota API. Throws ProviderError. */
  readQuota(): Promise<Quota | null>
  /**
   * Submits one request. `objects` (URLs, or asset IDs for `asset`) already respect the spec's
   * limits and are all of `objectType` (default `file`). Throws ProviderError.
   */
  submit(
    operation: Operation,
    objects: readonly string[],
    objectType?: ObjectType
  ): Promise<SubmitResult>
  /** Reads task status for `wait: true`; present when the spec declares a status API. */
  taskStatus?: TaskStatusReader
  /**
   * After a write whose answer was lost (`mayHaveBeenAccepted`): looks for the task that write
   * opened in the provider's task list. Returns the task IDs when the list proves the provider
   * accepted every part of it, null when it cannot tell (not listed yet, ambiguous, unsupported).
   * `sentAt` (epoch ms) is when the write went out. Only reads, so it may be retried. Throws
   * ProviderError.
   */
  findAccepted?(
    operation: Operation,
    objects: readonly string[],
    objectType: ObjectType,
    sentAt: number
  ): Promise<string[] | null>
}

/** One input a provider reads besides the common ones (action.yml lists them all). */
export interface ProviderInput {
  name: string
  /** Environment variables read, in order, when the input is empty. */
  env?: readonly string[]
  /** Masked in the log before anything runs, whichever provider is chosen. */
  secret?: boolean
  /** Lists what to refresh or prefetch itself (VOD `asset-ids`), like `urls`. */
  listsTargets?: boolean
}

/**
 * Longest one HTTP request may take: a fixed number, or a function asked as each request starts
 * (the run passes min(the per-request limit, time left until its deadline)). Zero or less: no time
 * is left and the request is not sent.
 */
export type RequestTimeout = number | (() => number)

/** The timeout for a request starting now. */
export function requestTimeoutNow(timeout: RequestTimeout): number {
  return typeof timeout === 'function' ? timeout() : timeout
}

/** What every client gets from the run, whatever the provider. */
export interface ClientContext {
  /** Longest one HTTP request may take, asked anew for each request (deadline-aware). */
  requestTimeoutMs: RequestTimeout
  logger: Logger
}

/** A provider with its inputs validated: it can make a client, and may add its own targets. */
export interface ConfiguredProvider {
  /** Null when there are no credentials (dry runs, pull requests from forks). */
  createClient(context: ClientContext): ProviderClient | null
  /** Objects the provider's own inputs name (VOD `asset-ids`), planned like direct URLs. */
  directTargets: Target[]
  /** Limits the provider's own inputs set (e.g. Gcore's prefetch size range). */
  specOverrides?: Partial<Record<Operation, Partial<OperationSpec>>>
}

/** A provider as the registry holds it: declarations as data, plus reading its own inputs. */
export interface ProviderModule {
  spec: ProviderSpec
  /** Keys of the `quota-remaining` output. */
  quotaKeys: readonly string[]
  inputs: readonly ProviderInput[]
  /**
   * Reads and validates this provider's inputs (InputError naming input, value and fix).
   * `live`: the run may write, so credentials are required.
   */
  configure(read: InputReader, env: NodeJS.ProcessEnv, live: boolean): ConfiguredProvider
}

/**
 * How the shared submitter treats an error:
 * - retryable: network errors, timeouts, 5xx, 429, throttling codes; retried with backoff.
 * - permanent: the request is wrong; this batch fails, others go on.
 * - auth: credentials/permissions; every remaining batch is aborted.
 * - quota: the daily quota is used up; the remaining batches of this operation are skipped for quota.
 */
export type ErrorClass = 'retryable' | 'permanent' | 'auth' | 'quota'

export interface ProviderErrorInit {
  code: string
  message: string
  errorClass: ErrorClass
  httpStatus?: number
  retryAfterMs?: number
  requestId?: string
  /**
   * The request was sent and its answer lost or unusable (no complete reply, a 2xx whose body is
   * not the expected one): a write may have been accepted, so it must not be blindly repeated.
   */
  mayHaveBeenAccepted?: boolean
}

export class ProviderError extends Error {
  readonly code: string
  readonly errorClass: ErrorClass
  readonly httpStatus?: number
  readonly retryAfterMs?: number
  readonly requestId?: string
  readonly mayHaveBeenAccepted?: boolean

  // Provider text is cleaned here, where every adapter makes its errors: no control character
  // (a newline and `::error::` would be a workflow command) and no echoed signature reaches a sink.
  constructor(init: ProviderErrorInit) {
    super(cleanProviderText(init.message))
    this.name = 'ProviderError'
    this.code = cleanProviderText(init.code)
    this.errorClass = init.errorClass
    this.httpStatus = init.httpStatus
    this.retryAfterMs = init.retryAfterMs
    this.requestId = init.requestId === undefined ? undefined : cleanProviderText(init.requestId)
    if (init.mayHaveBeenAccepted) this.mayHaveBeenAccepted = true
  }
}

/** Where adapters log; core's debug/info/warning in the action, silent or captured in tests. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {} }

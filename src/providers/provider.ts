import type { Operation, Quota } from '../model.js'

export type ProviderName = 'alibaba-dcdn'
export const PROVIDER_NAMES: readonly ProviderName[] = ['alibaba-dcdn']

/** Limits of one operation, as data. The shared batcher and pacer enforce them; adapters never do. */
export interface OperationSpec {
  /** URLs (or paths) per request. */
  perRequest: number
  /** Distinct hosts allowed in one request (1 = every URL of a request on the same domain). */
  hostsPerRequest?: number
  /** URLs per host per rolling minute. */
  urlsPerHostPerMinute?: number
  /** Requests per rolling minute for this operation (per account/resource). */
  requestsPerMinute?: number
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
  /** Whether `readQuota` asks the provider (false: the plan falls back to `perDay`). */
  quotaApi: boolean
  /** Whether accepted requests return task IDs. */
  taskIds: boolean
}

export interface SubmitResult {
  taskIds: string[]
  requestId?: string
}

/** The wire protocol of one provider. Everything else (batching, pacing, retries, reporting) is shared. */
export interface ProviderClient {
  /** Reads the remaining quota; null when the provider has no quota API. Throws ProviderError. */
  readQuota(): Promise<Quota | null>
  /** Submits one request. `urls` already respect the spec's limits. Throws ProviderError. */
  submit(operation: Operation, urls: readonly string[]): Promise<SubmitResult>
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
}

export class ProviderError extends Error {
  readonly code: string
  readonly errorClass: ErrorClass
  readonly httpStatus?: number
  readonly retryAfterMs?: number
  readonly requestId?: string

  constructor(init: ProviderErrorInit) {
    super(init.message)
    this.name = 'ProviderError'
    this.code = init.code
    this.errorClass = init.errorClass
    this.httpStatus = init.httpStatus
    this.retryAfterMs = init.retryAfterMs
    this.requestId = init.requestId
  }
}

/** Where adapters log; core's debug/info/warning in the action, silent or captured in tests. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {} }

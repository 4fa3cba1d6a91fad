/**
 * What kind of expected change-detection failure it was:
 * - `git-fetch`: a commit, a shallow head's parent or the history to a merge base could not be
 *   fetched from origin;
 * - `git`: the repository cannot answer the question asked (no common ancestor, not a commit);
 * - `github-api`: a GitHub API request failed (an HTTP error, or the API could not be reached);
 * - `github-api-limit`: the GitHub API listed as many files as it ever lists, so some may be missing;
 * - `time-budget`: git or the API was stopped (or never started) by the `timeout` input's budget.
 */
export type ChangeDetectionKind =
  'git-fetch' | 'git' | 'github-api' | 'github-api-limit' | 'time-budget'

/**
 * A known way for finding the changed files to fail, as opposed to a bug. The message says what
 * happened and what to change (usually the checkout's fetch-depth, or an input), so it can be shown
 * as it is. The underlying error, if any, is the `cause`.
 */
export class ChangeDetectionError extends Error {
  constructor(
    readonly kind: ChangeDetectionKind,
    message: string,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'ChangeDetectionError'
  }
}

export type GitHubApiErrorKind = Extract<
  ChangeDetectionKind,
  'github-api' | 'github-api-limit' | 'time-budget'
>

export interface GitHubApiErrorDetails {
  /** The HTTP status the API answered with; undefined when there was no response. */
  status?: number
  /**
   * The system error code when the API could not be reached at all (ENOTFOUND, ECONNREFUSED,
   * ECONNRESET, a TLS code such as CERT_HAS_EXPIRED, UND_ERR_CONNECT_TIMEOUT, ...), or 'unknown'
   * when the failure to connect carried no code.
   */
  network?: string
  cause?: unknown
}

/** A failed GitHub API call for the changed files. Its message never contains the token. */
export class GitHubApiError extends ChangeDetectionError {
  readonly status?: number
  readonly network?: string

  constructor(kind: GitHubApiErrorKind, message: string, details: GitHubApiErrorDetails = {}) {
    super(kind, message, 'cause' in details ? { cause: details.cause } : undefined)
    this.name = 'GitHubApiError'
    if (details.status !== undefined) this.status = details.status
    if (details.network !== undefined) this.network = details.network
  }
}

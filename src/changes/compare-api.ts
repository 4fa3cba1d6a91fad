import { InputError } from '../input-error.js'
import type { Change, ChangeSet } from '../model.js'
import { silentLogger, type Logger } from '../providers/provider.js'
import { GitHubApiError } from './errors.js'
import { budgetMessage, timeLeft } from './time-budget.js'

/** GitHub lists at most this many files in a comparison; a list this long may be cut short. */
export const COMPARE_FILE_LIMIT = 300

export interface CompareApiOptions {
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string
  token: string
  owner: string
  repo: string
  /** Undefined when there is no usable base (new branch): `head` is compared with its first parent. */
  base?: string
  head: string
  logger?: Logger
  /** Epoch ms when the run's time budget (the `timeout` input) runs out; requests stop then. */
  deadline?: number
}

/** A file entry of the compare/commit API, reduced to what a change needs. */
export interface ApiFile {
  filename: string
  status: string
  previous_filename?: string
}

/**
 * The changed files between `base` and `head` from GitHub's compare API, for runs without a git
 * checkout. The API compares from the merge base and lists at most 300 files, so a list that long
 * is an error (the rest would be silently missed), and every result carries a warning.
 */
export async function compareApiChanges(options: CompareApiOptions): Promise<ChangeSet> {
  const { owner, repo, head } = options
  if (!options.token) {
    throw new InputError(
      'github-token',
      'is empty, and there is no git checkout to diff: the changed files must come from the GitHub ' +
        'API. Pass `github-token: ${{ github.token }}` (the default), or add actions/checkout ' +
        'before this step.'
    )
  }
  const logger = options.logger ?? silentLogger
  const apiUrl = options.apiUrl || 'https://api.github.com'
  // Loaded only here: Octokit and its HTTP stack are for runs without a git checkout.
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(options.token, { baseUrl: apiUrl })
  const call = async <T>(
    what: string,
    send: (request: { signal?: AbortSignal }) => Promise<T>
  ): Promise<T> => {
    const budget = timeLeft(options.deadline)
    const label = `The GitHub API request for the ${what}`
    if (budget === 0) throw new GitHubApiError('time-budget', budgetMessage(label, 0))
    // Octokit has no timeout of its own: a silent server would hold the run forever.
    const controller = new AbortController()
    const timer = budget === undefined ? undefined : setTimeout(() => controller.abort(), budget)
    try {
      return await send({ signal: controller.signal })
    } catch (error) {
      if (controller.signal.aborted && budget !== undefined) {
        throw new GitHubApiError('time-budget', budgetMessage(label, budget), { cause: error })
      }
      throw apiError(what, error, apiUrl, options.token)
    } finally {
      clearTimeout(timer)
    }
  }
  const warnings: string[] = []

  let base = options.base
  if (base === undefined) {
    const commit = await call(`commit ${head}`, request =>
      octokit.rest.repos.getCommit({ owner, repo, ref: head, request })
    )
    base = commit.data.parents[0]?.sha
    warnings.push(
      `There is no base commit to compare with (a new branch, or the event has no 'before'), so only ` +
        `the last commit is compared. Set the \`base\` input to compare a longer range.`
    )
    if (base === undefined) {
      // A root commit's own file list is its whole tree, every file added.
      return finish(commit.data.files ?? [], undefined, commit.data.sha)
    }
  }

  const basehead = `${base}...${head}`
  logger.info(`Listing changed files with the GitHub compare API (${basehead}).`)
  const comparison = await call(`comparison ${basehead}`, request =>
    octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead, request })
  )
  warnings.push(
    'There is no git checkout, so the changed files come from the GitHub compare API, which ' +
      `compares ${head} with the merge base of ${base} and ${head} rather than with ${base} itself ` +
      '(files changed only on force-pushed-away commits are missed). Add actions/checkout before ' +
      'this step (fetch-depth: 2 or more) for an exact diff.'
  )
  return finish(comparison.data.files ?? [], base, head)

  function finish(files: readonly ApiFile[], from: string | undefined, to: string): ChangeSet {
    if (files.length >= COMPARE_FILE_LIMIT) {
      throw new GitHubApiError(
        'github-api-limit',
        `The GitHub API listed ${files.length} changed files, its limit, so some may be missing. ` +
          'Add actions/checkout before this step (with `fetch-depth: 2` or more) so the changes ' +
          'come from git, which has no such limit.'
      )
    }
    const mapped = mapApiFiles(files)
    return {
      source: 'compare-api',
      ...(from === undefined ? {} : { base: from }),
      head: to,
      changes: mapped.changes,
      warnings: [...warnings, ...mapped.warnings]
    }
  }
}

/**
 * API file statuses as changes: renamed = removed old + added new, copied = added, changed =
 * modified, unchanged skipped. An unknown status counts as modified, with a warning.
 */
export function mapApiFiles(files: readonly ApiFile[]): { changes: Change[]; warnings: string[] } {
  const changes: Change[] = []
  const warnings: string[] = []
  for (const file of files) {
    const path = file.filename
    switch (file.status) {
      case 'added':
      case 'copied':
        changes.push({ path, kind: 'added' })
        break
      case 'removed':
        changes.push({ path, kind: 'removed' })
        break
      case 'modified':
      case 'changed':
        changes.push({ path, kind: 'modified' })
        break
      case 'renamed':
        if (file.previous_filename) changes.push({ path: file.previous_filename, kind: 'removed' })
        changes.push({ path, kind: 'added' })
        break
      case 'unchanged':
        break
      default:
        changes.push({ path, kind: 'modified' })
        warnings.push(
          `The GitHub API gave ${JSON.stringify(path)} the unknown status '${file.status}'; it is treated as modified.`
        )
    }
  }
  return { changes, warnings }
}

/**
 * The failure of one API call as a GitHubApiError. Octokit reports a request that never got a
 * response (DNS, refused or reset connection, TLS) as a RequestError with status 500 and no
 * `response`, the system error in `cause` (fetch's TypeError, whose own `cause` has the code):
 * that is "could not reach", never an HTTP status.
 */
function apiError(what: string, error: unknown, apiUrl: string, token: string): GitHubApiError {
  // The token, and any user:password@ of a URL the error echoes (e.g. one in GITHUB_API_URL).
  const scrub = (text: string) =>
    (token ? text.split(token).join('***') : text).replace(
      /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi,
      '$1***@'
    )
  const prefix = `GitHub API request for the ${what} failed`
  const unreachable = networkFailure(error)
  if (unreachable !== undefined) {
    const reason = scrub(unreachable.reason)
    return new GitHubApiError(
      'github-api',
      `${prefix}: could not reach the GitHub API at ${scrub(displayUrl(apiUrl))} (${reason}). ` +
        'Check that GITHUB_API_URL points at the GitHub API and that the runner can reach it ' +
        '(network, DNS, proxy settings such as https_proxy and no_proxy), or add ' +
        'actions/checkout before this step so the changed files come from git and no API call ' +
        'is needed.',
      { network: unreachable.code, cause: error }
    )
  }
  const raw = error instanceof Error ? error.message : String(error)
  const message = scrub(raw)
  const rawStatus = (error as { status?: unknown } | null)?.status
  const status = typeof rawStatus === 'number' ? rawStatus : undefined
  const hint =
    status === 401 || status === 403
      ? ' Check that `github-token` is valid and may read this repository (permissions: contents: read).'
      : status === 404
        ? ' Check that both commits exist in this repository and the token can read it.'
        : status !== undefined && status >= 500
          ? ' The GitHub API had a server error: re-run the job later, or add actions/checkout ' +
            'before this step so the changed files come from git.'
          : ''
  const code = status === undefined ? '' : ` (HTTP ${status})`
  return new GitHubApiError('github-api', `${prefix}${code}: ${message}.${hint}`, {
    ...(status === undefined ? {} : { status }),
    cause: error
  })
}

/**
 * Why the request never got a response, with the system error code found in the cause chain
 * ('unknown' without one); undefined when there was a response (or the error is not Octokit's).
 */
function networkFailure(error: unknown): { code: string; reason: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { status, response } = error as { status?: unknown; response?: unknown }
  if (typeof status !== 'number' || response !== undefined) return undefined
  let code: string | undefined
  let reason: string | undefined
  const seen = new Set<unknown>()
  for (let at: unknown = error; typeof at === 'object' && at !== null && !seen.has(at);) {
    seen.add(at)
    const {
      code: found,
      message,
      cause
    } = at as { code?: unknown; message?: unknown; cause?: unknown }
    if (code === undefined && typeof found === 'string' && found !== '') {
      code = found
      if (typeof message === 'string' && message !== '') reason = message
    }
    at = cause
  }
  // No code: the deepest cause's message is still more telling than "fetch failed".
  reason ??= deepestMessage(error)
  if (code === undefined) return { code: 'unknown', reason }
  return { code, reason: reason.includes(code) ? reason : `${code}: ${reason}` }
}

function deepestMessage(error: unknown): string {
  let message = 'no response'
  const seen = new Set<unknown>()
  for (let at: unknown = error; at instanceof Error && !seen.has(at); at = at.cause) {
    seen.add(at)
    if (at.message) message = at.message
  }
  return message
}

/** The API URL as it may appear in a message: no userinfo, query or fragment. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname.replace(/\/$/, '')}`
  } catch {
    return url
  }
}

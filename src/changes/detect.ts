import { InputError } from '../input-error.js'
import type { ChangeSet } from '../model.js'
import { silentLogger, type Logger } from '../providers/provider.js'
import { compareApiChanges } from './compare-api.js'
import { parseFilesInput } from './files-input.js'
import { gitDiffChanges, gitMergeBaseChanges, isZeroSha, probeGitRepository } from './git.js'

export interface DetectContext {
  /** GITHUB_EVENT_NAME. */
  eventName: string
  /** The parsed event JSON (GITHUB_EVENT_PATH). */
  payload: unknown
  /** GITHUB_WORKSPACE, where actions/checkout put the repository (if it ran). */
  workspace: string
  /** GITHUB_SHA. */
  sha: string
  repository: { owner: string; repo: string }
  /** GITHUB_API_URL. */
  apiUrl: string
  token: string
  inputs: { files?: string; base?: string; head?: string }
  /** Whether `urls` / `prefetch-urls` were given, so having nothing to diff is not an error. */
  hasDirectUrls: boolean
  /** Epoch ms when the `timeout` input's budget runs out; git and API calls are stopped then. */
  deadline?: number
}

export interface DetectDeps {
  logger?: Logger
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** The range to compare: two-dot `base..head`, or from the merge base for pull requests. */
interface CommitRange {
  /** Undefined (or all zeros) when there is no usable base: `head` is compared with its parent. */
  base?: string
  head: string
  fromMergeBase: boolean
}

/**
 * Finds the changed files for this run. Precedence: the `files` input; else the event's commit
 * range (explicit `base`/`head` inputs override it) diffed with git in the workspace, or with the
 * GitHub compare API when there is no checkout.
 */
export async function detectChanges(ctx: DetectContext, deps: DetectDeps = {}): Promise<ChangeSet> {
  const logger = deps.logger ?? silentLogger
  const files = ctx.inputs.files
  if (files !== undefined && files.trim() !== '') {
    return { source: 'files-input', changes: parseFilesInput(files), warnings: [] }
  }
  const range = commitRange(ctx)
  if (range === undefined) return { source: 'none', changes: [], warnings: [] }
  if (isZeroSha(range.head)) {
    const warning = 'The push deleted the branch or tag, so there are no changed files to refresh.'
    return { source: 'none', changes: [], warnings: [warning] }
  }

  const { deadline } = ctx
  const revs = [range.head]
  if (range.base !== undefined && !isZeroSha(range.base)) revs.push(range.base)
  const probe = await probeGitRepository(ctx.workspace, deadline, revs)
  if (probe.found) {
    logger.debug(`Diffing with git in ${probe.toplevel}.`)
    const options = { logger, deadline, ...(probe.commits ? { commits: probe.commits } : {}) }
    if (range.fromMergeBase && range.base !== undefined) {
      return gitMergeBaseChanges(ctx.workspace, range.base, range.head, options)
    }
    return gitDiffChanges(ctx.workspace, range.base, range.head, options)
  }
  logger.info(`No git repository in '${ctx.workspace}' (${probe.reason}); using the GitHub API.`)
  const base = range.base === undefined || isZeroSha(range.base) ? undefined : range.base
  return compareApiChanges({
    apiUrl: ctx.apiUrl,
    token: ctx.token,
    owner: ctx.repository.owner,
    repo: ctx.repository.repo,
    ...(base === undefined ? {} : { base }),
    head: range.head,
    logger,
    deadline
  })
}

function commitRange(ctx: DetectContext): CommitRange | undefined {
  const base = revisionInput('base', ctx.inputs.base)
  const head = revisionInput('head', ctx.inputs.head)
  if (ctx.eventName === 'push') {
    return {
      base: base ?? stringAt(ctx.payload, 'before'),
      head: head ?? stringAt(ctx.payload, 'after') ?? requireSha(ctx.sha),
      fromMergeBase: false
    }
  }
  if (PULL_REQUEST_EVENTS.has(ctx.eventName)) {
    // An explicit base means "compare from exactly here"; only the PR's own base implies a merge base.
    return {
      base: base ?? pullRequestSha(ctx, 'base'),
      head: head ?? pullRequestSha(ctx, 'head'),
      fromMergeBase: base === undefined
    }
  }
  if (base !== undefined || head !== undefined) {
    return { base, head: head ?? requireSha(ctx.sha), fromMergeBase: false }
  }
  if (ctx.hasDirectUrls) return undefined
  throw new InputError(
    'files',
    `is empty, and a '${ctx.eventName || 'unknown'}' event has no commits to compare. Provide ` +
      '`files` (the changed paths, one a line), or `base` (and optionally `head`) commits to diff, ' +
      'or list URLs directly in `urls` / `prefetch-urls`.'
  )
}

function revisionInput(name: 'base' | 'head', value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  if (!trimmed) return undefined
  // A leading '-' would read as a git option; whitespace and controls are never in a ref.
  if (trimmed.startsWith('-') || /\s/.test(trimmed) || hasControl(trimmed)) {
    throw new InputError(name, `'${trimmed}' is not a commit. Give a commit SHA or a ref name.`)
  }
  return trimmed
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true
  return false
}

function pullRequestSha(ctx: DetectContext, side: 'base' | 'head'): string {
  const pr = objectAt(ctx.payload, 'pull_request')
  const sha = stringAt(objectAt(pr, side), 'sha')
  if (sha === undefined) {
    throw new Error(
      `The ${ctx.eventName} event payload has no pull_request.${side}.sha; set the \`base\` and ` +
        '`head` inputs, or `files`.'
    )
  }
  return sha
}

function requireSha(sha: string): string {
  if (sha) return sha
  throw new InputError(
    'head',
    'is empty and so is GITHUB_SHA: there is no commit to compare. Set `head`.'
  )
}

function objectAt(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined
}

function stringAt(value: unknown, key: string): string | undefined {
  const found = objectAt(value, key)
  return typeof found === 'string' && found !== '' ? found : undefined
}

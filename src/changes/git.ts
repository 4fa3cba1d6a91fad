import type { ChildProcess } from 'node:child_process'
import type { Change, ChangeKind, ChangeSet } from '../model.js'
import { silentLogger, type Logger } from '../providers/provider.js'
import { ChangeDetectionError } from './errors.js'
import { budgetMessage, timeLeft } from './time-budget.js'

// A 100,000-file diff is a few tens of MB of raw output; never let the buffer cap be the limit.
const MAX_BUFFER = 1024 * 1024 * 1024
const SUBMODULE_MODE = '160000'
const MERGE_BASE_DEPTHS = [64, 512, 4096]
// Process groups are POSIX; on Windows a timeout stops only git itself.
const KILL_GROUP = process.platform !== 'win32'

export interface GitOptions {
  logger?: Logger
  /** Depths tried in turn to find a merge base in a shallow clone before `--unshallow`. */
  mergeBaseDepths?: readonly number[]
  /** Epoch ms when the run's time budget (the `timeout` input) runs out; git is stopped then. */
  deadline?: number
  /** Commits already resolved (see probeGitRepository): rev → full SHA. */
  commits?: ReadonlyMap<string, string>
}

/** A git command that failed. The message carries git's stderr with URL credentials removed. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    /** Exit code, or null when git could not be started (see `spawnError`). */
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly spawnError?: string
  ) {
    const why = spawnError ?? `exit ${exitCode}`
    super(`git ${args.join(' ')} failed (${why})${stderr ? `: ${stderr}` : ''}`)
    this.name = 'GitError'
  }
}

/**
 * A git command stopped (or never started) because the run's time budget ran out: an expected
 * condition (kind 'time-budget'), not a `GitError`.
 */
export class GitTimeoutError extends ChangeDetectionError {
  constructor(
    readonly args: readonly string[],
    /** The time it was given; 0 when the budget was used up before it started. */
    readonly budgetMs: number
  ) {
    super('time-budget', budgetMessage(redact(`git ${args.join(' ')}`), budgetMs))
    this.name = 'GitTimeoutError'
  }
}

export function isZeroSha(sha: string): boolean {
  return /^0+$/.test(sha)
}

export type RepositoryProbe =
  | {
      found: true
      toplevel: string
      /** The commits of `revs` that the probe resolved (rev → full SHA), when it could. */
      commits?: ReadonlyMap<string, string>
    }
  | { found: false; reason: string }

/**
 * Whether `workspace` is inside a git work tree; the reason is git's own words when it is not.
 * With `revs`, the same git call also resolves them to commits (one process instead of one per
 * question: each is a few ms of a run that often has nothing else to do); when any of them is not
 * in the checkout, it asks again without them and resolving is left to the diff, which fetches.
 */
export async function probeGitRepository(
  workspace: string,
  deadline?: number,
  revs: readonly string[] = []
): Promise<RepositoryProbe> {
  if (!workspace) return { found: false, reason: 'no workspace directory was given' }
  const git = new Git(workspace, silentLogger, deadline)
  // Only revs that cannot be read as options; `--` makes each a revision, never a path.
  const asked = [...new Set(revs)].filter(rev => rev !== '' && !rev.startsWith('-'))
  if (asked.length > 0) {
    try {
      const lines = (
        await git.text(['rev-parse', '--show-toplevel', ...asked.map(r => `${r}^{commit}`), '--'])
      ).split('\n')
      const shas = lines.slice(1, 1 + asked.length)
      if (lines[0] && shas.every(sha => /^[0-9a-f]{40,64}$/.test(sha))) {
        return {
          found: true,
          toplevel: lines[0],
          commits: new Map(asked.map((rev, k) => [rev, shas[k]!]))
        }
      }
    } catch (error) {
      if (error instanceof GitTimeoutError) throw error
    }
  }
  try {
    const toplevel = await git.text(['rev-parse', '--show-toplevel'])
    return { found: true, toplevel }
  } catch (error) {
    // Out of time is not "no repository": falling back to the API would not help.
    if (error instanceof GitTimeoutError) throw error
    return { found: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * The files that differ between the trees of `base` and `head` (a two-dot tree diff, so a force
 * push is measured against the tree that was deployed). Missing commits are fetched from `origin`.
 * Without a usable base (undefined or all zeros) it compares `head^` with `head`, or lists every
 * file of a root commit as added, and says so in a warning.
 */
export async function gitDiffChanges(
  workspace: string,
  base: string | undefined,
  head: string,
  options: GitOptions = {}
): Promise<ChangeSet> {
  const git = new Git(workspace, options.logger ?? silentLogger, options.deadline, options.commits)
  const headSha = await git.commit(head, 'head')
  if (base && !isZeroSha(base)) {
    const baseSha = await git.commit(base, 'base')
    const changes = await git.diff(baseSha, headSha)
    return { source: 'git', base: baseSha, head: headSha, changes, warnings: [] }
  }
  const parent = await git.firstParent(headSha)
  if (parent === undefined) {
    const changes = await git.allFiles(headSha)
    const warning =
      `There is no base commit to compare with and ${headSha} is a root commit, so every file in ` +
      'it counts as added. Set the `base` input to compare another range.'
    return { source: 'git', head: headSha, changes, warnings: [warning] }
  }
  const changes = await git.diff(parent, headSha)
  const warning =
    `There is no base commit to compare with (a new branch, or the event has no 'before'), so only ` +
    `the last commit is compared (${parent}..${headSha}). Set the \`base\` input to compare a longer range.`
  return { source: 'git', base: parent, head: headSha, changes, warnings: [warning] }
}

/**
 * A pull request's own changes: `head` compared with its merge base with `base`. A shallow clone
 * is deepened step by step until the merge base is found.
 */
export async function gitMergeBaseChanges(
  workspace: string,
  base: string,
  head: string,
  options: GitOptions = {}
): Promise<ChangeSet> {
  const git = new Git(workspace, options.logger ?? silentLogger, options.deadline, options.commits)
  const baseSha = await git.commit(base, 'base')
  const headSha = await git.commit(head, 'head')
  const depths = options.mergeBaseDepths ?? MERGE_BASE_DEPTHS
  const mergeBase = await git.findMergeBase(baseSha, headSha, depths)
  const changes = await git.diff(mergeBase, headSha)
  return { source: 'git', base: mergeBase, head: headSha, changes, warnings: [] }
}

/**
 * Parses `git diff-tree -r -z --raw` output: `:<mode> <mode> <sha> <sha> <status>` NUL path NUL
 * (two paths for R and C). Submodules (mode 160000 on either side) are skipped.
 */
export function parseRawDiff(output: string): Change[] {
  const fields = output.split('\0')
  const changes: Change[] = []
  let i = 0
  while (i < fields.length) {
    const meta = fields[i++] as string
    if (meta === '' && i === fields.length) break
    const parts = meta.startsWith(':') ? meta.slice(1).split(' ') : []
    const [srcMode, dstMode, , , status] = parts
    const letter = status?.[0]
    const pathCount = letter === 'R' || letter === 'C' ? 2 : 1
    const paths = fields.slice(i, i + pathCount)
    i += pathCount
    if (parts.length !== 5 || letter === undefined || paths.length !== pathCount) {
      throw new Error(`Unexpected git diff-tree output near ${JSON.stringify(meta.slice(0, 80))}`)
    }
    if (srcMode === SUBMODULE_MODE || dstMode === SUBMODULE_MODE) continue
    const [first, second] = paths as [string, string]
    const kind = RAW_KINDS[letter]
    if (kind !== undefined) changes.push({ path: first, kind })
    else if (letter === 'R')
      changes.push({ path: first, kind: 'removed' }, { path: second, kind: 'added' })
    else if (letter === 'C') changes.push({ path: second, kind: 'added' })
    else throw new Error(`Unexpected git diff-tree status '${status}' for ${JSON.stringify(first)}`)
  }
  return changes
}

const RAW_KINDS: Record<string, ChangeKind> = {
  A: 'added',
  M: 'modified',
  T: 'modified',
  D: 'removed'
}

/** Parses `git ls-tree -r -z` output (`<mode> <type> <sha>` TAB path NUL) as added files, skipping submodules. */
export function parseLsTree(output: string): Change[] {
  const changes: Change[] = []
  for (const entry of output.split('\0')) {
    if (entry === '') continue
    const tab = entry.indexOf('\t')
    const [mode, type] = entry.slice(0, Math.max(tab, 0)).split(' ')
    if (tab === -1 || type === undefined) {
      throw new Error(`Unexpected git ls-tree output near ${JSON.stringify(entry.slice(0, 80))}`)
    }
    if (mode === SUBMODULE_MODE || type !== 'blob') continue
    changes.push({ path: entry.slice(tab + 1), kind: 'added' })
  }
  return changes
}

/**
 * Sizes in bytes of the blobs at `paths` in `commit`'s tree, for the providers that prefetch only
 * files in a size range. One `ls-tree -l -z` over the whole tree: NUL-separated, so any file name
 * (newlines included) is read exactly, and linear in the tree whatever the number of paths.
 * Paths not in the tree (or submodules, symlinks count as blobs) are left out of the map.
 */
export async function gitBlobSizes(
  workspace: string,
  commit: string,
  paths: ReadonlySet<string>,
  options: GitOptions = {}
): Promise<Map<string, number>> {
  const git = new Git(workspace, options.logger ?? silentLogger, options.deadline)
  const out = await git.run(['ls-tree', '-r', '-l', '-z', '--full-tree', commit])
  return parseLsTreeSizes(out.toString('utf8'), paths)
}

/** `<mode> <type> <object> <size>\t<path>` entries of `ls-tree -l -z`, sizes of the wanted paths. */
export function parseLsTreeSizes(output: string, paths: ReadonlySet<string>): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const entry of output.split('\0')) {
    const tab = entry.indexOf('\t')
    if (tab === -1) continue
    const path = entry.slice(tab + 1)
    if (!paths.has(path)) continue
    const [, type, , size] = entry.slice(0, tab).trim().split(/\s+/)
    if (type === 'blob' && size !== undefined && /^\d+$/.test(size)) sizes.set(path, Number(size))
  }
  return sizes
}

/** One checkout, and the few git questions the diff needs answered. */
class Git {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    /** Epoch ms; every command is stopped when it comes. */
    private readonly deadline?: number,
    /** Commits already resolved: `commit()` asks git only about others. */
    private readonly known: ReadonlyMap<string, string> = new Map()
  ) {}

  /**
   * Runs git and returns its stdout. With a deadline, git is killed when it comes. spawn rather
   * than execFile: only spawn can give git its own process group (POSIX), and killing the group
   * also stops the helpers git started (git-remote-https, ssh), which outlive a killed git.
   */
  run(args: readonly string[]): Promise<Buffer> {
    this.logger.debug(`git ${args.join(' ')}`)
    const budget = timeLeft(this.deadline)
    if (budget === 0) return Promise.reject(new GitTimeoutError(args, 0))
    const group = budget !== undefined && KILL_GROUP
    return new Promise((resolve, reject) => {
      // Loaded at the first git call, not with the action: a run that stops at its inputs never
      // spawns, and node:child_process (with node:net) is ~5 ms of start-up.
      const { spawn } = process.getBuiltinModule('node:child_process')
      const child = spawn('git', args, {
        cwd: this.dir,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        detached: group
      })
      const stdout = new Collector()
      const stderr = new Collector()
      let stopped: 'timeout' | 'overflow' | undefined
      const stop = (why: 'timeout' | 'overflow') => {
        stopped ??= why
        kill(child, group)
        // Do not wait for pipes a surviving grandchild may hold (no process groups on Windows).
        child.stdout.destroy()
        child.stderr.destroy()
      }
      const timer = budget === undefined ? undefined : setTimeout(() => stop('timeout'), budget)
      child.stdout.on('data', (chunk: Buffer) => {
        if (!stdout.add(chunk)) stop('overflow')
      })
      child.stderr.on('data', (chunk: Buffer) => {
        if (!stderr.add(chunk)) stop('overflow')
      })

      let settled = false
      const settle = (code: number | null, signal: string | null, spawnFailure?: Error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (stopped === 'timeout' && budget !== undefined) {
          return reject(new GitTimeoutError(args, budget))
        }
        if (!spawnFailure && !stopped && code === 0) return resolve(stdout.buffer())
        const text = redact(stderr.buffer().toString('utf8').trim())
        if (!spawnFailure && !stopped && code !== null) {
          return reject(new GitError(args, code, text))
        }
        // Not an exit status: git was not started (ENOENT), was killed, or overflowed the buffer.
        const why = spawnFailure
          ? redact(spawnFailure.message)
          : stopped === 'overflow'
            ? `output over ${MAX_BUFFER} bytes`
            : `killed by ${signal}`
        reject(new GitError(args, null, text, `${why} (in ${this.dir})`))
      }
      // A failed spawn (no pid) settles on 'error'; its 'close' carries a negative errno, not an
      // exit code. A started git settles on 'close' (an 'error' then is a failed kill).
      child.on('error', error => {
        if (child.pid === undefined) settle(null, null, error)
      })
      child.on('close', (code, signal) => {
        if (child.pid !== undefined) settle(code, signal)
      })
    })
  }

  async text(args: readonly string[]): Promise<string> {
    return (await this.run(args)).toString('utf8').trim()
  }

  /** The full SHA of a commit (tags peeled), or undefined when it is not in the repository. */
  async tryCommit(rev: string): Promise<string | undefined> {
    try {
      return await this.text(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])
    } catch (error) {
      if (error instanceof GitError && error.exitCode !== null) return undefined
      throw error
    }
  }

  /** Resolves `rev` to a commit SHA, fetching it from origin when the checkout lacks it. */
  async commit(rev: string, role: 'base' | 'head'): Promise<string> {
    if (rev.startsWith('-')) {
      throw new ChangeDetectionError(
        'git',
        `Not a commit: ${JSON.stringify(rev)}. Set the \`${role}\` input to a commit SHA or a ref name.`
      )
    }
    const present = this.known.get(rev) ?? (await this.tryCommit(rev))
    if (present !== undefined) return present
    this.logger.info(`The ${role} commit ${rev} is not in the checkout; fetching it from origin.`)
    try {
      await this.fetch(['--depth=1'], [rev])
    } catch (error) {
      if (error instanceof GitTimeoutError) throw error
      throw new ChangeDetectionError(
        'git-fetch',
        `The ${role} commit ${rev} is not in the checkout at ${this.dir} and could not be fetched ` +
          `from origin (was it force-pushed away, or does it belong to another repository?). ` +
          `Check out with actions/checkout \`fetch-depth: 0\`, or set the \`${role}\` input to a ` +
          `commit that exists. ${describe(error)}`,
        { cause: error }
      )
    }
    const fetched = (await this.tryCommit(rev)) ?? (await this.tryCommit('FETCH_HEAD'))
    if (fetched === undefined) {
      throw new ChangeDetectionError(
        'git',
        `Fetched ${rev} from origin but it is not a commit. Set the \`${role}\` input to a commit.`
      )
    }
    return fetched
  }

  fetch(depth: readonly string[], revs: readonly string[]): Promise<Buffer> {
    return this.run(['fetch', '--no-tags', '--no-recurse-submodules', ...depth, 'origin', ...revs])
  }

  async isShallow(): Promise<boolean> {
    return (await this.text(['rev-parse', '--is-shallow-repository'])) === 'true'
  }

  /** The first parent of `sha`; in a shallow clone the parent is fetched before deciding there is none. */
  async firstParent(sha: string): Promise<string | undefined> {
    const parent = await this.tryCommit(`${sha}^1`)
    if (parent !== undefined || !(await this.isShallow())) return parent
    this.logger.info(
      `The parent of ${sha} is not in the shallow checkout; fetching it from origin.`
    )
    try {
      await this.fetch(['--depth=2'], [sha])
    } catch (error) {
      if (error instanceof GitTimeoutError) throw error
      throw new ChangeDetectionError(
        'git-fetch',
        `Cannot tell which commit precedes ${sha}: the checkout is shallow and fetching its parent ` +
          'from origin failed. Check out with actions/checkout `fetch-depth: 2` or more, or set ' +
          `the \`base\` input. ${describe(error)}`,
        { cause: error }
      )
    }
    return this.tryCommit(`${sha}^1`)
  }

  async findMergeBase(base: string, head: string, depths: readonly number[]): Promise<string> {
    let found = await this.tryMergeBase(base, head)
    for (const depth of [...depths, 0]) {
      if (found !== undefined || !(await this.isShallow())) break
      const how = depth === 0 ? '--unshallow' : `--depth=${depth}`
      this.logger.info(
        `No merge base of ${base} and ${head} in the shallow checkout; git fetch ${how}.`
      )
      try {
        await this.fetch([how], [base, head])
      } catch (error) {
        if (error instanceof GitTimeoutError) throw error
        throw new ChangeDetectionError(
          'git-fetch',
          `Cannot find the merge base of ${base} and ${head}: deepening the shallow checkout ` +
            `failed. Check out with actions/checkout \`fetch-depth: 0\`. ${describe(error)}`,
          { cause: error }
        )
      }
      found = await this.tryMergeBase(base, head)
    }
    if (found !== undefined) return found
    throw new ChangeDetectionError(
      'git',
      `${base} and ${head} have no common ancestor, so there is no merge base to compare from. ` +
        'Set the `base` input to a commit in the history of the head, or list the changed paths ' +
        'in `files`.'
    )
  }

  private async tryMergeBase(base: string, head: string): Promise<string | undefined> {
    try {
      return await this.text(['merge-base', base, head])
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return undefined
      throw error
    }
  }

  async diff(base: string, head: string): Promise<Change[]> {
    // Plumbing, so user diff config (renames, relative, external tools) cannot change the output.
    const out = await this.run([
      'diff-tree',
      '-r',
      '-z',
      '--raw',
      '--no-renames',
      '--no-abbrev',
      base,
      head
    ])
    return parseRawDiff(out.toString('utf8'))
  }

  async allFiles(commit: string): Promise<Change[]> {
    const out = await this.run(['ls-tree', '-r', '-z', '--full-tree', commit])
    return parseLsTree(out.toString('utf8'))
  }
}

/** A child's output, up to MAX_BUFFER bytes. */
class Collector {
  private readonly chunks: Buffer[] = []
  private size = 0

  /** False when the chunk would go over the limit (it is dropped). */
  add(chunk: Buffer): boolean {
    this.size += chunk.length
    if (this.size > MAX_BUFFER) return false
    this.chunks.push(chunk)
    return true
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

/** SIGKILL, as a hung transport may ignore SIGTERM; the whole group when git leads one. */
function kill(child: ChildProcess, group: boolean): void {
  if (group && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL')
      return
    } catch {
      // ESRCH: git and everything it started have exited already.
    }
  }
  child.kill('SIGKILL')
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Strips `user:password@` from URLs git echoes back, so a token in a remote URL never reaches a log. */
function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
}

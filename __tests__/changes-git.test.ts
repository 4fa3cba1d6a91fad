import { afterEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import {
  GitError,
  GitTimeoutError,
  gitDiffChanges,
  gitMergeBaseChanges,
  isZeroSha,
  parseLsTree,
  parseRawDiff,
  probeGitRepository
} from '../src/changes/git.js'
import { ChangeDetectionError } from '../src/changes/errors.js'
import type { Change } from '../src/model.js'
import type { Logger } from '../src/providers/provider.js'
import { GitRepo, TempDirs } from './helpers/git-repo.js'

const ZERO = '0'.repeat(40)
const temp = new TempDirs()
afterEach(() => temp.cleanup())

function sorted(changes: readonly Change[]): Change[] {
  return [...changes].sort((a, b) => (a.path + a.kind < b.path + b.kind ? -1 : 1))
}

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: m => lines.push(`debug: ${m}`),
    info: m => lines.push(`info: ${m}`),
    warning: m => lines.push(`warning: ${m}`)
  }
}

/** main: base (a, b, c) → before (x changed) ; returns the repo and the SHAs. */
async function linearRepo(): Promise<{ repo: GitRepo; base: string; before: string }> {
  const repo = await GitRepo.init(temp)
  await repo.write('a.txt')
  await repo.write('b.txt')
  await repo.write('c.txt')
  const base = await repo.commit('base')
  await repo.write('x.txt', 'x1')
  const before = await repo.commit('before')
  return { repo, base, before }
}

const SPECIAL_NAMES = [
  'with space.html',
  'café/naïve 日本.txt',
  'hash#frag.txt',
  'query?x=1.txt',
  'percent%20.txt',
  'quote"double\'single.txt',
  'line\nbreak.txt',
  'tab\there.txt',
  'back\\slash.txt'
]

describe('gitDiffChanges', () => {
  it('reports added, modified and removed files, and a rename as removed + added', async () => {
    const { repo, before } = await linearRepo()
    await repo.write('new/added.txt')
    await repo.write('a.txt', 'changed')
    await repo.remove('b.txt')
    await repo.rename('c.txt', 'moved/c.txt')
    const after = await repo.commit('after')

    const set = await gitDiffChanges(repo.dir, before, after)
    expect(set).toEqual({
      source: 'git',
      base: before,
      head: after,
      warnings: [],
      changes: [
        { path: 'a.txt', kind: 'modified' },
        { path: 'b.txt', kind: 'removed' },
        { path: 'c.txt', kind: 'removed' },
        { path: 'moved/c.txt', kind: 'added' },
        { path: 'new/added.txt', kind: 'added' }
      ]
    })
  })

  it('keeps names with spaces, unicode, #, ?, %, quotes, tabs and newlines exactly', async () => {
    const { repo, before } = await linearRepo()
    for (const name of SPECIAL_NAMES) await repo.write(name)
    const middle = await repo.commit('special names')
    const added = await gitDiffChanges(repo.dir, before, middle)
    expect(sorted(added.changes)).toEqual(
      sorted(SPECIAL_NAMES.map(path => ({ path, kind: 'added' })))
    )

    for (const name of SPECIAL_NAMES) await repo.remove(name)
    const after = await repo.commit('gone again')
    const removed = await gitDiffChanges(repo.dir, middle, after)
    expect(sorted(removed.changes)).toEqual(
      sorted(SPECIAL_NAMES.map(path => ({ path, kind: 'removed' })))
    )
  })

  it('counts a file type change (file → symlink) as modified', async () => {
    const { repo, before } = await linearRepo()
    await repo.remove('a.txt')
    await repo.git('config', 'core.symlinks', 'true')
    const { symlink } = await import('node:fs/promises')
    await symlink('b.txt', `${repo.dir}/a.txt`)
    const after = await repo.commit('symlink')
    expect((await gitDiffChanges(repo.dir, before, after)).changes).toEqual([
      { path: 'a.txt', kind: 'modified' }
    ])
  })

  it('ignores submodules (added and moved) but keeps .gitmodules', async () => {
    const library = await GitRepo.init(temp)
    await library.write('lib.txt')
    await library.commit('lib 1')
    const { repo, before } = await linearRepo()
    await repo.addSubmodule(library, 'vendor/lib')
    await repo.write('a.txt', 'changed too')
    const withSub = await repo.commit('add submodule')
    const first = await gitDiffChanges(repo.dir, before, withSub)
    expect(first.changes).toEqual([
      { path: '.gitmodules', kind: 'added' },
      { path: 'a.txt', kind: 'modified' }
    ])

    await library.write('lib.txt', 'v2')
    await library.commit('lib 2')
    await repo.git('-C', 'vendor/lib', 'pull', '--quiet', 'origin', 'main')
    const bumped = await repo.commit('bump submodule')
    expect((await gitDiffChanges(repo.dir, withSub, bumped)).changes).toEqual([])
  })

  it('measures a force push against the old tree, not the merge base', async () => {
    const { repo, base, before } = await linearRepo()
    // The pushed history drops `before` (which changed x.txt) and changes y.txt instead.
    await repo.git('reset', '--quiet', '--hard', base)
    await repo.write('y.txt')
    const after = await repo.commit('rewritten')
    const set = await gitDiffChanges(repo.dir, before, after)
    expect(set.changes).toEqual([
      { path: 'x.txt', kind: 'removed' },
      { path: 'y.txt', kind: 'added' }
    ])
  })

  it('returns nothing when base and head hold the same tree', async () => {
    const { repo, before } = await linearRepo()
    const empty = await repo.commit('empty')
    expect((await gitDiffChanges(repo.dir, before, empty)).changes).toEqual([])
  })

  it('resolves refs and annotated tags to commit SHAs', async () => {
    const { repo, base, before } = await linearRepo()
    await repo.git('tag', '-a', '-m', 'release', 'v1', base)
    const set = await gitDiffChanges(repo.dir, 'v1', 'main')
    expect(set.base).toBe(base)
    expect(set.head).toBe(before)
    expect(set.changes).toEqual([{ path: 'x.txt', kind: 'added' }])
  })

  it('with a zero or missing base compares head with its parent and warns', async () => {
    const { repo, base, before } = await linearRepo()
    for (const zero of [ZERO, undefined, '']) {
      const set = await gitDiffChanges(repo.dir, zero, before)
      expect(set.base).toBe(base)
      expect(set.changes).toEqual([{ path: 'x.txt', kind: 'added' }])
      expect(set.warnings).toHaveLength(1)
      expect(set.warnings[0]).toContain('no base commit')
      expect(set.warnings[0]).toContain(`${base}..${before}`)
    }
  })

  it('with a zero base on a root commit lists every file as added, except submodules', async () => {
    const library = await GitRepo.init(temp)
    await library.commit('lib')
    const repo = await GitRepo.init(temp)
    await repo.write('index.html')
    await repo.write('dir/deep/page #1.html')
    await repo.addSubmodule(library, 'sub')
    const root = await repo.commit('root')
    const set = await gitDiffChanges(repo.dir, ZERO, root)
    expect(set.base).toBeUndefined()
    expect(set.head).toBe(root)
    expect(sorted(set.changes)).toEqual(
      sorted([
        { path: '.gitmodules', kind: 'added' },
        { path: 'dir/deep/page #1.html', kind: 'added' },
        { path: 'index.html', kind: 'added' }
      ])
    )
    expect(set.warnings[0]).toContain('root commit')
  })

  it('fetches a before commit missing from a shallow clone', async () => {
    const { repo, before } = await linearRepo()
    await repo.write('a.txt', 'later')
    await repo.write('z.txt')
    const after = await repo.commit('after')
    const clone = await repo.cloneShallow(1)
    await expect(clone.git('cat-file', '-e', before)).rejects.toThrow()

    const logger = captureLogger()
    const set = await gitDiffChanges(clone.dir, before, after, { logger })
    expect(set.changes).toEqual([
      { path: 'a.txt', kind: 'modified' },
      { path: 'z.txt', kind: 'added' }
    ])
    expect(logger.lines.join('\n')).toContain(`base commit ${before} is not in the checkout`)
  })

  it('fetches a force-pushed-away before commit that the origin still holds', async () => {
    const { repo, base, before } = await linearRepo()
    await repo.git('reset', '--quiet', '--hard', base)
    await repo.write('y.txt')
    const after = await repo.commit('rewritten')
    const clone = await repo.cloneShallow(1)
    const set = await gitDiffChanges(clone.dir, before, after)
    expect(set.changes).toEqual([
      { path: 'x.txt', kind: 'removed' },
      { path: 'y.txt', kind: 'added' }
    ])
  })

  it('explains a before commit that cannot be fetched', async () => {
    const { repo, before } = await linearRepo()
    const clone = await repo.cloneShallow(1)
    const unknown = 'deadbeef'.repeat(5)
    const error = await gitDiffChanges(clone.dir, unknown, before).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChangeDetectionError)
    expect((error as ChangeDetectionError).kind).toBe('git-fetch')
    expect((error as ChangeDetectionError).cause).toBeInstanceOf(GitError)
    const message = (error as Error).message
    expect(message).toContain(`The base commit ${unknown} is not in the checkout`)
    expect(message).toContain('force-pushed away')
    expect(message).toContain('fetch-depth: 0')
    expect(message).toContain('`base` input')
    const head = gitDiffChanges(clone.dir, before, unknown)
    await expect(head).rejects.toThrow(`The head commit ${unknown} is not in the checkout`)
    await expect(head).rejects.toMatchObject({ kind: 'git-fetch', name: 'ChangeDetectionError' })
  })

  it('fetches the parent of a shallow head before deciding it is a root commit', async () => {
    const { repo, base, before } = await linearRepo()
    const clone = await repo.cloneShallow(1)
    const set = await gitDiffChanges(clone.dir, ZERO, before)
    expect(set.base).toBe(base)
    expect(set.changes).toEqual([{ path: 'x.txt', kind: 'added' }])
  })

  it('treats a shallow head with no parent at the origin as a root commit', async () => {
    const repo = await GitRepo.init(temp)
    await repo.write('only.txt')
    const root = await repo.commit('root')
    const clone = await repo.cloneShallow(1)
    const set = await gitDiffChanges(clone.dir, ZERO, root)
    expect(set.changes).toEqual([{ path: 'only.txt', kind: 'added' }])
    expect(set.warnings[0]).toContain('root commit')
  })

  it('refuses to guess when a shallow head’s parent cannot be fetched', async () => {
    const { repo, before } = await linearRepo()
    const clone = await repo.cloneShallow(1)
    await clone.git('remote', 'set-url', 'origin', `${repo.dir}-gone`)
    const diff = gitDiffChanges(clone.dir, ZERO, before)
    await expect(diff).rejects.toThrow(/Cannot tell which commit precedes .*fetch-depth: 2/s)
    await expect(diff).rejects.toBeInstanceOf(ChangeDetectionError)
    await expect(diff).rejects.toMatchObject({ kind: 'git-fetch' })
  })

  it('surfaces git errors without URL credentials', async () => {
    const { repo } = await linearRepo()
    // git echoes this local path back verbatim, so the credentials reach our error text.
    const remote = `file://${repo.dir}-gone/https://user:s3cret@example.com/x`
    await repo.git('remote', 'add', 'origin', remote)
    const error = await gitDiffChanges(repo.dir, 'cafe'.repeat(10), 'main').catch((e: unknown) => e)
    expect((error as Error).message).toContain('https://***@example.com')
    expect((error as Error).message).not.toContain('s3cret')
  })

  it('never waits for a credential prompt', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' })
      res.end()
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { repo } = await linearRepo()
      const { port } = server.address() as AddressInfo
      await repo.git('remote', 'add', 'origin', `http://127.0.0.1:${port}/private.git`)
      await expect(gitDiffChanges(repo.dir, 'cafe'.repeat(10), 'main')).rejects.toThrow(
        'terminal prompts disabled'
      )
    } finally {
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  })

  it('rejects a revision that looks like an option', async () => {
    const { repo } = await linearRepo()
    const diff = gitDiffChanges(repo.dir, '--output=/tmp/x', 'main')
    await expect(diff).rejects.toThrow('Not a commit: "--output=/tmp/x". Set the `base` input')
    await expect(diff).rejects.toMatchObject({ kind: 'git' })
  })
})

describe('the time budget (deadline)', () => {
  /** How `promise` settles (its error, or 'resolved'), or 'still waiting' after `ms`. */
  async function outcome(promise: Promise<unknown>, ms: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise(resolve => (timer = setTimeout(() => resolve('still waiting'), ms)))
    try {
      return await Promise.race([
        promise.then(
          () => 'resolved',
          (error: unknown) => error
        ),
        late
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Whether `pid` runs; a zombie waiting to be reaped counts as stopped. */
  async function running(pid: number): Promise<boolean> {
    try {
      process.kill(pid, 0)
    } catch {
      return false
    }
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    return !/^\d+ \(.*\) Z /s.test(stat)
  }

  async function stopped(pid: number, within: number): Promise<boolean> {
    for (const end = Date.now() + within; Date.now() < end;) {
      if (!(await running(pid))) return true
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    return !(await running(pid))
  }

  it('stops a fetch from a remote that never answers, and what it started', async () => {
    const { repo, before } = await linearRepo()
    await repo.write('y.txt')
    const after = await repo.commit('after')
    const clone = await repo.cloneShallow(1)
    const pidFile = join(await temp.make(), 'pid')
    // The ext transport runs this shell (git splits on spaces, '% ' is a space) instead of a
    // server: it records its pid and sleeps without a word, so the fetch of `before` hangs.
    await clone.git('config', 'protocol.ext.allow', 'always')
    const remote = `ext::sh -c echo% $$% >${pidFile};% exec% sleep% 30`
    await clone.git('remote', 'set-url', 'origin', remote)

    const started = Date.now()
    const diff = gitDiffChanges(clone.dir, before, after, { deadline: started + 1500 })
    try {
      const error = await outcome(diff, 8000)
      expect(error).toBeInstanceOf(GitTimeoutError)
      expect(error).toBeInstanceOf(ChangeDetectionError)
      expect((error as GitTimeoutError).kind).toBe('time-budget')
      expect((error as Error).message).toMatch(
        /^git fetch .*origin [0-9a-f]{40} took longer than the 1\.\d s left of the time budget set by the `timeout` input, so it was stopped\.$/
      )
      expect(Date.now() - started).toBeLessThan(4000)
      const sleeper = Number(await readFile(pidFile, 'utf8'))
      expect(await stopped(sleeper, 2000)).toBe(true)
    } finally {
      // Never leave the sleeper behind, even when the test fails.
      const sleeper = Number(await readFile(pidFile, 'utf8').catch(() => ''))
      if (sleeper > 0 && (await running(sleeper))) process.kill(sleeper, 'SIGKILL')
    }
  })

  it('starts no git once the deadline has passed', async () => {
    const { repo, base, before } = await linearRepo()
    const late = { deadline: Date.now() - 1 }
    await expect(gitDiffChanges(repo.dir, base, before, late)).rejects.toThrow(
      /^git rev-parse .* was not started: the time budget set by the `timeout` input is used up\.$/
    )
    await expect(probeGitRepository(repo.dir, late.deadline)).rejects.toThrow(GitTimeoutError)
    await expect(probeGitRepository(repo.dir, late.deadline)).rejects.toMatchObject({
      kind: 'time-budget',
      budgetMs: 0
    })
  })

  it('changes nothing while there is time left', async () => {
    const { repo, base, before } = await linearRepo()
    const set = await gitDiffChanges(repo.dir, base, before, { deadline: Date.now() + 60_000 })
    expect(set.changes).toEqual([{ path: 'x.txt', kind: 'added' }])
  })
})

describe('gitMergeBaseChanges', () => {
  /** main: A → M1 (m.txt); feature from A: F1 (f1.txt), F2 (f2.txt, a.txt modified). */
  async function pullRequestRepo(extraMainCommits = 0) {
    const { repo, before: a } = await linearRepo()
    await repo.git('checkout', '--quiet', '-b', 'feature')
    await repo.write('f1.txt')
    await repo.commit('F1')
    await repo.write('f2.txt')
    await repo.write('a.txt', 'feature edit')
    const head = await repo.commit('F2')
    await repo.git('checkout', '--quiet', 'main')
    for (let i = 0; i < extraMainCommits; i++) {
      await repo.git('commit', '--quiet', '--allow-empty', '-m', `main ${i}`)
    }
    await repo.write('m.txt')
    const base = await repo.commit('M1')
    return { repo, a, base, head }
  }

  const PR_CHANGES = [
    { path: 'a.txt', kind: 'modified' },
    { path: 'f1.txt', kind: 'added' },
    { path: 'f2.txt', kind: 'added' }
  ]

  it('compares the head with the merge base, not with the base', async () => {
    const { repo, a, base, head } = await pullRequestRepo()
    const set = await gitMergeBaseChanges(repo.dir, base, head)
    expect(set).toEqual({ source: 'git', base: a, head, changes: PR_CHANGES, warnings: [] })
  })

  it('fetches both ends and deepens a shallow clone until the merge base is found', async () => {
    const { repo, a, base, head } = await pullRequestRepo(3)
    const clone = await repo.cloneShallow(1)
    const logger = captureLogger()
    const set = await gitMergeBaseChanges(clone.dir, base, head, { logger })
    expect(set.base).toBe(a)
    expect(set.changes).toEqual(PR_CHANGES)
    const log = logger.lines.join('\n')
    expect(log).toContain(`head commit ${head} is not in the checkout`)
    expect(log).toContain('git fetch --depth=64')
    expect(log).not.toContain('--depth=512')
  })

  it('deepens step by step, then unshallows', async () => {
    const { repo, a, base, head } = await pullRequestRepo(6)
    const clone = await repo.cloneShallow(1)
    const logger = captureLogger()
    const set = await gitMergeBaseChanges(clone.dir, base, head, {
      logger,
      mergeBaseDepths: [1, 3]
    })
    expect(set.base).toBe(a)
    expect(set.changes).toEqual(PR_CHANGES)
    const fetches = logger.lines.filter(l => l.startsWith('info: No merge base'))
    expect(fetches.map(l => l.replace(/.*git fetch /, ''))).toEqual([
      '--depth=1.',
      '--depth=3.',
      '--unshallow.'
    ])
    expect(await clone.git('rev-parse', '--is-shallow-repository')).toBe('false')
  })

  it('explains a failed deepening', async () => {
    const { repo, base, head } = await pullRequestRepo()
    const clone = await repo.cloneShallow(1)
    await clone.git('fetch', '--quiet', '--depth=1', 'origin', head)
    await clone.git('remote', 'set-url', 'origin', `${repo.dir}-gone`)
    const changes = gitMergeBaseChanges(clone.dir, base, head)
    await expect(changes).rejects.toThrow(
      /Cannot find the merge base .*deepening the shallow checkout failed.*fetch-depth: 0/s
    )
    await expect(changes).rejects.toBeInstanceOf(ChangeDetectionError)
    await expect(changes).rejects.toMatchObject({ kind: 'git-fetch' })
  })

  it('reports unrelated histories clearly', async () => {
    const { repo, before } = await linearRepo()
    await repo.git('checkout', '--quiet', '--orphan', 'other')
    await repo.write('orphan.txt')
    const orphan = await repo.commit('orphan')
    const changes = gitMergeBaseChanges(repo.dir, before, orphan)
    await expect(changes).rejects.toThrow('have no common ancestor')
    await expect(changes).rejects.toThrow('Set the `base` input')
    await expect(changes).rejects.toMatchObject({ kind: 'git', name: 'ChangeDetectionError' })
  })
})

describe('probeGitRepository', () => {
  it('finds a work tree and says why there is none', async () => {
    const { repo } = await linearRepo()
    const found = await probeGitRepository(repo.dir)
    expect(found.found).toBe(true)
    const empty = await temp.make()
    const missing = await probeGitRepository(empty)
    expect(missing).toEqual({
      found: false,
      reason: expect.stringContaining('not a git repository')
    })
    const absent = await probeGitRepository(`${empty}/absent`)
    expect(absent).toEqual({ found: false, reason: expect.stringContaining('ENOENT') })
    expect(absent).toEqual({
      found: false,
      reason: expect.stringContaining(`(in ${empty}/absent)`)
    })
    expect(await probeGitRepository('')).toEqual({ found: false, reason: expect.any(String) })
  })

  it('resolves the revs it is given to commits in the same call, or none when one is missing', async () => {
    const { repo, base, before } = await linearRepo()
    const both = await probeGitRepository(repo.dir, undefined, ['HEAD', base, 'HEAD'])
    expect(both).toEqual({
      found: true,
      toplevel: expect.any(String),
      commits: new Map([
        ['HEAD', before],
        [base, base]
      ])
    })
    // A missing commit, a file named like the rev asked, an option-like rev: found, nothing resolved.
    await repo.write('x^{commit}')
    await repo.commit('a file named like a rev')
    for (const revs of [['HEAD', 'f'.repeat(40)], ['x'], ['--all']]) {
      const probe = await probeGitRepository(repo.dir, undefined, revs)
      expect(probe).toEqual({ found: true, toplevel: expect.any(String) })
    }
    const empty = await temp.make()
    expect(await probeGitRepository(empty, undefined, ['HEAD'])).toEqual({
      found: false,
      reason: expect.stringContaining('not a git repository')
    })
  })
})

describe('parseRawDiff', () => {
  const SHA_A = 'a'.repeat(40)
  const SHA_B = 'b'.repeat(40)

  it('maps statuses, two-path renames and copies, and skips gitlinks', () => {
    const out = [
      `:000000 100644 ${ZERO} ${SHA_A} A`,
      'new',
      `:100644 100755 ${SHA_A} ${SHA_B} M`,
      'mode',
      `:100644 120000 ${SHA_A} ${SHA_B} T`,
      'link',
      `:100644 000000 ${SHA_A} ${ZERO} D`,
      'gone',
      `:100644 100644 ${SHA_A} ${SHA_B} R091`,
      'old',
      'renamed',
      `:100644 100644 ${SHA_A} ${SHA_B} C075`,
      'src',
      'copy',
      `:160000 160000 ${SHA_A} ${SHA_B} M`,
      'sub',
      `:000000 160000 ${ZERO} ${SHA_B} A`,
      'sub2',
      `:160000 100644 ${SHA_A} ${SHA_B} T`,
      'was-sub',
      ''
    ].join('\0')
    expect(parseRawDiff(out)).toEqual([
      { path: 'new', kind: 'added' },
      { path: 'mode', kind: 'modified' },
      { path: 'link', kind: 'modified' },
      { path: 'gone', kind: 'removed' },
      { path: 'old', kind: 'removed' },
      { path: 'renamed', kind: 'added' },
      { path: 'copy', kind: 'added' }
    ])
    expect(parseRawDiff('')).toEqual([])
  })

  it('rejects output it does not understand', () => {
    expect(() => parseRawDiff('garbage\0path\0')).toThrow('Unexpected git diff-tree output')
    expect(() => parseRawDiff(`:100644 100644 ${SHA_A} ${SHA_B} M`)).toThrow(
      'Unexpected git diff-tree output'
    )
    expect(() => parseRawDiff(`:100644 100644 ${SHA_A} ${SHA_B} U\0x\0`)).toThrow(
      "Unexpected git diff-tree status 'U'"
    )
  })

  it('parses 100,000 entries in linear time', () => {
    const entry = (i: number) => `:100644 100644 ${SHA_A} ${SHA_B} M\0site/page-${i}.html\0`
    const out = Array.from({ length: 100_000 }, (_, i) => entry(i)).join('')
    const started = Date.now()
    const changes = parseRawDiff(out)
    expect(changes).toHaveLength(100_000)
    expect(changes[99_999]).toEqual({ path: 'site/page-99999.html', kind: 'modified' })
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('parseLsTree', () => {
  it('lists blobs as added and skips gitlinks', () => {
    const out = [
      `100644 blob ${'a'.repeat(40)}\tdir/a b.txt`,
      `120000 blob ${'b'.repeat(40)}\tlink`,
      `160000 commit ${'c'.repeat(40)}\tsub`,
      ''
    ].join('\0')
    expect(parseLsTree(out)).toEqual([
      { path: 'dir/a b.txt', kind: 'added' },
      { path: 'link', kind: 'added' }
    ])
    expect(() => parseLsTree('no tab here\0')).toThrow('Unexpected git ls-tree output')
  })
})

describe('isZeroSha / GitError', () => {
  it('recognises all-zero SHA-1 and SHA-256 ids only', () => {
    expect(isZeroSha(ZERO)).toBe(true)
    expect(isZeroSha('0'.repeat(64))).toBe(true)
    expect(isZeroSha(`${'0'.repeat(39)}1`)).toBe(false)
    expect(isZeroSha('')).toBe(false)
  })

  it('names the command, the exit code and stderr', () => {
    const error = new GitError(['fetch', 'origin'], 128, 'fatal: nope')
    expect(error.message).toBe('git fetch origin failed (exit 128): fatal: nope')
  })
})

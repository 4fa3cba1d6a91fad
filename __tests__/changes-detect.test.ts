import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiFile } from '../src/changes/compare-api.js'
import { detectChanges, type DetectContext } from '../src/changes/detect.js'
import { InputError } from '../src/input-error.js'
import type { Logger } from '../src/providers/provider.js'
import { GitRepo, TempDirs } from './helpers/git-repo.js'

const ZERO = '0'.repeat(40)
const temp = new TempDirs()
afterEach(() => temp.cleanup())

// GitHub API stand-in: answers `compare/<basehead>` and `commits/<ref>` from these maps.
const comparisons = new Map<string, ApiFile[]>()
const commits = new Map<string, string[]>()
const requested: string[] = []
let server: Server
let apiUrl: string
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '')
    requested.push(path)
    const [, kind, ref = ''] = /^\/repos\/octo\/site\/(compare|commits)\/(.+)$/.exec(path) ?? []
    const body =
      kind === 'compare'
        ? comparisons.has(ref) && { files: comparisons.get(ref) }
        : commits.has(ref) && { sha: ref, parents: commits.get(ref)?.map(sha => ({ sha })) }
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body || { message: 'Not Found' }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

function context(overrides: Partial<DetectContext>): DetectContext {
  return {
    eventName: 'push',
    payload: {},
    workspace: '/nonexistent/workspace',
    sha: '',
    repository: { owner: 'octo', repo: 'site' },
    apiUrl,
    token: 'test-token',
    inputs: {},
    hasDirectUrls: false,
    ...overrides
  }
}

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (m: string) => void lines.push(m)
  return { lines, debug: push, info: push, warning: push }
}

/** main: first (a.txt, b.txt) → second (a.txt modified, c.txt added). */
async function pushedRepo() {
  const repo = await GitRepo.init(temp)
  await repo.write('a.txt')
  await repo.write('b.txt')
  const first = await repo.commit('first')
  await repo.write('a.txt', 'v2')
  await repo.write('c.txt')
  const second = await repo.commit('second')
  return { repo, first, second }
}

const SECOND_CHANGES = [
  { path: 'a.txt', kind: 'modified' },
  { path: 'c.txt', kind: 'added' }
]

describe('detectChanges', () => {
  it('uses the files input over everything else, without git or the API', async () => {
    const requestsBefore = requested.length
    const set = await detectChanges(
      context({
        payload: { before: 'b', after: 'a' },
        token: '',
        inputs: { files: 'D\told.txt\n./new page.html', base: 'x', head: 'y' }
      })
    )
    expect(set).toEqual({
      source: 'files-input',
      changes: [
        { path: 'old.txt', kind: 'removed' },
        { path: 'new page.html', kind: 'modified' }
      ],
      warnings: []
    })
    expect(requested).toHaveLength(requestsBefore)
  })

  it('diffs a push from before to after in the checkout', async () => {
    const { repo, first, second } = await pushedRepo()
    const set = await detectChanges(
      context({ workspace: repo.dir, payload: { before: first, after: second }, sha: 'ignored' })
    )
    expect(set).toEqual({
      source: 'git',
      base: first,
      head: second,
      changes: SECOND_CHANGES,
      warnings: []
    })
  })

  it('asks git once for the work tree and both commits, then only for the diff', async () => {
    const { repo, first, second } = await pushedRepo()
    const logger = captureLogger()
    const set = await detectChanges(
      context({ workspace: repo.dir, payload: { before: first, after: second } }),
      { logger }
    )
    expect(set.changes).toEqual(SECOND_CHANGES)
    expect(logger.lines.filter(line => line.startsWith('git '))).toEqual([
      `git diff-tree -r -z --raw --no-renames --no-abbrev ${first} ${second}`
    ])
  })

  it('falls back to GITHUB_SHA for the head, and lets base/head inputs override the event', async () => {
    const { repo, first, second } = await pushedRepo()
    const fromSha = await detectChanges(
      context({ workspace: repo.dir, payload: { before: first }, sha: second })
    )
    expect(fromSha.head).toBe(second)
    expect(fromSha.changes).toEqual(SECOND_CHANGES)

    const overridden = await detectChanges(
      context({
        workspace: repo.dir,
        payload: { before: second, after: second },
        inputs: { base: ` ${first} `, head: 'main' }
      })
    )
    expect(overridden.base).toBe(first)
    expect(overridden.changes).toEqual(SECOND_CHANGES)
  })

  it('compares a new branch (zero before) with the head’s parent and warns', async () => {
    const { repo, first, second } = await pushedRepo()
    const set = await detectChanges(
      context({ workspace: repo.dir, payload: { before: ZERO, after: second } })
    )
    expect(set.base).toBe(first)
    expect(set.changes).toEqual(SECOND_CHANGES)
    expect(set.warnings).toEqual([expect.stringContaining('no base commit')])
  })

  it('has nothing to refresh when the push deleted the branch', async () => {
    const set = await detectChanges(context({ payload: { before: 'abc', after: ZERO } }))
    expect(set).toEqual({
      source: 'none',
      changes: [],
      warnings: [expect.stringContaining('deleted the branch')]
    })
  })

  it('uses the compare API when the workspace has no git repository', async () => {
    comparisons.set('b1...h1', [
      { filename: 'x.txt', status: 'renamed', previous_filename: 'w.txt' }
    ])
    const logger = captureLogger()
    const workspace = await temp.make()
    const set = await detectChanges(
      context({ workspace, payload: { before: 'b1', after: 'h1' } }),
      { logger }
    )
    expect(set.source).toBe('compare-api')
    expect(set.changes).toEqual([
      { path: 'w.txt', kind: 'removed' },
      { path: 'x.txt', kind: 'added' }
    ])
    expect(set.warnings).toEqual([expect.stringContaining('merge base of b1 and h1')])
    expect(logger.lines.join('\n')).toContain(`No git repository in '${workspace}'`)
  })

  it('asks the API for the head’s parent when a push without a checkout has a zero before', async () => {
    commits.set('h2', ['p2'])
    comparisons.set('p2...h2', [{ filename: 'y.txt', status: 'added' }])
    const set = await detectChanges(context({ payload: { before: ZERO, after: 'h2' } }))
    expect(set.base).toBe('p2')
    expect(set.changes).toEqual([{ path: 'y.txt', kind: 'added' }])
    expect(set.warnings).toHaveLength(2)
  })

  describe('pull requests', () => {
    async function pullRequest() {
      const { repo, first, second: base } = await pushedRepo()
      await repo.git('checkout', '--quiet', '-b', 'feature', first)
      await repo.write('feature.txt')
      const head = await repo.commit('feature')
      return { repo, first, base, head }
    }

    it.each(['pull_request', 'pull_request_target'])(
      '%s: diffs the PR head from its merge base with the base',
      async eventName => {
        const { repo, first, base, head } = await pullRequest()
        const payload = { pull_request: { base: { sha: base }, head: { sha: head } } }
        const set = await detectChanges(context({ eventName, workspace: repo.dir, payload }))
        expect(set).toEqual({
          source: 'git',
          base: first,
          head,
          changes: [{ path: 'feature.txt', kind: 'added' }],
          warnings: []
        })
      }
    )

    it('with an explicit base input diffs exactly from that commit', async () => {
      const { repo, base, head } = await pullRequest()
      const payload = { pull_request: { base: { sha: 'unused' }, head: { sha: head } } }
      const set = await detectChanges(
        context({ eventName: 'pull_request', workspace: repo.dir, payload, inputs: { base } })
      )
      expect(set.base).toBe(base)
      expect(set.changes).toEqual([
        { path: 'a.txt', kind: 'modified' },
        { path: 'c.txt', kind: 'removed' },
        { path: 'feature.txt', kind: 'added' }
      ])
    })

    it('uses the compare API without a checkout', async () => {
      comparisons.set('pb...ph', [{ filename: 'pr.txt', status: 'modified' }])
      const payload = { pull_request: { base: { sha: 'pb' }, head: { sha: 'ph' } } }
      const set = await detectChanges(context({ eventName: 'pull_request', payload }))
      expect(set.source).toBe('compare-api')
      expect(set.changes).toEqual([{ path: 'pr.txt', kind: 'modified' }])
    })

    it('explains a payload without pull_request SHAs', async () => {
      await expect(
        detectChanges(context({ eventName: 'pull_request', payload: {} }))
      ).rejects.toThrow('payload has no pull_request.base.sha')
    })
  })

  describe('other events', () => {
    it('throws an InputError listing what to provide when there is nothing to compare', async () => {
      const error = await detectChanges(context({ eventName: 'workflow_dispatch' })).catch(
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(InputError)
      const message = (error as Error).message
      expect(message).toContain("'workflow_dispatch' event")
      for (const input of ['`files`', '`base`', '`head`', '`urls`', '`prefetch-urls`']) {
        expect(message).toContain(input)
      }
    })

    it('returns an empty set when direct URLs were given instead', async () => {
      const set = await detectChanges(context({ eventName: 'schedule', hasDirectUrls: true }))
      expect(set).toEqual({ source: 'none', changes: [], warnings: [] })
    })

    it('diffs a base input against GITHUB_SHA, or a head input against its parent', async () => {
      const { repo, first, second } = await pushedRepo()
      const ctx = { eventName: 'workflow_dispatch', workspace: repo.dir, sha: second }
      const fromBase = await detectChanges(context({ ...ctx, inputs: { base: first } }))
      expect(fromBase).toMatchObject({ base: first, head: second, changes: SECOND_CHANGES })

      const fromHead = await detectChanges(context({ ...ctx, sha: '', inputs: { head: second } }))
      expect(fromHead).toMatchObject({ base: first, head: second, changes: SECOND_CHANGES })
      expect(fromHead.warnings).toHaveLength(1)
    })

    it('rejects base/head inputs that are not revisions', async () => {
      for (const [name, value] of [
        ['base', '--output=x'],
        ['head', 'two words'],
        ['base', 'bell\x07']
      ] as const) {
        const error = await detectChanges(
          context({ eventName: 'workflow_dispatch', inputs: { [name]: value } })
        ).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(InputError)
        expect((error as InputError).input).toBe(name)
      }
    })

    it('needs a head when GITHUB_SHA is empty', async () => {
      const error = await detectChanges(
        context({ eventName: 'workflow_dispatch', inputs: { base: 'abc' } })
      ).catch((e: unknown) => e)
      expect((error as InputError).input).toBe('head')
    })
  })
})

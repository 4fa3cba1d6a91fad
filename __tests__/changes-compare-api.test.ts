import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { compareApiChanges, mapApiFiles, type ApiFile } from '../src/changes/compare-api.js'
import { ChangeDetectionError, GitHubApiError } from '../src/changes/errors.js'
import { InputError } from '../src/input-error.js'

const TOKEN = 'ghs_test-token-value'

interface Recorded {
  path: string
  authorization: string | undefined
}

/** A stand-in for the GitHub REST API: compare and commit endpoints answered from maps. */
class FakeGitHub {
  readonly requests: Recorded[] = []
  readonly comparisons = new Map<string, ApiFile[]>()
  readonly commits = new Map<string, { sha: string; parents: string[]; files: ApiFile[] }>()
  failWith: { status: number; message: string } | undefined
  private server: Server | undefined

  async start(prefix = ''): Promise<string> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      this.requests.push({ path, authorization: req.headers.authorization })
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (this.failWith) return reply(this.failWith.status, { message: this.failWith.message })
      const compare = path.match(new RegExp(`^${prefix}/repos/octo/site/compare/(.+)$`))
      const files = compare?.[1] === undefined ? undefined : this.comparisons.get(compare[1])
      if (files) return reply(200, { status: 'ahead', commits: [], files })
      const commit = path.match(new RegExp(`^${prefix}/repos/octo/site/commits/(.+)$`))
      const found = commit?.[1] === undefined ? undefined : this.commits.get(commit[1])
      if (found) {
        const parents = found.parents.map(sha => ({ sha, url: '', html_url: '' }))
        return reply(200, { sha: found.sha, parents, files: found.files })
      }
      reply(404, { message: 'Not Found' })
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}${prefix}`
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()))
  }
}

let api: FakeGitHub
let apiUrl: string
beforeEach(async () => {
  api = new FakeGitHub()
  apiUrl = await api.start()
})
afterEach(() => api.stop())

const files = (n: number): ApiFile[] =>
  Array.from({ length: n }, (_, i) => ({ filename: `f${i}.txt`, status: 'modified' }))

function options(overrides: Partial<Parameters<typeof compareApiChanges>[0]> = {}) {
  return { apiUrl, token: TOKEN, owner: 'octo', repo: 'site', base: 'b1', head: 'h1', ...overrides }
}

describe('compareApiChanges', () => {
  it('maps every file status, sends the token, and warns about the merge base', async () => {
    api.comparisons.set('b1...h1', [
      { filename: 'new.txt', status: 'added' },
      { filename: 'gone.txt', status: 'removed' },
      { filename: 'café #1.txt', status: 'modified' },
      { filename: 'mode.sh', status: 'changed' },
      { filename: 'new/name.txt', status: 'renamed', previous_filename: 'old/name.txt' },
      { filename: 'copy.txt', status: 'copied', previous_filename: 'src.txt' },
      { filename: 'same.txt', status: 'unchanged' }
    ])
    const set = await compareApiChanges(options())
    expect(set.source).toBe('compare-api')
    expect(set.base).toBe('b1')
    expect(set.head).toBe('h1')
    expect(set.changes).toEqual([
      { path: 'new.txt', kind: 'added' },
      { path: 'gone.txt', kind: 'removed' },
      { path: 'café #1.txt', kind: 'modified' },
      { path: 'mode.sh', kind: 'modified' },
      { path: 'old/name.txt', kind: 'removed' },
      { path: 'new/name.txt', kind: 'added' },
      { path: 'copy.txt', kind: 'added' }
    ])
    expect(set.warnings).toHaveLength(1)
    expect(set.warnings[0]).toContain('merge base of b1 and h1')
    expect(set.warnings[0]).toContain('actions/checkout')
    expect(api.requests).toEqual([
      { path: '/repos/octo/site/compare/b1...h1', authorization: `token ${TOKEN}` }
    ])
  })

  it('talks to a GitHub Enterprise API under a path prefix', async () => {
    await api.stop()
    api = new FakeGitHub()
    apiUrl = await api.start('/api/v3')
    api.comparisons.set('b1...h1', [{ filename: 'a.txt', status: 'added' }])
    const set = await compareApiChanges(options())
    expect(set.changes).toEqual([{ path: 'a.txt', kind: 'added' }])
    expect(api.requests[0]?.path).toBe('/api/v3/repos/octo/site/compare/b1...h1')
  })

  it('accepts 299 files but refuses 300, which may be a cut-off list', async () => {
    api.comparisons.set('b1...h1', files(299))
    expect((await compareApiChanges(options())).changes).toHaveLength(299)
    api.comparisons.set('b1...h1', files(300))
    const error = await compareApiChanges(options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitHubApiError)
    expect((error as GitHubApiError).kind).toBe('github-api-limit')
    expect((error as Error).message).toContain('listed 300 changed files')
    expect((error as Error).message).toContain('Add actions/checkout before this step')
    expect((error as Error).message).toContain('fetch-depth: 2')
  })

  it('without a base compares the head with its first parent', async () => {
    api.commits.set('h1', { sha: 'h1', parents: ['p1', 'p2'], files: [] })
    api.comparisons.set('p1...h1', [{ filename: 'x.txt', status: 'modified' }])
    const set = await compareApiChanges(options({ base: undefined }))
    expect(set.base).toBe('p1')
    expect(set.changes).toEqual([{ path: 'x.txt', kind: 'modified' }])
    expect(set.warnings.join('\n')).toContain('no base commit')
    expect(set.warnings.join('\n')).toContain('merge base')
    expect(api.requests.map(r => r.path)).toEqual([
      '/repos/octo/site/commits/h1',
      '/repos/octo/site/compare/p1...h1'
    ])
  })

  it('without a base on a root commit lists the commit’s files as added', async () => {
    const rootFiles = [
      { filename: 'index.html', status: 'added' },
      { filename: 'a b.css', status: 'added' }
    ]
    api.commits.set('root', { sha: 'root', parents: [], files: rootFiles })
    const set = await compareApiChanges(options({ base: undefined, head: 'root' }))
    expect(set.base).toBeUndefined()
    expect(set.head).toBe('root')
    expect(set.changes).toEqual([
      { path: 'index.html', kind: 'added' },
      { path: 'a b.css', kind: 'added' }
    ])
    expect(api.requests).toHaveLength(1)
  })

  it('applies the 300-file limit to a root commit too', async () => {
    api.commits.set('root', { sha: 'root', parents: [], files: files(300) })
    await expect(compareApiChanges(options({ base: undefined, head: 'root' }))).rejects.toThrow(
      'listed 300 changed files'
    )
  })

  it('names the github-token input when the token is missing, before any request', async () => {
    const error = await compareApiChanges(options({ token: '' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('github-token')
    expect((error as Error).message).toContain('actions/checkout')
    expect(api.requests).toEqual([])
  })

  it('explains HTTP errors without revealing the token', async () => {
    const notFound = await compareApiChanges(options()).catch((e: unknown) => e)
    expect(notFound).toBeInstanceOf(GitHubApiError)
    expect(notFound).toMatchObject({ kind: 'github-api', status: 404, network: undefined })
    expect((notFound as Error).message).toContain('comparison b1...h1 failed (HTTP 404)')
    expect((notFound as Error).message).toContain('both commits exist')

    api.failWith = { status: 401, message: `Bad credentials for ${TOKEN}` }
    const denied = await compareApiChanges(options()).catch((e: unknown) => e)
    expect((denied as Error).message).toContain('(HTTP 401)')
    expect((denied as Error).message).toContain('contents: read')
    expect((denied as Error).message).not.toContain(TOKEN)
  })

  it('still reports a real server error as its HTTP status', async () => {
    api.failWith = { status: 500, message: 'Server Error' }
    const error = await compareApiChanges(options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitHubApiError)
    expect(error).toMatchObject({ kind: 'github-api', status: 500, network: undefined })
    expect((error as Error).message).toContain('comparison b1...h1 failed (HTTP 500): Server Error')
    expect((error as Error).message).toContain('re-run the job')
  })
})

describe('an unreachable GitHub API', () => {
  /** A port on 127.0.0.1 where nothing listens (fetch refuses some well-known ports). */
  async function freePort(): Promise<number> {
    const probe = createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>(resolve => probe.close(() => resolve()))
    return port
  }

  it('reports a refused connection as unreachable, not as HTTP 500', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`
    const error = await compareApiChanges(
      options({ apiUrl: closed, deadline: Date.now() + 10_000 })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitHubApiError)
    expect(error).toBeInstanceOf(ChangeDetectionError)
    expect(error).toMatchObject({ kind: 'github-api', network: 'ECONNREFUSED', status: undefined })
    const message = (error as Error).message
    expect(message).toContain(
      `GitHub API request for the comparison b1...h1 failed: could not reach the GitHub API at ${closed} (`
    )
    expect(message).toContain('ECONNREFUSED')
    expect(message).toContain('GITHUB_API_URL')
    expect(message).toContain('add actions/checkout before this step')
    expect(message).not.toContain('HTTP 500')
    expect(message).not.toContain('fetch failed')
    expect(message).not.toContain(TOKEN)
  })

  it('reports a host that does not resolve as unreachable, naming the DNS error', async () => {
    // `.invalid` never resolves (RFC 2606); the deadline only bounds a resolver that hangs.
    const started = Date.now()
    const error = await compareApiChanges(
      options({ apiUrl: 'https://nonexistent.invalid/api/v3', deadline: started + 10_000 })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitHubApiError)
    const { kind, network, status, message } = error as GitHubApiError
    expect({ kind, status }).toEqual({ kind: 'github-api', status: undefined })
    expect(network).toMatch(/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL)$/)
    expect(message).toContain(
      'could not reach the GitHub API at https://nonexistent.invalid/api/v3 ('
    )
    expect(message).toContain(network as string)
    expect(message).toContain('nonexistent.invalid')
    expect(message).not.toContain('HTTP 500')
    expect(message).not.toContain(TOKEN)
  })
})

describe('the time budget (deadline)', () => {
  it('stops a request the server never answers', async () => {
    const silent = createServer(() => {})
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    let timer: NodeJS.Timeout | undefined
    try {
      const { port } = silent.address() as AddressInfo
      const started = Date.now()
      const request = compareApiChanges(
        options({ apiUrl: `http://127.0.0.1:${port}`, deadline: started + 500 })
      )
      const late = new Promise(
        resolve => (timer = setTimeout(() => resolve('still waiting'), 5000))
      )
      const error = await Promise.race([
        request.then(
          () => 'resolved',
          (e: unknown) => e
        ),
        late
      ])
      expect(error).toBeInstanceOf(GitHubApiError)
      expect((error as GitHubApiError).kind).toBe('time-budget')
      expect((error as Error).message).toMatch(
        /^The GitHub API request for the comparison b1\.\.\.h1 took longer than the 0\.\d s left of the time budget set by the `timeout` input, so it was stopped\.$/
      )
      expect(Date.now() - started).toBeLessThan(3000)
    } finally {
      clearTimeout(timer)
      silent.closeAllConnections()
      await new Promise<void>(resolve => silent.close(() => resolve()))
    }
  })

  it('sends nothing once the deadline has passed', async () => {
    const late = compareApiChanges(options({ base: undefined, deadline: Date.now() - 1 }))
    await expect(late).rejects.toMatchObject({ kind: 'time-budget', name: 'GitHubApiError' })
    await expect(late).rejects.toThrow(
      'The GitHub API request for the commit h1 was not started: the time budget set by the `timeout` input is used up.'
    )
    expect(api.requests).toEqual([])
  })
})

describe('mapApiFiles', () => {
  it('keeps a renamed entry without previous_filename as added, and warns on unknown statuses', () => {
    expect(
      mapApiFiles([
        { filename: 'n.txt', status: 'renamed' },
        { filename: 'w.txt', status: 'weird' }
      ])
    ).toEqual({
      changes: [
        { path: 'n.txt', kind: 'added' },
        { path: 'w.txt', kind: 'modified' }
      ],
      warnings: [expect.stringContaining("unknown status 'weird'")]
    })
  })
})

// The bundled dist/index.js as the GitHub runner runs it (child process, INPUT_* with action.yml
// defaults, event file, output and summary files) against the DCDN emulator and real git repos.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator
} from '../../emulators/alibaba-dcdn.js'
import { runAction, type RunnerResult } from '../../emulators/github-runner.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, unmaskedLog, useE2e, type Pushed } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const RULES = `
- files: public/**
  url: https://www.example.com/
  index: [index.html]
  refresh: true
  prefetch: [added, modified]
`
const SECRET = EMULATOR_CREDENTIALS.accessKeySecret

const e2e = useE2e()
let emulator: DcdnEmulator | undefined

/** A site repository with one deployed commit and a push that adds, modifies, renames and deletes. */
async function pushedSite(): Promise<Pushed> {
  const repo = await GitRepo.init(e2e.temp())
  await repo.write('public/index.html', 'home')
  await repo.write('public/blog/old.html', 'old')
  await repo.write('public/img/logo.png', 'png')
  await repo.write('public/app.js', 'v1')
  await repo.write('README.md', 'readme')
  const before = await repo.commit('deployed')
  await repo.write('public/café menu #1.html', 'menu') // spaces, non-ASCII, '#'
  await repo.write('public/app.js', 'v2')
  await repo.rename('public/blog/old.html', 'public/blog/new.html')
  await repo.remove('public/img/logo.png')
  await repo.write('README.md', 'readme 2')
  const after = await repo.commit('push')
  return { repo, before, after }
}

function live(emu: DcdnEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    provider: 'alibaba-dcdn',
    rules: RULES,
    endpoint: emu.url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': SECRET,
    ...extra
  }
}

const push = runPush

function pullRequest(p: Pushed, inputs: Record<string, string>) {
  return runAction({
    eventName: 'pull_request',
    event: { pull_request: { base: { sha: p.before }, head: { sha: p.after } } },
    workspace: p.repo.dir,
    sha: p.after,
    inputs
  })
}

function expectNoSecret(result: RunnerResult): void {
  for (const text of [unmaskedLog(result), result.stderr, result.summary]) {
    expect(text).not.toContain(SECRET)
  }
  expect(JSON.stringify(result.report ?? {})).not.toContain(SECRET)
}

describe('dist/index.js on a push', () => {
  it('refreshes and prefetches exactly what changed, and reports every file and URL', async () => {
    emulator = e2e.track(
      await startDcdnEmulator({ quotas: { UrlRemain: 500, PreloadRemain: 100 } })
    )
    const p = await pushedSite()
    const result = await push(p, live(emulator))

    expect(result.exitCode).toBe(0)
    const refreshed = emulator.state.tasks
      .filter(t => t.action === 'RefreshDcdnObjectCaches')
      .flatMap(t => t.urls)
    const prefetched = emulator.state.tasks
      .filter(t => t.action === 'PreloadDcdnObjectCaches')
      .flatMap(t => t.urls)
    expect(refreshed.sort()).toEqual([
      'https://www.example.com/app.js',
      'https://www.example.com/blog/old.html',
      'https://www.example.com/img/logo.png'
    ])
    expect(prefetched.sort()).toEqual([
      'https://www.example.com/app.js',
      'https://www.example.com/blog/new.html',
      'https://www.example.com/caf%C3%A9%20menu%20%231.html'
    ])

    const refreshIds = emulator.state.tasks
      .filter(t => t.action === 'RefreshDcdnObjectCaches')
      .map(t => t.taskId)
    expect(result.outputs['refresh-task-ids']).toBe(refreshIds.join(','))
    expect(result.outputs.refreshed).toBe('3')
    expect(result.outputs.prefetched).toBe('3')
    expect(result.outputs.failed).toBe('0')
    expect(result.outputs.skipped).toBe('0')
    expect(JSON.parse(result.outputs['quota-remaining'] ?? '')).toEqual({
      'refresh-url': 497,
      'refresh-dir': emulator.remaining('Dir'),
      prefetch: 97
    })

    const report = result.report as Report
    expect(report.mode).toBe('live')
    expect(report.changes.map(c => `${c.kind} ${c.path}`).sort()).toEqual([
      'added public/blog/new.html',
      'added public/café menu #1.html',
      'modified README.md',
      'modified public/app.js',
      'removed public/blog/old.html',
      'removed public/img/logo.png'
    ])
    expect(report.unmatched).toEqual(['README.md'])
    for (const u of report.urls) {
      expect(['submitted', 'not-wanted']).toContain(u.status)
      if (u.status === 'submitted') expect(u.taskId).toBeTruthy()
      if (u.status === 'not-wanted') expect(u.reason).toBe('rule')
    }

    expect(result.summary).toContain('## CDN refresh: Alibaba Cloud DCDN, live')
    expect(result.summary).toContain('2 added, 2 modified, 2 removed; 1 matched no rule')
    expect(result.summary).toContain('| after | 497 |')
    expect(result.commands.filter(c => c.command === 'add-mask').map(c => c.message)).toContain(
      SECRET
    )
    expectNoSecret(result)
  })

  it('fetches a push base missing from a shallow checkout', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const shallow = await p.repo.cloneShallow(1)
    const result = await push(p, live(emulator), shallow.dir)
    expect(result.exitCode).toBe(0)
    expect(result.outputs.refreshed).toBe('3')
  })

  it('keeps a file name with a newline inside one URL', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const repo = await GitRepo.init(e2e.temp())
    await repo.write('public/a.html', 'a')
    const before = await repo.commit('one')
    await repo.write('public/line\nbreak.html', 'x')
    await repo.write('public/a.html', 'a2')
    const after = await repo.commit('two')
    const result = await push({ repo, before, after }, live(emulator))
    expect(result.exitCode).toBe(0)
    const urls = emulator.state.tasks.flatMap(t => t.urls)
    expect(urls).toContain('https://www.example.com/line%0Abreak.html')
    expect(urls.every(u => u.startsWith('https://www.example.com/'))).toBe(true)
  })

  it('submits what the quota allows, skips the rest for quota, and fails only with fail-on: skipped', async () => {
    emulator = e2e.track(await startDcdnEmulator({ quotas: { UrlRemain: 2, PreloadRemain: 100 } }))
    const p = await pushedSite()
    const lenient = await push(p, live(emulator))
    expect(lenient.exitCode).toBe(0)
    expect(lenient.outputs.refreshed).toBe('2')
    expect(lenient.outputs.skipped).toBe('1')
    expect(lenient.commands.some(c => c.command === 'warning' && /quota/.test(c.message))).toBe(
      true
    )
    const skipped = (lenient.report as Report).urls.filter(u => u.reason === 'quota')
    expect(skipped).toHaveLength(1)
    expect(lenient.summary).toContain('<summary>Skipped (1)</summary>')

    const strict = await push(p, live(emulator, { 'fail-on': 'skipped' }))
    expect(strict.exitCode).toBe(1)
    expect(
      strict.commands.some(c => c.command === 'error' && /fail-on: skipped/.test(c.message))
    ).toBe(true)
  })

  it('retries throttling and reports the attempts', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('RefreshDcdnObjectCaches', { status: 503, code: 'ServiceUnavailable' })
    const p = await pushedSite()
    const result = await push(p, live(emulator))
    expect(result.exitCode).toBe(0)
    const task = (result.report as Report).tasks.find(t => t.operation === 'refresh')
    expect(task).toMatchObject({ status: 'submitted', attempts: 2 })
  })

  it('stops on a wrong secret, names the credential, and never shows it', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const wrong = 'WrongSecretValue0123456789'
    const result = await push(p, live(emulator, { 'access-key-secret': wrong }))
    expect(result.exitCode).toBe(1)
    expect(emulator.state.tasks).toHaveLength(0)
    const error = result.commands.find(c => c.command === 'error')?.message ?? ''
    expect(error).toMatch(/access-key-secret/)
    for (const text of [unmaskedLog(result), result.stderr, result.summary]) {
      expect(text).not.toContain(wrong)
    }
  })

  it('rejects bad input before any provider call', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await push(
      p,
      live(emulator, {
        rules: '- files: public/**\n  url: https://x.example.com/\n  prefech: true\n'
      })
    )
    expect(result.exitCode).toBe(1)
    expect(emulator.requests).toHaveLength(0)
    expect(result.commands.find(c => c.command === 'error')?.message).toMatch(
      /Input 'rules'.*prefech/
    )
    expect(result.summary).toContain("The run stopped: Input 'rules': rule 1: unknown field")
    // Even a run stopped by its input leaves a report and the outputs it knows.
    const report = result.report as Report
    expect(report.error).toMatchObject({ type: 'input' })
    expect(report.error?.message).toMatch(/prefech/)
    expect(result.outputs).toMatchObject({ refreshed: '0', prefetched: '0', failed: '0' })
    expect(result.outputs.report).toBe(report.reportPath)
  })

  it('rejects a files glob that names a directory, with the fix', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await push(
      p,
      live(emulator, { rules: '- files: public\n  url: https://www.example.com/\n' })
    )
    expect(result.exitCode).toBe(1)
    expect(emulator.requests).toHaveLength(0)
    const error = result.commands.find(c => c.command === 'error')?.message ?? ''
    expect(error).toMatch(/rule 1, field 'files': "public" names a directory/)
    expect(error).toMatch(/Write "public\/\*\*"/)
  })

  it('warns, listing the globs, when no rule matched any changed file', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await push(
      p,
      live(emulator, { rules: '- files: site/**\n  url: https://www.example.com/\n' })
    )
    expect(result.exitCode).toBe(0)
    const warning = result.commands.find(
      c => c.command === 'warning' && /site\/\*\*/.test(c.message)
    )
    expect(warning?.message).toMatch(/^No rule matched any of the 6 changed files/)
    expect((result.report as Report).warnings.join('\n')).toMatch(/site\/\*\*/)
  })

  it('writes the report and the outputs it knows when the credentials are refused', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('DescribeDcdnRefreshQuota', {
      status: 403,
      code: 'InvalidAccessKeyId.NotFound',
      message: 'Specified access key is not found.'
    })
    const p = await pushedSite()
    const result = await push(p, live(emulator))
    expect(result.exitCode).toBe(1)
    expect(emulator.state.tasks).toHaveLength(0)
    const report = result.report as Report
    expect(report.error).toMatchObject({ type: 'auth' })
    expect(report.error?.message).toMatch(/access-key-id/)
    // Nothing lost: every wanted URL is there, not sent because the run stopped.
    const wanted = report.urls.filter(u => u.status !== 'not-wanted')
    expect(wanted.length).toBeGreaterThan(0)
    expect(wanted.every(u => u.status === 'skipped' && u.reason === 'aborted')).toBe(true)
    expect(result.outputs.skipped).toBe(String(wanted.length))
    expect(result.summary).toContain('[!CAUTION]')
    expect(result.commands.filter(c => c.command === 'error')).toHaveLength(1)
  })

  it('resolves a relative report-path to an absolute one and warns when it is in the checkout', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await push(p, live(emulator, { 'report-path': 'out/cdn.json' }))
    expect(result.exitCode).toBe(0)
    expect(result.outputs.report).toBe(join(p.repo.dir, 'out', 'cdn.json'))
    expect(existsSync(result.outputs.report!)).toBe(true)
    expect(
      result.commands.some(c => c.command === 'warning' && /inside the checkout/.test(c.message))
    ).toBe(true)
  })

  it('reports a base commit that cannot be fetched as such, not as an unexpected error', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await push({ ...p, before: 'f'.repeat(40) }, live(emulator))
    expect(result.exitCode).toBe(1)
    expect(emulator.requests).toHaveLength(0)
    const error = result.commands.find(c => c.command === 'error')?.message ?? ''
    expect(error).not.toMatch(/Unexpected/)
    expect(error).toMatch(/could not be fetched/)
    expect(error).toMatch(/fetch-depth: 0/)
    expect((result.report as Report).error?.type).toBe('change-detection')
  })

  it('goes red, with the report and outputs written, when the provider keeps failing until the timeout', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const down = { status: 503, code: 'ServiceUnavailable', message: 'down' }
    emulator.inject('RefreshDcdnObjectCaches', ...Array.from({ length: 50 }, () => down))
    emulator.inject('PreloadDcdnObjectCaches', ...Array.from({ length: 50 }, () => down))
    const p = await pushedSite()
    const result = await push(p, live(emulator, { timeout: '4', 'max-retries': '20' }))
    expect(result.exitCode).toBe(1)
    expect(emulator.state.tasks).toHaveLength(0)
    const report = result.report as Report
    const wanted = report.urls.filter(u => u.status !== 'not-wanted')
    expect(wanted.length).toBeGreaterThan(0)
    expect(wanted.every(u => u.status === 'failed' && u.errorCode === 'ServiceUnavailable')).toBe(
      true
    )
    expect(result.outputs.failed).toBe(String(wanted.length))
    expect(result.outputs.refreshed).toBe('0')
  })

  it('connects to an IPv6 loopback endpoint', async () => {
    emulator = e2e.track(await startDcdnEmulator({ listenHost: '::1' }))
    expect(emulator.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const p = await pushedSite()
    const result = await push(p, live(emulator))
    expect(result.exitCode).toBe(0)
    expect(result.outputs.refreshed).toBe('3')
  })
})

describe('dist/index.js on other events', () => {
  it('plans a pull request as a dry run and says why', async () => {
    emulator = e2e.track(await startDcdnEmulator())
    const p = await pushedSite()
    const result = await pullRequest(p, live(emulator))
    expect(result.exitCode).toBe(0)
    expect(emulator.state.tasks).toHaveLength(0)
    expect(emulator.requests.every(r => r.action === 'DescribeDcdnRefreshQuota')).toBe(true)
    expect(result.outputs.skipped).toBe('6')
    expect(result.summary).toContain('## CDN refresh: Alibaba Cloud DCDN, dry run')
    expect(result.summary.split('Pull request runs are always dry runs')).toHaveLength(2)
    expect(result.summary).toContain('| refresh | 3 | 1 | — | would submit 3 |')
    expect((result.report as Report).urls.filter(u => u.reason === 'dry-run')).toHaveLength(6)
    // The plan is in the log, in a collapsible group.
    const start = result.stdout.indexOf('::group::Planned requests, not sent (dry run): 2')
    const end = result.stdout.indexOf('::endgroup::', start)
    expect(start).toBeGreaterThanOrEqual(0)
    const group = result.stdout.slice(start, end)
    expect(group).toMatch(
      /1\/2 refresh: 3 URLs, host www\.example\.com: https:\/\/www\.example\.com\//
    )
    expect(group).toMatch(/2\/2 prefetch: 3 URLs/)
  })

  it('plans a pull request from a fork, which gets no secrets, without failing', async () => {
    const p = await pushedSite()
    const result = await pullRequest(p, { provider: 'alibaba-dcdn', rules: RULES })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.skipped).toBe('6')
    expect(result.summary).toContain('Pull request runs are always dry runs')
  })

  it('refreshes direct URLs on workflow_dispatch without credentials in a dry run', async () => {
    const repo = await GitRepo.init(e2e.temp())
    const result = await runAction({
      eventName: 'workflow_dispatch',
      event: {},
      workspace: repo.dir,
      inputs: { provider: 'alibaba-dcdn', urls: 'https://www.example.com/a%20b', 'dry-run': 'true' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['quota-remaining']).toBe(
      '{"refresh-url":null,"refresh-dir":null,"prefetch":null}'
    )
    expect((result.report as Report).urls).toEqual([
      expect.objectContaining({
        url: 'https://www.example.com/a%20b',
        operation: 'refresh',
        reason: 'dry-run'
      }),
      expect.objectContaining({ operation: 'prefetch', status: 'not-wanted', reason: 'rule' })
    ])
  })
})

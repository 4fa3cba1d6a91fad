// The bundled dist/index.js with provider: alibaba-edge-routine and alibaba-esa (and refresh-type
// rules on DCDN), as the GitHub runner runs it, against the Alibaba emulators and real git repos.
import { describe, expect, it } from '@jest/globals'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../../emulators/alibaba-dcdn.js'
import { startEsaEmulator } from '../../emulators/alibaba-esa.js'
import { runAction } from '../../emulators/github-runner.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, useE2e } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const KEYS = {
  'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
  'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret
}

const e2e = useE2e()

/** A push that modifies two docs of one directory, one of another, removes one, adds one. */
async function pushedDocs() {
  const repo = await GitRepo.init(e2e.temp())
  await repo.write('site/docs/a/1.html', '1')
  await repo.write('site/docs/a/2.html', '2')
  await repo.write('site/docs/b/3.html', '3')
  await repo.write('site/img/logo.png', 'png')
  const before = await repo.commit('deployed')
  await repo.write('site/docs/a/1.html', '1b')
  await repo.write('site/docs/a/2.html', '2b')
  await repo.write('site/docs/b/3.html', '3b')
  await repo.remove('site/img/logo.png')
  await repo.write('site/new.html', 'new')
  const after = await repo.commit('push')
  return { push: (inputs: Record<string, string>) => runPush({ repo, before, after }, inputs) }
}

const DIRECTORY_RULES = `
- files: site/docs/**
  url: https://www.example.com/
  strip: site/
  refresh-type: directory
- files: site/**
  exclude: site/docs/**
  url: https://static.example.com/
  prefetch: [added]
`

describe('dist/index.js with provider: alibaba-edge-routine', () => {
  it('refreshes one host a request, directories once, with routine and force, and no prefetch', async () => {
    const emu = e2e.track(await startDcdnEmulator({ quotas: { UrlRemain: 500, DirRemain: 50 } }))
    const { push } = await pushedDocs()
    const result = await push({
      provider: 'alibaba-edge-routine',
      rules: DIRECTORY_RULES,
      endpoint: emu.url,
      'routine-id': 'docs.mysubdomain',
      force: 'true',
      ...KEYS
    })
    expect(result.exitCode).toBe(0)
    const er = emu.state.tasks.filter(t => t.action === 'RefreshErObjectCaches')
    expect(er.map(t => [t.objectType, t.urls])).toEqual([
      ['Directory', ['https://www.example.com/docs/a/', 'https://www.example.com/docs/b/']],
      ['File', ['https://static.example.com/img/logo.png']]
    ])
    expect(er.every(t => t.routineId === 'docs.mysubdomain')).toBe(true)
    expect(er[0]?.force).toBe(true)
    expect(emu.state.tasks.some(t => t.action === 'PreloadDcdnObjectCaches')).toBe(false)

    const report = result.report as Report
    // The added file's prefetch a rule asked for: unsupported, not an error.
    expect(
      report.urls.find(u => u.operation === 'prefetch' && u.status !== 'not-wanted')
    ).toMatchObject({
      url: 'https://static.example.com/new.html',
      status: 'skipped',
      reason: 'unsupported'
    })
    // Each changed file says what it mapped to: here its directory.
    expect(report.changes.find(c => c.path === 'site/docs/a/1.html')?.urls).toEqual([
      'https://www.example.com/docs/a/'
    ])
    expect(report.urls.some(u => u.url === 'https://www.example.com/docs/a/1.html')).toBe(false)
    expect(JSON.parse(result.outputs['quota-remaining']!)).toEqual({
      'refresh-url': 499,
      'refresh-dir': 48
    })
    expect(result.summary).toContain('same daily counters as DCDN')
  })

  it('reports a URL longer than 1,024 characters before anything is sent', async () => {
    const emu = e2e.track(await startDcdnEmulator())
    const repo = await GitRepo.init(e2e.temp())
    await repo.write('site/x.html', 'x')
    const before = await repo.commit('one')
    // Each path segment within the file system's 255 bytes, the URL over 1,024 characters.
    await repo.write(
      `site/${Array.from({ length: 6 }, () => 'l'.repeat(200)).join('/')}.html`,
      'long'
    )
    await repo.write('site/x.html', 'x2')
    const after = await repo.commit('two')
    const result = await runAction({
      eventName: 'push',
      event: { before, after },
      workspace: repo.dir,
      sha: after,
      inputs: {
        provider: 'alibaba-edge-routine',
        rules: '- files: site/**\n  url: https://www.example.com/\n  refresh: [added, modified]\n',
        endpoint: emu.url,
        ...KEYS
      }
    })
    expect(result.exitCode).toBe(0)
    const report = result.report as Report
    expect(report.urls.filter(u => u.reason === 'url-too-long')).toHaveLength(1)
    expect(emu.state.tasks.flatMap(t => t.urls)).toEqual(['https://www.example.com/x.html'])
  })
})

describe('dist/index.js with provider: alibaba-esa', () => {
  it('purges files and directories of several site hosts, then prefetches, with per-type quotas', async () => {
    const emu = e2e.track(
      await startEsaEmulator({
        quotas: { file: { quota: 100, usage: 10 }, directory: { quota: 10, usage: 1 } }
      })
    )
    const { push } = await pushedDocs()
    const result = await push({
      provider: 'alibaba-esa',
      rules: DIRECTORY_RULES,
      endpoint: emu.url,
      'site-id': '123456789',
      'edge-compute-purge': 'true',
      ...KEYS
    })
    expect(result.exitCode).toBe(0)
    const tasks = emu.state.tasks
    expect(tasks.map(t => [t.action, t.type ?? '', t.urls])).toEqual([
      [
        'PurgeCaches',
        'directory',
        ['https://www.example.com/docs/a/', 'https://www.example.com/docs/b/']
      ],
      ['PurgeCaches', 'file', ['https://static.example.com/img/logo.png']],
      ['PreloadCaches', '', ['https://static.example.com/new.html']]
    ])
    expect(tasks.filter(t => t.action === 'PurgeCaches').every(t => t.edgeComputePurge)).toBe(true)
    const purgeAt = Math.max(...tasks.filter(t => t.action === 'PurgeCaches').map(t => t.at))
    expect(tasks.find(t => t.action === 'PreloadCaches')!.at).toBeGreaterThanOrEqual(purgeAt)
    expect(result.outputs['refresh-task-ids']?.split(',')).toHaveLength(2)
    expect(result.outputs['prefetch-task-ids']?.split(',')).toHaveLength(1)
    expect(JSON.parse(result.outputs['quota-remaining']!)).toEqual({
      'refresh-url': 89,
      'refresh-dir': 7,
      prefetch: null
    })
  })

  it('skips what the directory quota does not allow, and stops naming the credential on a wrong secret', async () => {
    const emu = e2e.track(
      await startEsaEmulator({ quotas: { directory: { quota: 10, usage: 9 } } })
    )
    const { push } = await pushedDocs()
    const base = {
      provider: 'alibaba-esa',
      rules: DIRECTORY_RULES,
      endpoint: emu.url,
      'site-id': '123456789',
      ...KEYS
    }
    const result = await push(base)
    expect(result.exitCode).toBe(0)
    const dirs = (result.report as Report).urls.filter(u => u.objectType === 'directory')
    expect(dirs.map(u => u.status)).toEqual(['submitted', 'skipped'])
    expect(dirs[1]?.detail).toBe('needs 2 refresh directories, 1 left today')

    const wrong = await push({ ...base, 'access-key-secret': 'WrongSecretValue0123456789' })
    expect(wrong.exitCode).toBe(1)
    expect(wrong.commands.find(c => c.command === 'error')?.message).toMatch(/access-key-secret/)
    expect(wrong.summary).not.toContain('WrongSecretValue0123456789')
  })
})

describe('dist/index.js with directory rules on alibaba-dcdn', () => {
  it('refreshes directories with ObjectType=Directory against the directory quota', async () => {
    const emu = e2e.track(await startDcdnEmulator({ quotas: { DirRemain: 1 } }))
    const { push } = await pushedDocs()
    const result = await push({
      provider: 'alibaba-dcdn',
      rules: DIRECTORY_RULES,
      endpoint: emu.url,
      ...KEYS
    })
    expect(result.exitCode).toBe(0)
    const dirTasks = emu.state.tasks.filter(t => t.objectType === 'Directory')
    expect(dirTasks.flatMap(t => t.urls)).toEqual(['https://www.example.com/docs/a/'])
    const skipped = (result.report as Report).urls.find(
      u => u.url === 'https://www.example.com/docs/b/'
    )
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'quota', objectType: 'directory' })
  })
})

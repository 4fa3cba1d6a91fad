// The bundled dist/index.js with `provider: huawei-vod`, as the GitHub runner runs it, against the
// VOD + IAM emulator and real git repositories.
import { describe, expect, it } from '@jest/globals'
import {
  EMULATOR_HUAWEI_CREDENTIALS,
  EMULATOR_HUAWEI_PROJECT_ID,
  startHuaweiVodEmulator,
  type HuaweiVodEmulator,
  type HuaweiVodEmulatorOptions
} from '../../emulators/huawei-vod.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, unmaskedLog, useE2e } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const RULES = `
- files: media/**
  url: https://vod.example.com/
`
const SECRET = EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret

const e2e = useE2e()

async function start(options: HuaweiVodEmulatorOptions = {}): Promise<HuaweiVodEmulator> {
  return e2e.track(await startHuaweiVodEmulator(options))
}

/** A push that adds `count` videos (one with a space and non-ASCII letters) and removes one. */
async function pushedMedia(count: number) {
  const repo = await GitRepo.init(e2e.temp())
  await repo.write('media/old.mp4', 'old')
  await repo.write('README.md', 'readme')
  const before = await repo.commit('deployed')
  for (let i = 0; i < count - 1; i++)
    await repo.write(`media/v${String(i).padStart(2, '0')}.mp4`, `${i}`)
  await repo.write('media/trailer été.mp4', 'x')
  await repo.remove('media/old.mp4')
  const after = await repo.commit('push')
  return { repo, before, after }
}

function inputs(
  emu: HuaweiVodEmulator,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    provider: 'huawei-vod',
    rules: RULES,
    endpoint: emu.url,
    'iam-endpoint': emu.url,
    'access-key-id': EMULATOR_HUAWEI_CREDENTIALS.accessKeyId,
    'access-key-secret': SECRET,
    ...extra
  }
}

const push = runPush

describe('dist/index.js with provider: huawei-vod', () => {
  it('pre-loads changed URLs in requests of 10 and each asset alone, after one IAM lookup', async () => {
    const emu = await start({
      assets: { f488337c31c8e4622f1590735b134c65: ['https://vod.example.com/a.m3u8'] }
    })
    const p = await pushedMedia(23)
    const result = await push(p, inputs(emu, { 'asset-ids': 'f488337c31c8e4622f1590735b134c65' }))

    expect(result.exitCode).toBe(0)
    expect(emu.requests.filter(r => r.route === 'ListProjects')).toHaveLength(1)
    const creates = emu.requests.filter(r => r.route === 'CreatePreheatingAsset')
    expect(creates.every(r => r.path.startsWith(`/v1.0/${EMULATOR_HUAWEI_PROJECT_ID}/`))).toBe(true)
    const sizes = emu.state.tasks.map(t => (t.assetId ? 'asset' : t.urls.length))
    expect(sizes).toEqual([10, 10, 3, 'asset'])
    const urls = emu.state.tasks.flatMap(t => (t.assetId ? [] : t.urls))
    expect(urls).toContain('https://vod.example.com/trailer%20%C3%A9t%C3%A9.mp4')
    expect(urls).not.toContain('https://vod.example.com/old.mp4')

    expect(result.outputs['prefetch-task-ids']?.split(',')).toHaveLength(4)
    expect(result.outputs.prefetched).toBe('24')
    expect(result.outputs['refresh-task-ids']).toBe('')
    expect(result.outputs['quota-remaining']).toBe('{"prefetch":null}')
    const report = result.report as Report
    // The removed file is neither refreshed (VOD cannot, and no rule asked) nor noise.
    expect(report.urls.some(u => u.operation === 'refresh')).toBe(false)
    expect(report.urls.find(u => u.objectType === 'asset')).toMatchObject({
      url: 'f488337c31c8e4622f1590735b134c65',
      status: 'submitted'
    })
    expect(result.summary).toContain('## CDN refresh: Huawei Cloud VOD, live')
    expect(result.summary).toContain('allows 1,000 prefetches a day and has no API to read')
    expect(result.summary).not.toContain('Quota left')
  })

  it('reports refreshes a rule asks for as unsupported, not as errors', async () => {
    const emu = await start()
    const p = await pushedMedia(2)
    const rules = `${RULES}  refresh: true\n`
    const result = await push(p, inputs(emu, { rules }))
    expect(result.exitCode).toBe(0)
    const refresh = (result.report as Report).urls.filter(u => u.operation === 'refresh')
    expect(refresh.length).toBeGreaterThan(0)
    expect(refresh.every(u => u.status === 'skipped' && u.reason === 'unsupported')).toBe(true)
    expect(emu.state.tasks.flatMap(t => t.urls)).toHaveLength(2)
  })

  it('stops pre-loading at the daily limit and reports the rest as skipped for quota', async () => {
    const emu = await start({ dailyLimit: 15 })
    const p = await pushedMedia(23)
    const result = await push(p, inputs(emu, { 'project-id': EMULATOR_HUAWEI_PROJECT_ID }))
    expect(result.exitCode).toBe(0)
    // A configured project ID needs no IAM lookup.
    expect(emu.requests.filter(r => r.route === 'ListProjects')).toHaveLength(0)
    const report = result.report as Report
    const prefetch = report.urls.filter(
      u => u.operation === 'prefetch' && u.status !== 'not-wanted'
    )
    expect(prefetch).toHaveLength(23)
    const submitted = prefetch.filter(u => u.status === 'submitted')
    const quota = prefetch.filter(u => u.status === 'skipped' && u.reason === 'quota')
    expect(submitted).toHaveLength(10)
    expect(quota).toHaveLength(13)
    // One refused request, then nothing more is sent for the day.
    expect(emu.requests.filter(r => r.route === 'CreatePreheatingAsset')).toHaveLength(2)
    expect(result.outputs).toMatchObject({ prefetched: '10', skipped: '13', failed: '0' })
    expect(result.commands.some(c => c.command === 'warning' && /quota/.test(c.message))).toBe(true)

    const strict = await push(p, inputs(emu, { 'fail-on': 'skipped' }))
    expect(strict.exitCode).toBe(1)
  })

  it('retries throttling (APIGW.0308, HTTP 429)', async () => {
    const emu = await start()
    emu.inject('CreatePreheatingAsset', {
      status: 429,
      code: 'APIGW.0308',
      message:
        'The throttling threshold has been reached: policy user over ratelimit, limit:5, time:1 second',
      headers: { 'retry-after': '1' }
    })
    const p = await pushedMedia(3)
    const result = await push(p, inputs(emu))
    expect(result.exitCode).toBe(0)
    const task = (result.report as Report).tasks[0]
    expect(task).toMatchObject({ status: 'submitted', attempts: 2 })
  })

  it('stops on a wrong secret before any pre-load, names the credential, and never shows it', async () => {
    const emu = await start()
    const p = await pushedMedia(3)
    const wrong = 'WrongHuaweiSecret0123456789abcdef'
    const result = await push(p, inputs(emu, { 'access-key-secret': wrong }))
    expect(result.exitCode).toBe(1)
    expect(emu.state.tasks).toHaveLength(0)
    expect(emu.requests.filter(r => r.route === 'CreatePreheatingAsset')).toHaveLength(0)
    const error = result.commands.find(c => c.command === 'error')?.message ?? ''
    expect(error).toMatch(/access-key-secret/)
    const report = result.report as Report
    expect(report.error?.type).toBe('auth')
    const wanted = report.urls.filter(u => u.status !== 'not-wanted')
    expect(wanted).toHaveLength(3)
    expect(wanted.every(u => u.status === 'skipped' && u.reason === 'aborted')).toBe(true)
    for (const text of [
      unmaskedLog(result),
      result.stderr,
      result.summary,
      JSON.stringify(report)
    ]) {
      expect(text).not.toContain(wrong)
      expect(text).not.toContain(SECRET)
    }
    expect(result.commands.filter(c => c.command === 'add-mask').map(c => c.message)).toContain(
      wrong
    )
  })

  it('says which region has no project', async () => {
    const emu = await start()
    const p = await pushedMedia(2)
    const result = await push(p, inputs(emu, { region: 'ap-southeast-3' }))
    expect(result.exitCode).toBe(1)
    expect(result.commands.find(c => c.command === 'error')?.message).toMatch(
      /ProjectNotFound: .*"ap-southeast-3".*project-id/
    )
  })
})

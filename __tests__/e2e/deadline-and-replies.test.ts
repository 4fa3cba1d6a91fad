// Issue 10 regressions through the bundle, against the DCDN emulator: `timeout` bounds every
// request (quota reads included), a provider that never answers turns the step red, a write whose
// reply was lost is not sent twice, a provider's long Retry-After is named as such, and secrets or
// signatures echoed in error bodies never reach the log, the summary or the report.
import { describe, expect, it } from '@jest/globals'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../../emulators/alibaba-dcdn.js'
import { runAction, type RunnerResult } from '../../emulators/github-runner.js'
import { GitRepo } from '../helpers/git-repo.js'
import { unmaskedLog, useE2e } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const e2e = useE2e()
const URLS = 'https://www.example.com/a.js\nhttps://www.example.com/b.css'
const SECRET = EMULATOR_CREDENTIALS.accessKeySecret

async function dispatch(endpoint: string, inputs: Record<string, string>): Promise<RunnerResult> {
  const repo = await GitRepo.init(e2e.temp())
  return runAction({
    eventName: 'workflow_dispatch',
    event: {},
    workspace: repo.dir,
    inputs: {
      provider: 'alibaba-dcdn',
      endpoint,
      'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
      'access-key-secret': SECRET,
      urls: URLS,
      ...inputs
    }
  })
}

function wanted(result: RunnerResult) {
  return (result.report as Report).urls.filter(u => u.status !== 'not-wanted')
}

describe('timeout bounds every provider call', () => {
  it('timeout: 3 with a quota read that never answers ends in about 3 s, red', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('DescribeDcdnRefreshQuota', 'timeout')
    const result = await dispatch(emulator.url, { timeout: '3' })
    expect(result.durationMs).toBeLessThan(3000 + 4000)
    expect(result.exitCode).toBe(1)
    // Nothing was sent: the provider never answered, so the URLs failed, they were not skipped.
    expect(emulator.requests.map(r => r.action)).toEqual(['DescribeDcdnRefreshQuota'])
    expect(wanted(result)).toHaveLength(2)
    for (const url of wanted(result)) {
      expect(url).toMatchObject({ status: 'failed', errorCode: 'Timeout' })
    }
  }, 20_000)

  it('timeout: 20 with every request hanging ends within the timeout plus a few seconds, red', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('*', ...Array.from({ length: 20 }, () => 'timeout' as const))
    const result = await dispatch(emulator.url, { timeout: '20' })
    expect(result.durationMs).toBeLessThan(20_000 + 4000)
    expect(result.exitCode).toBe(1)
    expect(wanted(result).every(u => u.status === 'failed')).toBe(true)
    expect(result.outputs.failed).toBe('2')
  }, 40_000)
})

describe('replies', () => {
  it('a refresh whose reply was reset after it was accepted is not sent again: the task list shows it', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('RefreshDcdnObjectCaches', 'accept-then-reset')
    const result = await dispatch(emulator.url, { timeout: '10' })
    expect(emulator.state.tasks).toHaveLength(1)
    const [task] = emulator.state.tasks
    expect(emulator.requests.filter(r => r.action === 'RefreshDcdnObjectCaches')).toHaveLength(1)
    // Looked up once, by the request's first URL.
    const lookUps = emulator.requests.filter(r => r.action === 'DescribeDcdnRefreshTasks')
    expect(lookUps).toHaveLength(1)
    expect({ ...lookUps[0]!.query, ...lookUps[0]!.body }).toMatchObject({
      ObjectPath: 'https://www.example.com/a.js',
      ObjectType: 'file'
    })
    expect(result.exitCode).toBe(0)
    for (const url of wanted(result)) {
      expect(url).toMatchObject({ status: 'submitted', taskId: task!.taskId })
      expect(url.mayHaveBeenAccepted).toBeUndefined()
      expect(url.detail).toMatch(/task list shows it was accepted; it was not sent again/)
    }
    expect(result.outputs['refresh-task-ids']).toBe(task!.taskId)
    expect(result.outputs.failed).toBe('0')
    // Not reported as skipped for time although its reply never came.
    expect(result.outputs.skipped).toBe('0')
  }, 20_000)

  it('a refresh reset before the provider took it stays "may have been accepted"', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('RefreshDcdnObjectCaches', 'reset')
    const result = await dispatch(emulator.url, { timeout: '10' })
    expect(emulator.state.tasks).toHaveLength(0)
    expect(emulator.requests.filter(r => r.action === 'RefreshDcdnObjectCaches')).toHaveLength(1)
    expect(result.exitCode).toBe(1)
    for (const url of wanted(result)) {
      expect(url).toMatchObject({
        status: 'failed',
        errorCode: 'ReplyLost',
        mayHaveBeenAccepted: true
      })
      expect(url.detail).toMatch(/task list did not show it/)
    }
    expect(result.summary).toContain('may have accepted')
    expect(result.outputs.skipped).toBe('0')
  }, 20_000)

  it('a 429 asking to wait past the budget says so, not that the timeout ran out', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 429,
      code: 'Throttling.User',
      message: 'slow down',
      headers: { 'retry-after': '999999' }
    })
    const result = await dispatch(emulator.url, { timeout: '600' })
    expect(result.durationMs).toBeLessThan(10_000)
    const [first] = wanted(result)
    expect(first?.status).toBe('failed')
    expect(first?.detail).toMatch(/asked to wait 999999 s/)
    expect(first?.detail).not.toMatch(/timeout ran out/)
  }, 20_000)

  it('never shows a secret echoed across the cut of a body, nor an echoed signature', async () => {
    const emulator = e2e.track(await startDcdnEmulator())
    const signature = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8)
    // A 2xx proxy page quoting the request: the secret straddles the 200-character cut.
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 200,
      body: `${'<p>'.repeat(63)}${SECRET}</p>`
    })
    // A 400 echoing the request's Authorization header.
    emulator.inject('PreloadDcdnObjectCaches', {
      status: 400,
      code: 'InvalidParameter',
      message: `bad request; Authorization: ACS3-HMAC-SHA256 Credential=${EMULATOR_CREDENTIALS.accessKeyId},SignedHeaders=host,Signature=${signature}`
    })
    const result = await dispatch(emulator.url, {
      timeout: '10',
      urls: 'https://www.example.com/a.js',
      'prefetch-urls': 'https://www.example.com/b.js'
    })
    const texts = [
      unmaskedLog(result),
      result.stderr,
      result.summary,
      JSON.stringify(result.report ?? {})
    ]
    expect(wanted(result).map(u => u.errorCode)).toEqual(['ReplyLost', 'InvalidParameter'])
    for (const text of texts) {
      expect(text).not.toContain(SECRET.slice(0, 12))
      expect(text).not.toContain(signature.slice(0, 16))
    }
  }, 20_000)
})

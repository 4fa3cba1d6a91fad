// wait: true through the bundle: the action polls the emulators' status APIs (tasks progress over
// the emulators' real time, a second or two here), orders prefetches after their refreshes, and
// reports each task's final status in the outputs, the report and the summary.
import { describe, expect, it } from '@jest/globals'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../../emulators/alibaba-dcdn.js'
import { EMULATOR_HUAWEI_CREDENTIALS, startHuaweiVodEmulator } from '../../emulators/huawei-vod.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, useE2e, type Pushed } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const e2e = useE2e()

const RULES = `
- files: public/**
  url: https://www.example.com/
  refresh: [modified]
  prefetch: [modified, added]
`

async function pushed(files: string[]): Promise<Pushed> {
  const repo = await GitRepo.init(e2e.temp())
  for (const f of files) await repo.write(`public/${f}`, 'v1')
  const before = await repo.commit('deployed')
  for (const f of files) await repo.write(`public/${f}`, 'v2')
  const after = await repo.commit('push')
  return { repo, before, after }
}

describe('wait: true on DCDN', () => {
  it('prefetches after the refresh completes and reports every task complete', async () => {
    const emulator = e2e.track(await startDcdnEmulator({ taskProgress: { durationMs: 1500 } }))
    const p = await pushed(['app.js', 'index.html'])
    const result = await runPush(p, {
      provider: 'alibaba-dcdn',
      rules: RULES,
      endpoint: emulator.url,
      'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
      'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
      wait: 'true',
      'poll-interval': '1',
      'fail-on': 'incomplete'
    })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    const [refresh, preload] = emulator.state.tasks
    expect(refresh?.action).toBe('RefreshDcdnObjectCaches')
    expect(preload?.action).toBe('PreloadDcdnObjectCaches')
    // The prefetch went only once the refresh task was complete.
    expect(preload!.at - refresh!.at).toBeGreaterThanOrEqual(1500)
    expect(result.outputs.completed).toBe('true')
    expect(result.outputs['incomplete-task-ids']).toBe('')
    expect(result.stdout).toMatch(/refresh 1\/1 tasks complete, 100%/)
    const report = result.report as Report
    expect(report.completion?.tasks.map(t => [t.operation, t.taskId, t.status])).toEqual([
      ['refresh', refresh!.taskId, 'complete'],
      ['prefetch', preload!.taskId, 'complete']
    ])
    expect(report.completion?.tasks.every(t => (t.durationMs ?? 0) >= 1500)).toBe(true)
    expect(result.summary).toContain('**Waiting for completion**: ✅ all 2 tasks complete')
  })

  it('fails the step with fail-on: incomplete when a task fails or never finishes', async () => {
    const emulator = e2e.track(
      await startDcdnEmulator({
        taskProgress: {
          durationMs: 1000,
          failure: url => (url.includes('broken') ? 'OriginTimeout' : undefined),
          stuck: url => url.includes('stuck')
        }
      })
    )
    const p = await pushed(['unused.txt'])
    const result = await runPush(p, {
      provider: 'alibaba-dcdn',
      urls: ['a', 'b', 'c']
        .map((h, i) => `https://${h}.example.com/${['broken', 'stuck', 'fine'][i]}.js`)
        .join('\n'),
      endpoint: emulator.url,
      'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
      'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
      wait: 'true',
      'wait-timeout': '3',
      'poll-interval': '1',
      'fail-on': 'incomplete'
    })
    expect(result.exitCode).toBe(1)
    const report = result.report as Report
    // One request over three hosts: one task per host, as DCDN opens them.
    const byUrl = Object.fromEntries(
      emulator.state.tasks.map(t => {
        const task = report.completion?.tasks.find(c => c.taskId === t.taskId)
        return [t.urls.join(), [task?.status, task?.detail]]
      })
    )
    expect(byUrl).toEqual({
      'https://a.example.com/broken.js': ['failed', 'OriginTimeout'],
      'https://b.example.com/stuck.js': [
        'incomplete',
        'not finished when the wait-timeout ran out (last seen 50%)'
      ],
      'https://c.example.com/fine.js': ['complete', undefined]
    })
    expect(report.completion?.completed).toBe(false)
    const notDone = report.completion!.tasks.filter(t => t.status !== 'complete').map(t => t.key)
    expect(result.outputs['incomplete-task-ids']).toBe(notDone.join(','))
    expect(result.outputs.completed).toBe('false')
    expect(result.commands).toContainEqual({
      command: 'error',
      message: expect.stringMatching(
        /^Not complete: 2 tasks \(1 failed, 1 did not finish within wait-timeout; fail-on: incomplete\)/
      )
    })
    expect(result.summary).toContain('1 of 3 tasks complete')
  })
})

describe('wait: true on Huawei VOD', () => {
  it('waits for every pre-load task, per URL, and reports the failed one', async () => {
    const emulator = e2e.track(
      await startHuaweiVodEmulator({
        preheatDurationMs: 1500,
        failingUrls: ['https://vod.example.com/bad.mp4']
      })
    )
    const p = await pushed(['unused.txt'])
    const urls = Array.from({ length: 11 }, (_, i) => `https://vod.example.com/v${i}.mp4`)
    const result = await runPush(p, {
      provider: 'huawei-vod',
      'prefetch-urls': [...urls, 'https://vod.example.com/bad.mp4'].join('\n'),
      endpoint: emulator.url,
      'iam-endpoint': emulator.url,
      'access-key-id': EMULATOR_HUAWEI_CREDENTIALS.accessKeyId,
      'access-key-secret': EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret,
      wait: 'true',
      'poll-interval': '1'
    })
    // fail-on: error (the default) does not fail for a task that failed at the CDN.
    expect(result.exitCode).toBe(0)
    const report = result.report as Report
    // 12 URLs, 10 a request: two tasks.
    expect(report.completion?.tasks.map(t => [t.urls, t.status])).toEqual([
      [10, 'complete'],
      [2, 'failed']
    ])
    expect(report.completion?.tasks[1]?.detail).toBe(
      'pre-load failed for 1 of 2 URLs: https://vod.example.com/bad.mp4'
    )
    expect(result.outputs.completed).toBe('false')
    expect(result.outputs['incomplete-task-ids']).toBe(report.completion?.tasks[1]?.taskId)
    expect(result.stdout).toMatch(/prefetch 1\/2 tasks complete, 100%, 1 failed/)
    expect(result.commands).toContainEqual({
      command: 'error',
      message: '1 task failed at the CDN after being accepted; see the job summary.'
    })
  })
})

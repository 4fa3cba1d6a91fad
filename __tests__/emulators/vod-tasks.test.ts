// ShowPreheatingAsset on the VOD emulator, read by the VOD status client and waited for by the
// shared waiter: per-URL statuses in either case, tasks that fail and tasks that never finish.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_HUAWEI_CREDENTIALS,
  EMULATOR_HUAWEI_PROJECT_ID,
  startHuaweiVodEmulator,
  type HuaweiVodEmulator,
  type HuaweiVodEmulatorOptions
} from '../../emulators/huawei-vod.js'
import { VodClient } from '../../src/providers/huawei/vod.js'
import { vodProviderClient, vodSpec } from '../../src/providers/huawei/vod-provider.js'
import { silentLogger } from '../../src/providers/provider.js'
import type { BatchOutcome } from '../../src/model.js'
import { tasksOf, waitForTasks } from '../../src/wait/wait.js'
import { acceptedBatch } from '../helpers/accepted-batch.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: HuaweiVodEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const SECOND = 1000
const MINUTE = 60 * SECOND

async function setup(options: HuaweiVodEmulatorOptions = {}) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startHuaweiVodEmulator({
    now: () => clock.now(),
    preheatDurationMs: 2 * MINUTE,
    failingUrls: ['https://v.example.com/bad.mp4'],
    stuckUrls: ['https://v.example.com/stuck.mp4'],
    ...options
  })
  running.push(emulator)
  const client = vodProviderClient(
    new VodClient({
      endpoint: emulator.url,
      iamEndpoint: emulator.url,
      projectId: EMULATOR_HUAWEI_PROJECT_ID,
      credentials: EMULATOR_HUAWEI_CREDENTIALS,
      requestTimeoutMs: 5000,
      now: () => clock.now()
    })
  )
  return { clock, emulator, client }
}

describe('ShowPreheatingAsset', () => {
  for (const statusCase of ['lower', 'upper'] as const) {
    it(`reads per-URL statuses in ${statusCase} case: processing, then succeed or failed`, async () => {
      const { clock, client } = await setup({ statusCase })
      const ok = await acceptedBatch(client, clock, 'prefetch', ['https://v.example.com/a.mp4'])
      const bad = await acceptedBatch(client, clock, 'prefetch', [
        'https://v.example.com/b.mp4',
        'https://v.example.com/bad.mp4'
      ])
      const ask = (o: BatchOutcome) =>
        client.taskStatus!('prefetch', [
          {
            key: o.taskIds[0]!,
            taskId: o.taskIds[0],
            operation: 'prefetch',
            urls: [],
            submittedAt: 0
          }
        ])
      expect((await ask(ok))[0]).toMatchObject({ state: 'running', progress: 0 })
      clock.advance(2 * MINUTE)
      expect((await ask(ok))[0]).toMatchObject({ state: 'complete', progress: 100 })
      expect((await ask(bad))[0]).toEqual({
        key: bad.taskIds[0],
        state: 'failed',
        progress: 100,
        detail: 'pre-load failed for 1 of 2 URLs: https://v.example.com/bad.mp4'
      })
    })
  }

  it('waits one call per task, ending with failed and never-finishing tasks reported', async () => {
    const { clock, client, emulator } = await setup()
    const outcomes = [
      await acceptedBatch(client, clock, 'prefetch', ['https://v.example.com/a.mp4']),
      await acceptedBatch(client, clock, 'prefetch', ['https://v.example.com/bad.mp4']),
      await acceptedBatch(client, clock, 'prefetch', ['https://v.example.com/stuck.mp4'])
    ]
    const tasks = tasksOf(outcomes, { spec: vodSpec, client })
    const t0 = clock.now()
    await waitForTasks(
      tasks,
      {
        client,
        spec: vodSpec,
        clock,
        maxRetries: 1,
        pollIntervalMs: 30 * SECOND,
        logger: silentLogger
      },
      t0 + 4 * MINUTE
    )
    expect(tasks.map(t => t.state)).toEqual(['complete', 'failed', 'incomplete'])
    const queries = emulator.requests.filter(r => r.route === 'ShowPreheatingAsset')
    // Polls at 30, 60 and 120 s (all three; two end at 120 s), then 180 and 240 s for the stuck one.
    expect(queries.length).toBe(3 + 3 + 3 + 1 + 1)
  })
})

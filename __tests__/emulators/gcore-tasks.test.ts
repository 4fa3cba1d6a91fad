// GET /cdn/purge_statuses on the Gcore emulator: purges found without task IDs (by resource cname,
// type, creation time and payload), progressing over injected time; prefetches have no status.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreEmulatorOptions
} from '../../emulators/gcore.js'
import { gcoreProviderClient, gcoreSpec } from '../../src/providers/gcore/gcore-provider.js'
import { silentLogger, type ProviderClient } from '../../src/providers/provider.js'
import { tasksOf, waitForTasks, type WaitTask } from '../../src/wait/wait.js'
import { acceptedBatch } from '../helpers/accepted-batch.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: GcoreEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const SECOND = 1000
const MINUTE = 60 * SECOND

async function setup(options: GcoreEmulatorOptions = {}) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startGcoreEmulator({
    now: () => clock.now(),
    taskProgress: {
      durationMs: 2 * MINUTE,
      failure: path => (path.includes('broken') ? 'failed' : undefined),
      stuck: path => path.includes('stuck')
    },
    ...options
  })
  running.push(emulator)
  const client = gcoreProviderClient(
    {
      endpoint: emulator.url,
      apiKey: EMULATOR_GCORE_API_KEY,
      resourceId: EMULATOR_GCORE_RESOURCE_ID,
      requestTimeoutMs: 5000,
      now: () => clock.now()
    },
    silentLogger
  )
  return { clock, emulator, client }
}

async function waitAll(client: ProviderClient, clock: FakeClock, tasks: WaitTask[], ms: number) {
  return waitForTasks(
    tasks,
    {
      client,
      spec: gcoreSpec,
      clock,
      maxRetries: 1,
      pollIntervalMs: 30 * SECOND,
      logger: silentLogger
    },
    clock.now() + ms
  )
}

describe('Gcore purge statuses', () => {
  it('tells identical purges apart by creation time, and finds pattern purges', async () => {
    const { clock, client, emulator } = await setup()
    const first = await acceptedBatch(client, clock, 'refresh', [
      'https://cdn.example.com/a.js?v=1'
    ])
    clock.advance(MINUTE)
    const second = await acceptedBatch(client, clock, 'refresh', [
      'https://cdn.example.com/a.js?v=1'
    ])
    const dir = await acceptedBatch(
      client,
      clock,
      'refresh',
      ['https://cdn.example.com/docs/'],
      'directory'
    )
    const tasks = tasksOf([first, second, dir], { spec: gcoreSpec, client })
    expect(tasks.map(t => t.key)).toEqual(['request 1', 'request 2', 'request 3'])
    await waitAll(client, clock, tasks, 10 * MINUTE)
    // Polls 30, 60 and 120 s after the last submission: the first purge (a minute older) is seen
    // complete at 60 s, its twin at 120 s; had they been confused, the first would show 180 s.
    expect(tasks.map(t => [t.state, (t.finishedAt! - t.submittedAt) / SECOND])).toEqual([
      ['complete', 120],
      ['complete', 120],
      ['complete', 120]
    ])
    const statuses = emulator.requests.filter(r => r.route === 'purge-statuses')
    expect(statuses).toHaveLength(3)
    expect(emulator.requests.filter(r => r.route === 'resource')).toHaveLength(1)
  })

  it('reports a failed purge, one that never ends, and prefetches as status unavailable', async () => {
    const { clock, client } = await setup()
    const outcomes = [
      await acceptedBatch(client, clock, 'refresh', ['https://cdn.example.com/broken.js']),
      await acceptedBatch(client, clock, 'refresh', ['https://cdn.example.com/stuck.js']),
      await acceptedBatch(client, clock, 'prefetch', ['https://cdn.example.com/big.iso'])
    ]
    const tasks = tasksOf(outcomes, { spec: gcoreSpec, client })
    await waitAll(client, clock, tasks, 5 * MINUTE)
    expect(tasks.map(t => [t.operation, t.state])).toEqual([
      ['refresh', 'failed'],
      ['refresh', 'incomplete'],
      ['prefetch', 'unavailable']
    ])
    expect(tasks[2]!.detail).toBe(
      'accepted, status unavailable: Gcore CDN has no prefetch status API'
    )
  })

  it('reports "Status report disabled" as unavailable, never complete', async () => {
    const { clock, client } = await setup({ statusReportDisabled: true })
    const tasks = tasksOf(
      [await acceptedBatch(client, clock, 'refresh', ['https://cdn.example.com/a.js'])],
      { spec: gcoreSpec, client }
    )
    await waitAll(client, clock, tasks, 5 * MINUTE)
    expect(tasks[0]).toMatchObject({ state: 'unavailable' })
  })
})

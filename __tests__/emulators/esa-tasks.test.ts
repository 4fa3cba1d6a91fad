// DescribePurgeTasks / DescribePreloadTasks on the ESA emulator: tasks listed by time window, one
// row per URL, 50 rows a page, progressing over injected time; read by the ESA status client and
// waited for by the shared waiter.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startEsaEmulator,
  type EsaEmulator
} from '../../emulators/alibaba-esa.js'
import { createEsaClient } from '../../src/providers/alibaba/esa.js'
import { esaSpec } from '../../src/providers/alibaba/esa-provider.js'
import { silentLogger, type ProviderClient } from '../../src/providers/provider.js'
import { tasksOf, waitForTasks } from '../../src/wait/wait.js'
import { acceptedBatch } from '../helpers/accepted-batch.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: EsaEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const SECOND = 1000
const MINUTE = 60 * SECOND
const SITE = '123456789'

async function setup() {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startEsaEmulator({
    now: () => clock.now(),
    taskProgress: {
      durationMs: 2 * MINUTE,
      failure: url => (url.includes('broken') ? 'OriginTimeout' : undefined),
      stuck: url => url.includes('stuck')
    }
  })
  running.push(emulator)
  const client = createEsaClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    siteId: SITE,
    requestTimeoutMs: 5000,
    now: () => clock.now()
  })
  return { clock, emulator, client }
}

const waitDeps = (client: ProviderClient, clock: FakeClock) => ({
  client,
  spec: esaSpec,
  clock,
  maxRetries: 1,
  pollIntervalMs: 30 * SECOND,
  logger: silentLogger
})

describe('ESA task listings', () => {
  it('reads a purge of 60 URLs over two pages, paced, until complete', async () => {
    const { clock, client, emulator } = await setup()
    const urls = Array.from({ length: 60 }, (_, i) => `https://www.example.com/f${i}.js`)
    const tasks = tasksOf([await acceptedBatch(client, clock, 'refresh', urls)], {
      spec: esaSpec,
      client
    })
    await waitForTasks(tasks, waitDeps(client, clock), clock.now() + 10 * MINUTE)
    expect(tasks.map(t => [t.state, t.progress])).toEqual([['complete', 100]])
    const listings = emulator.requests.filter(r => r.action === 'DescribePurgeTasks')
    const param = (r: (typeof listings)[number], name: string) => r.body[name] ?? r.query[name]
    // Polls at 30, 60, 120 s, two pages each.
    expect(listings.map(r => param(r, 'PageNumber'))).toEqual(['1', '2', '1', '2', '1', '2'])
    expect(param(listings[0]!, 'StartTime')).toBe('2026-01-01T07:55:00Z')
    expect(param(listings[0]!, 'EndTime')).toBe('2026-01-01T08:05:30Z')
  })

  it('ends with a failed purge and a preload that never finishes', async () => {
    const { clock, client } = await setup()
    const outcomes = [
      await acceptedBatch(client, clock, 'refresh', ['https://www.example.com/broken.js']),
      await acceptedBatch(client, clock, 'refresh', ['https://www.example.com/ok.js']),
      await acceptedBatch(client, clock, 'prefetch', ['https://www.example.com/stuck.js'])
    ]
    const tasks = tasksOf(outcomes, { spec: esaSpec, client })
    await waitForTasks(tasks, waitDeps(client, clock), clock.now() + 5 * MINUTE)
    expect(tasks.map(t => [t.operation, t.state, t.detail])).toEqual([
      ['refresh', 'failed', 'OriginTimeout'],
      ['refresh', 'complete', undefined],
      ['prefetch', 'incomplete', 'not finished when the wait-timeout ran out (last seen 50%)']
    ])
  })

  it('lists only the tasks opened within StartTime..EndTime', async () => {
    const { clock, client } = await setup()
    const old = await acceptedBatch(client, clock, 'refresh', ['https://www.example.com/a.js'])
    clock.advance(20 * MINUTE)
    const ask = (submittedAt: number) =>
      client.taskStatus!(
        'refresh',
        [{ key: 'k', taskId: old.taskIds[0], operation: 'refresh', urls: [], submittedAt }],
        async () => {}
      )
    // A window starting after the task was opened does not list it.
    expect((await ask(clock.now()))[0]!.state).toBe('not-found')
    expect((await ask(old.submittedAt!))[0]!.state).toBe('complete')
  })
})

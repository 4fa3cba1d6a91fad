// DescribeDcdnRefreshTaskById on the DCDN emulator: tasks progress over the emulator's injected
// time, some fail, some never finish; the DCDN client reads them and the shared waiter waits.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator,
  type DcdnEmulatorOptions
} from '../../emulators/alibaba-dcdn.js'
import { createDcdnClient, dcdnSpec } from '../../src/providers/alibaba/dcdn.js'
import { createEdgeRoutineClient } from '../../src/providers/alibaba/edge-routine.js'
import { ProviderError, silentLogger } from '../../src/providers/provider.js'
import type { Operation } from '../../src/model.js'
import { tasksOf, waitForTasks } from '../../src/wait/wait.js'
import { acceptedBatch } from '../helpers/accepted-batch.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: DcdnEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const SECOND = 1000
const MINUTE = 60 * SECOND

async function setup(options: DcdnEmulatorOptions = {}) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startDcdnEmulator({
    now: () => clock.now(),
    taskProgress: {
      pendingMs: 10 * SECOND,
      durationMs: 2 * MINUTE,
      failure: url => (url.includes('broken') ? 'OriginTimeout' : undefined),
      stuck: url => url.includes('stuck')
    },
    ...options
  })
  running.push(emulator)
  const client = createDcdnClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    requestTimeoutMs: 5000,
    now: () => clock.now()
  })
  return { clock, emulator, client }
}

const request = (taskId: string, operation: Operation = 'refresh') => ({
  key: taskId,
  taskId,
  operation,
  urls: [],
  submittedAt: 0
})

describe('DescribeDcdnRefreshTaskById', () => {
  it('lists tasks pending, then refreshing with progress, then complete or failed', async () => {
    const { clock, client } = await setup()
    const ok = await acceptedBatch(client, clock, 'refresh', ['https://a.example.com/ok.js'])
    const bad = await acceptedBatch(client, clock, 'prefetch', ['https://a.example.com/broken.js'])
    const ids = [...ok.taskIds, ...bad.taskIds]
    const status = () =>
      client.taskStatus!(
        'refresh',
        ids.map(id => request(id))
      )

    // Each answer says which URLs its task covers (ObjectPath).
    const okUrls = ['https://a.example.com/ok.js']
    const badUrls = ['https://a.example.com/broken.js']
    expect(await status()).toEqual([
      { key: ids[0], state: 'running', progress: 0, urls: okUrls },
      { key: ids[1], state: 'running', progress: 0, urls: badUrls }
    ])
    clock.advance(70 * SECOND)
    expect((await status()).map(a => [a.state, a.progress])).toEqual([
      ['running', 54],
      ['running', 54]
    ])
    clock.advance(MINUTE)
    expect(await status()).toEqual([
      { key: ids[0], state: 'complete', progress: 100, urls: okUrls },
      { key: ids[1], state: 'failed', progress: 100, detail: 'OriginTimeout', urls: badUrls }
    ])
  })

  it('does not list unknown IDs, and refuses more than 10 IDs a call', async () => {
    const { client } = await setup()
    expect(await client.taskStatus!('refresh', [request('999')])).toEqual([
      { key: '999', state: 'not-found' }
    ])
    const eleven = Array.from({ length: 11 }, (_, i) => request(String(i + 1)))
    await expect(client.taskStatus!('refresh', eleven)).rejects.toMatchObject({
      code: 'InvalidTaskId.Malformed'
    })
  })

  it('rejects a wrong key as an auth error', async () => {
    const { emulator, clock } = await setup()
    const client = createDcdnClient({
      endpoint: emulator.url,
      credentials: { ...EMULATOR_CREDENTIALS, accessKeySecret: 'wrong' },
      requestTimeoutMs: 5000,
      now: () => clock.now()
    })
    const error = await client.taskStatus!('refresh', [request('1')]).catch(e => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).errorClass).toBe('auth')
  })
})

describe('waiting on the emulator', () => {
  it('pages 12 tasks over calls of at most 10 IDs until all complete', async () => {
    const { clock, client, emulator } = await setup()
    const hosts = Array.from({ length: 12 }, (_, i) => `h${i}.example.com`)
    // One task per host: two requests of 6 hosts each, 12 task IDs.
    const outcomes = [
      await acceptedBatch(
        client,
        clock,
        'refresh',
        hosts.slice(0, 6).map(h => `https://${h}/a.js`)
      ),
      await acceptedBatch(
        client,
        clock,
        'refresh',
        hosts.slice(6).map(h => `https://${h}/a.js`)
      )
    ]
    const tasks = tasksOf(outcomes, { spec: dcdnSpec, client })
    expect(tasks).toHaveLength(12)
    const t0 = clock.now()
    const stop = await waitForTasks(
      tasks,
      {
        client,
        spec: dcdnSpec,
        clock,
        maxRetries: 1,
        pollIntervalMs: 10 * SECOND,
        logger: silentLogger
      },
      t0 + 10 * MINUTE
    )
    expect(stop).toBeUndefined()
    expect(tasks.every(t => t.state === 'complete')).toBe(true)
    const polls = emulator.requests.filter(r => r.action === 'DescribeDcdnRefreshTaskById')
    const idsPerCall = polls.map(r => (r.body.TaskId ?? r.query.TaskId ?? '').split(',').length)
    expect(Math.max(...idsPerCall)).toBe(10)
    expect(idsPerCall.slice(0, 2)).toEqual([10, 2])
    // Complete at 2 min: polls at 10 … 60 s, then 80 s and 120 s.
    expect(polls).toHaveLength(16)
  })

  it('ends with the stuck task incomplete and the failing one failed', async () => {
    const { clock, client } = await setup()
    const outcomes = [
      await acceptedBatch(client, clock, 'refresh', ['https://a.example.com/stuck.js']),
      await acceptedBatch(client, clock, 'refresh', ['https://b.example.com/broken.js']),
      await acceptedBatch(client, clock, 'prefetch', ['https://c.example.com/fine.js'])
    ]
    const tasks = tasksOf(outcomes, { spec: dcdnSpec, client })
    await waitForTasks(
      tasks,
      {
        client,
        spec: dcdnSpec,
        clock,
        maxRetries: 1,
        pollIntervalMs: 10 * SECOND,
        logger: silentLogger
      },
      clock.now() + 5 * MINUTE
    )
    expect(tasks.map(t => [t.operation, t.state, t.detail])).toEqual([
      ['refresh', 'incomplete', 'not finished when the wait-timeout ran out (last seen 50%)'],
      ['refresh', 'failed', 'OriginTimeout'],
      ['prefetch', 'complete', undefined]
    ])
  })

  it('Edge Routine tasks: waited for when listed, incomplete (never complete) when not', async () => {
    for (const listed of [true, false]) {
      const { clock, emulator } = await setup({ listEdgeRoutineTasks: listed })
      const client = createEdgeRoutineClient({
        endpoint: emulator.url,
        credentials: EMULATOR_CREDENTIALS,
        requestTimeoutMs: 5000,
        now: () => clock.now()
      })
      const at = clock.now()
      const { taskIds } = await client.submit('refresh', ['https://er.example.com/a.js'])
      const state = await client.taskStatus!('refresh', [
        { key: taskIds[0]!, taskId: taskIds[0], operation: 'refresh', urls: [], submittedAt: at }
      ])
      expect(state[0]!.state).toBe(listed ? 'running' : 'not-found')
    }
  })
})

// DescribeDcdnRefreshTasks on the DCDN emulator (providers.md §2.4), and the DCDN client looking a
// write whose answer was lost up in it: the emulator takes the write, then loses its answer; the
// submitter reports the batch submitted with the emulator's task IDs, and the write went out once.
import { afterEach, describe, expect, it } from '@jest/globals'
import * as z from 'zod/mini'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator,
  type DcdnEmulatorOptions
} from '../../emulators/alibaba-dcdn.js'
import { createDcdnClient, dcdnSpec } from '../../src/providers/alibaba/dcdn.js'
import { createEdgeRoutineClient } from '../../src/providers/alibaba/edge-routine.js'
import { edgeRoutineSpec } from '../../src/providers/alibaba/edge-routine-provider.js'
import { createObjectPathCaller } from '../../src/providers/alibaba/object-path-call.js'
import { ProviderError, silentLogger } from '../../src/providers/provider.js'
import type { Batch, BatchOutcome, ObjectType, Operation, PlanItem } from '../../src/model.js'
import { submitBatches } from '../../src/submit/submit.js'
import { systemClock } from '../../src/submit/clock.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: DcdnEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

async function start(options: DcdnEmulatorOptions = {}) {
  const emulator = await startDcdnEmulator(options)
  running.push(emulator)
  return emulator
}

const T0 = Date.UTC(2026, 0, 1, 8, 0, 0)

/** A raw DescribeDcdnRefreshTasks call; answers the JSON, or the ProviderError's code. */
async function list(emulator: DcdnEmulator, params: Record<string, string>, now: () => number) {
  const caller = createObjectPathCaller(
    { endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS, requestTimeoutMs: 5000, now },
    { version: '2018-01-15', product: 'DCDN' }
  )
  try {
    const { data } = await caller.call('DescribeDcdnRefreshTasks', params, z.any())
    return data as {
      PageNumber: number
      PageSize: number
      TotalCount: number
      Tasks: { Task: Record<string, string>[] }
    }
  } catch (err) {
    if (err instanceof ProviderError) return err.code
    throw err
  }
}

describe('DescribeDcdnRefreshTasks', () => {
  async function withTasks() {
    const clock = new FakeClock(T0)
    const emulator = await start({ now: () => clock.now() })
    const client = createDcdnClient({
      endpoint: emulator.url,
      credentials: EMULATOR_CREDENTIALS,
      requestTimeoutMs: 5000,
      now: () => clock.now()
    })
    await client.submit('refresh', ['https://a.example.com/1.js', 'https://b.example.com/2.js'])
    clock.advance(30_000)
    await client.submit('prefetch', ['https://a.example.com/1.js'])
    clock.advance(30_000)
    await client.submit('refresh', ['https://a.example.com/d/'], 'directory')
    return { clock, emulator, now: () => clock.now() }
  }

  it('lists one row per URL under Tasks.Task, newest first', async () => {
    const { emulator, now } = await withTasks()
    const answer = await list(emulator, {}, now)
    expect(answer).toMatchObject({ PageNumber: 1, PageSize: 20, TotalCount: 4 })
    expect(typeof answer === 'string' ? [] : answer.Tasks.Task).toEqual([
      {
        TaskId: '1000004',
        ObjectPath: 'https://a.example.com/d/',
        ObjectType: 'path',
        Status: 'Refreshing',
        Process: '0%',
        Description: '',
        CreationTime: '2026-01-01T08:01:00Z'
      },
      expect.objectContaining({ TaskId: '1000003', ObjectType: 'preload' }),
      expect.objectContaining({
        TaskId: '1000002',
        ObjectPath: 'https://b.example.com/2.js',
        ObjectType: 'file',
        CreationTime: '2026-01-01T08:00:00Z'
      }),
      expect.objectContaining({ TaskId: '1000001', ObjectPath: 'https://a.example.com/1.js' })
    ])
  })

  it('filters by exact ObjectPath, ObjectType and a StartTime/EndTime window', async () => {
    const { emulator, now } = await withTasks()
    const ids = async (params: Record<string, string>) => {
      const answer = await list(emulator, params, now)
      return typeof answer === 'string' ? answer : answer.Tasks.Task.map(t => t.TaskId)
    }
    const url = 'https://a.example.com/1.js'
    expect(await ids({ ObjectPath: url })).toEqual(['1000003', '1000001'])
    expect(await ids({ ObjectPath: 'https://a.example.com/1' })).toEqual([])
    expect(await ids({ ObjectPath: url, ObjectType: 'file' })).toEqual(['1000001'])
    expect(await ids({ ObjectType: 'directory' })).toEqual(['1000004'])
    expect(await ids({ ObjectPath: url, StartTime: '2026-01-01T08:00:01Z' })).toEqual(['1000003'])
    expect(await ids({ EndTime: '2026-01-01T08:00:29Z' })).toEqual(['1000002', '1000001'])
    expect(await ids({ DomainName: 'b.example.com', ObjectType: 'file' })).toEqual(['1000002'])
    expect(await ids({ TaskId: '1000003' })).toEqual(['1000003'])
  })

  it('pages at most 50 rows', async () => {
    const { emulator, now } = await withTasks()
    const page = async (n: number) => list(emulator, { PageNumber: String(n), PageSize: '3' }, now)
    expect(await page(1)).toMatchObject({ PageNumber: 1, PageSize: 3, TotalCount: 4 })
    const second = await page(2)
    expect(typeof second === 'string' ? second : second.Tasks.Task.map(t => t.TaskId)).toEqual([
      '1000001'
    ])
    expect(await list(emulator, { PageSize: '51' }, now)).toBe('InvalidPageSize')
  })

  it('refuses a malformed time, an unknown type, and DomainName without ObjectType', async () => {
    const { emulator, now } = await withTasks()
    expect(await list(emulator, { StartTime: '2026-01-01 08:00:00' }, now)).toBe(
      'InvalidStartTime.Malformed'
    )
    expect(await list(emulator, { ObjectType: 'File' }, now)).toBe('InvalidObjectType.Malformed')
    expect(await list(emulator, { DomainName: 'a.example.com' }, now)).toBe('MissingParameter')
  })

  it('lists tasks of the last 3 days only', async () => {
    const { clock, emulator, now } = await withTasks()
    clock.advance(3 * 86_400_000)
    expect(await list(emulator, {}, now)).toMatchObject({ TotalCount: 0, Tasks: { Task: [] } })
  })
})

// --- a lost answer, looked up ------------------------------------------------------------------

function batchOf(operation: Operation, urls: string[], objectType?: ObjectType): Batch {
  const items = urls.map(
    url =>
      ({
        url,
        host: new URL(url).host,
        operation,
        rule: 0,
        sources: [],
        status: 'planned',
        ...(objectType && { objectType })
      }) as PlanItem
  )
  return {
    operation,
    ...(objectType && { objectType }),
    items,
    hosts: [...new Set(items.map(i => i.host))]
  }
}

/**
 * submitBatches with the real DCDN (or Edge Routine) client against the emulator, on the system
 * clock.
 */
async function submitOne(
  emulator: DcdnEmulator,
  batch: Batch,
  provider: 'dcdn' | 'edge-routine' = 'dcdn'
): Promise<BatchOutcome> {
  const options = {
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    // Short, so that a write whose answer never comes leaves time to look it up.
    requestTimeoutMs: 1000
  }
  const er = provider === 'edge-routine'
  const client = er ? createEdgeRoutineClient(options) : createDcdnClient(options)
  const [outcome] = await submitBatches([batch], {
    client,
    spec: er ? edgeRoutineSpec : dcdnSpec,
    clock: systemClock,
    random: () => 0,
    maxRetries: 2,
    deadline: Date.now() + 8000,
    logger: silentLogger
  })
  return outcome!
}

const writes = (emulator: DcdnEmulator, action: string) =>
  emulator.requests.filter(r => r.action === action).length

describe('a write whose answer was lost', () => {
  const TWO_HOSTS = [
    'https://a.example.com/1.js',
    'https://a.example.com/2.js',
    'https://b.example.com/3.js'
  ]

  it.each(['accept-then-reset', 'accept-then-timeout', 'accept-then-cut'] as const)(
    '%s: submitted with the emulator task IDs, one task per host, sent once',
    async fault => {
      const emulator = await start()
      emulator.inject('RefreshDcdnObjectCaches', fault)
      const outcome = await submitOne(emulator, batchOf('refresh', TWO_HOSTS))
      expect(emulator.state.tasks.map(t => t.host)).toEqual(['a.example.com', 'b.example.com'])
      expect(writes(emulator, 'RefreshDcdnObjectCaches')).toBe(1)
      expect(writes(emulator, 'DescribeDcdnRefreshTasks')).toBe(2)
      expect(outcome).toMatchObject({
        status: 'submitted',
        taskIds: emulator.state.tasks.map(t => t.taskId),
        attempts: 1
      })
      expect(outcome.mayHaveBeenAccepted).toBeUndefined()
      expect(outcome.detail).toMatch(/task list shows it was accepted; it was not sent again/)
    },
    15_000
  )

  it('a 200 without the task ID: submitted with the listed ID', async () => {
    const emulator = await start()
    emulator.inject('RefreshDcdnObjectCaches', 'accept-without-task-id')
    const outcome = await submitOne(emulator, batchOf('refresh', TWO_HOSTS.slice(0, 2)))
    expect(emulator.state.tasks).toHaveLength(1)
    expect(outcome).toMatchObject({
      status: 'submitted',
      taskIds: [emulator.state.tasks[0]!.taskId]
    })
  })

  it('a prefetch and a directory refresh are looked up under their own types', async () => {
    const emulator = await start()
    emulator.inject('PreloadDcdnObjectCaches', 'accept-then-reset')
    emulator.inject('RefreshDcdnObjectCaches', 'accept-then-reset')
    const prefetch = await submitOne(emulator, batchOf('prefetch', ['https://a.example.com/1.js']))
    const dir = await submitOne(
      emulator,
      batchOf('refresh', ['https://a.example.com/d/'], 'directory')
    )
    expect(emulator.state.tasks).toHaveLength(2)
    expect([prefetch.status, dir.status]).toEqual(['submitted', 'submitted'])
    expect([...prefetch.taskIds, ...dir.taskIds]).toEqual(emulator.state.tasks.map(t => t.taskId))
  })

  it('an older task of the same URL is not taken for this one', async () => {
    const emulator = await start({ now: () => Date.now() - 30_000 })
    const earlier = createDcdnClient({
      endpoint: emulator.url,
      credentials: EMULATOR_CREDENTIALS,
      requestTimeoutMs: 5000
    })
    // Listed as created 30 s before now: inside the StartTime window, too early to be this write.
    await earlier.submit('refresh', ['https://a.example.com/1.js'])
    emulator.inject('RefreshDcdnObjectCaches', 'reset')
    const outcome = await submitOne(emulator, batchOf('refresh', ['https://a.example.com/1.js']))
    expect(outcome).toMatchObject({ status: 'failed', mayHaveBeenAccepted: true })
  })

  it('a write that never reached the emulator: not listed, so may have been accepted', async () => {
    const emulator = await start()
    // Reset before the emulator takes it: the client cannot tell this from a lost answer.
    emulator.inject('RefreshDcdnObjectCaches', 'reset')
    const outcome = await submitOne(emulator, batchOf('refresh', TWO_HOSTS))
    expect(emulator.state.tasks).toEqual([])
    expect(writes(emulator, 'RefreshDcdnObjectCaches')).toBe(1)
    expect(outcome).toMatchObject({
      status: 'failed',
      errorCode: 'ReplyLost',
      mayHaveBeenAccepted: true
    })
    expect(outcome.detail).toMatch(/may have accepted.*task list did not show it/)
  })

  it('a task list that keeps failing: may have been accepted, and the write is not resent', async () => {
    const emulator = await start()
    emulator.inject('RefreshDcdnObjectCaches', 'accept-then-reset')
    const down = { status: 503, code: 'ServiceUnavailable', message: 'down' }
    emulator.inject('DescribeDcdnRefreshTasks', down, down, down)
    const outcome = await submitOne(emulator, batchOf('refresh', TWO_HOSTS))
    expect(emulator.state.tasks).toHaveLength(2)
    expect(writes(emulator, 'RefreshDcdnObjectCaches')).toBe(1)
    // Retried as a read: max-retries 2 → 3 calls.
    expect(writes(emulator, 'DescribeDcdnRefreshTasks')).toBe(3)
    expect(outcome).toMatchObject({
      status: 'failed',
      errorCode: 'ReplyLost',
      mayHaveBeenAccepted: true
    })
    expect(outcome.detail).toMatch(/task list could not be read \(ServiceUnavailable/)
  })
})

// Whether DescribeDcdnRefreshTasks lists Edge Routine tasks is UNCONFIRMED (providers.md §3): the
// emulator is run both ways, and neither may resend the write or call an unlisted one submitted.
describe('an Edge Routine write whose answer was lost', () => {
  const URLS = ['https://a.example.com/1.js', 'https://a.example.com/2.js']

  it.each([true, false])(
    'listed %s: the write sent once, looked up once; submitted only when listed',
    async listed => {
      const emulator = await start({ listEdgeRoutineTasks: listed })
      emulator.inject('RefreshErObjectCaches', 'accept-then-reset')
      const outcome = await submitOne(emulator, batchOf('refresh', URLS), 'edge-routine')
      expect(writes(emulator, 'RefreshErObjectCaches')).toBe(1)
      expect(writes(emulator, 'DescribeDcdnRefreshTasks')).toBe(1)
      expect(emulator.state.tasks).toHaveLength(1)
      if (listed) {
        expect(outcome).toMatchObject({
          status: 'submitted',
          taskIds: [emulator.state.tasks[0]!.taskId],
          attempts: 1
        })
        expect(outcome.mayHaveBeenAccepted).toBeUndefined()
        expect(outcome.detail).toMatch(/task list shows it was accepted; it was not sent again/)
        return
      }
      // Unlisted: may have been accepted, and the detail says why it may never be listed.
      expect(outcome).toMatchObject({
        status: 'failed',
        errorCode: 'ReplyLost',
        mayHaveBeenAccepted: true
      })
      expect(outcome.detail).toMatch(
        /task list did not show it \(the list may lag; whether DescribeDcdnRefreshTasks lists Edge Routine refreshes at all is not documented\)/
      )
    }
  )

  it('an IgnoreParams refresh is not looked up (its listed type is not documented)', async () => {
    const emulator = await start({ listEdgeRoutineTasks: true })
    emulator.inject('RefreshErObjectCaches', 'accept-then-reset')
    const outcome = await submitOne(
      emulator,
      batchOf('refresh', ['https://a.example.com/1.js?v=1'], 'ignore-params'),
      'edge-routine'
    )
    expect(writes(emulator, 'DescribeDcdnRefreshTasks')).toBe(0)
    expect(outcome).toMatchObject({ status: 'failed', mayHaveBeenAccepted: true })
  })
})

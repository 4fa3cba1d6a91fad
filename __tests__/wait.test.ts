import { describe, expect, it } from '@jest/globals'
import {
  nextInterval,
  progressLine,
  tasksOf,
  waitForTasks,
  type WaitDeps,
  type WaitTask
} from '../src/wait/wait.js'
import type { BatchOutcome, Operation, PlanItem } from '../src/model.js'
import {
  ProviderError,
  silentLogger,
  type ErrorClass,
  type ProviderClient,
  type ProviderSpec
} from '../src/providers/provider.js'
import type { StatusAnswer, StatusRequest } from '../src/providers/task-status.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec } from './helpers/provider-specs.js'

const SECOND = 1000
const MINUTE = 60 * SECOND

const spec: ProviderSpec = {
  ...dcdnLikeSpec,
  status: {
    refresh: {
      api: 'ById',
      tasksPerCall: 10,
      requestWindow: { requests: 2, windowMs: SECOND }
    }
  }
}

interface Poll {
  at: number
  operation: Operation
  keys: string[]
}

/** Status from a function of (task key, time); remembers every call. */
function statusClient(
  answer: (key: string, at: number) => Omit<StatusAnswer, 'key'>,
  clock: FakeClock,
  error?: (call: number) => ErrorClass | undefined
): ProviderClient & { polls: Poll[] } {
  const polls: Poll[] = []
  return {
    polls,
    readQuota: async () => null,
    submit: async () => ({ taskIds: [] }),
    async taskStatus(operation: Operation, tasks: readonly StatusRequest[]) {
      polls.push({ at: clock.now(), operation, keys: tasks.map(t => t.key) })
      const cls = error?.(polls.length)
      if (cls) throw new ProviderError({ code: `E-${cls}`, errorClass: cls, message: cls })
      return tasks.map(t => ({ key: t.key, ...answer(t.key, clock.now()) }))
    }
  }
}

function outcome(operation: Operation, taskIds: string[], at: number, urls = 1): BatchOutcome {
  const items: PlanItem[] = Array.from({ length: urls }, (_, i) => ({
    url: `https://a.example.com/${operation}-${taskIds[0] ?? 'x'}-${i}`,
    host: 'a.example.com',
    operation,
    rule: 0,
    sources: [],
    status: 'submitted'
  }))
  return {
    batch: { operation, items, hosts: ['a.example.com'] },
    status: 'submitted',
    taskIds,
    attempts: 1,
    submittedAt: at
  }
}

function deps(client: ProviderClient, clock: FakeClock, extra: Partial<WaitDeps> = {}): WaitDeps {
  return {
    client,
    spec,
    clock,
    random: () => 0,
    maxRetries: 2,
    pollIntervalMs: 10 * SECOND,
    logger: silentLogger,
    ...extra
  }
}

describe('poll schedule', () => {
  it('polls every poll-interval for the first minute, then backs off to one a minute', () => {
    const base = 10 * SECOND
    let interval = base
    const gaps: number[] = []
    for (let at = 0; at < 5 * MINUTE; at += interval) {
      interval = nextInterval(interval, at, base)
      gaps.push(interval / SECOND)
    }
    expect(gaps.slice(0, 10)).toEqual([10, 10, 10, 10, 10, 10, 20, 40, 60, 60])
    // A poll-interval above a minute is kept as given.
    expect(nextInterval(90 * SECOND, 10 * MINUTE, 90 * SECOND)).toBe(90 * SECOND)
  })

  it('logs progress when it changes, and unchanged progress once a minute', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    // Stuck at 40% from the start; done at 150 s.
    const client = statusClient(
      (_key, at) =>
        at - t0 >= 150 * SECOND ? { state: 'complete' } : { state: 'running', progress: 40 },
      clock
    )
    const lines: string[] = []
    const logger = {
      ...silentLogger,
      info: (m: string) => lines.push(`${(clock.now() - t0) / SECOND} ${m}`)
    }
    const tasks = tasksOf([outcome('refresh', ['t1'], t0)], deps(client, clock))
    await waitForTasks(tasks, deps(client, clock, { logger }), t0 + 10 * MINUTE)
    // Polls at 10, 20, … 60, 80, 120, 180 s (backoff after the first minute).
    expect(client.polls.map(p => (p.at - t0) / SECOND)).toEqual([
      10, 20, 30, 40, 50, 60, 80, 120, 180
    ])
    expect(lines).toEqual([
      '10 refresh 0/1 tasks complete, 40%',
      '80 refresh 0/1 tasks complete, 40%',
      '180 refresh 1/1 tasks complete, 100%'
    ])
  })

  it('waits with the injected clock until every task is complete', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    // Task 1 completes after 25 s, task 2 after 3 min.
    const doneAt: Record<string, number> = { '1': t0 + 25 * SECOND, '2': t0 + 3 * MINUTE }
    const client = statusClient(
      (key, at) =>
        at >= doneAt[key]!
          ? { state: 'complete' }
          : { state: 'running', progress: Math.floor(((at - t0) * 100) / (doneAt[key]! - t0)) },
      clock
    )
    const tasks = tasksOf([outcome('refresh', ['1', '2'], t0)], { spec, client })
    const lines: string[] = []
    const logger = { ...silentLogger, info: (m: string) => lines.push(m) }
    const stop = await waitForTasks(tasks, deps(client, clock, { logger }), t0 + 10 * MINUTE)

    expect(stop).toBeUndefined()
    expect(client.polls.map(p => (p.at - t0) / SECOND)).toEqual([
      10, 20, 30, 40, 50, 60, 80, 120, 180
    ])
    // Task 1 left the polls once complete.
    expect(client.polls[3]!.keys).toEqual(['2'])
    expect(tasks.map(t => [t.key, t.state, (t.finishedAt! - t0) / SECOND])).toEqual([
      ['1', 'complete', 30],
      ['2', 'complete', 180]
    ])
    // At 10 s: 40 % and 5 %.
    expect(lines[0]).toBe('refresh 0/2 tasks complete, 22%')
    expect(lines.at(-1)).toBe('refresh 2/2 tasks complete, 100%')
  })

  it('ends at the wait-timeout with what is unfinished reported as incomplete', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    const client = statusClient(
      key => (key === 'ok' ? { state: 'complete' } : { state: 'running', progress: 40 }),
      clock
    )
    const tasks = tasksOf([outcome('refresh', ['ok', 'slow'], t0)], { spec, client })
    await waitForTasks(tasks, deps(client, clock), t0 + 95 * SECOND)
    // The last poll is at the deadline itself, not after it.
    expect(client.polls.map(p => (p.at - t0) / SECOND)).toEqual([10, 20, 30, 40, 50, 60, 80, 95])
    expect(clock.now() - t0).toBe(95 * SECOND)
    expect(tasks.map(t => t.state)).toEqual(['complete', 'incomplete'])
    expect(tasks[1]!.detail).toBe('not finished when the wait-timeout ran out (last seen 40%)')
  })

  it('reports failed tasks with the provider reason', async () => {
    const clock = new FakeClock()
    const client = statusClient(
      () => ({ state: 'failed', progress: 30, detail: 'OriginTimeout' }),
      clock
    )
    const tasks = tasksOf([outcome('refresh', ['1'], clock.now())], { spec, client })
    await waitForTasks(tasks, deps(client, clock), clock.now() + MINUTE)
    expect(tasks[0]).toMatchObject({ state: 'failed', detail: 'OriginTimeout' })
    expect(progressLine(tasks)).toBe('refresh 0/1 tasks complete, 30%, 1 failed')
  })
})

describe('status calls', () => {
  it('asks about at most tasksPerCall tasks a call, within the status rate', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    const client = statusClient(() => ({ state: 'complete' }), clock)
    const ids = Array.from({ length: 25 }, (_, i) => String(100 + i))
    const tasks = tasksOf([outcome('refresh', ids, t0)], { spec, client })
    await waitForTasks(tasks, deps(client, clock), t0 + MINUTE)
    expect(client.polls.map(p => p.keys.length)).toEqual([10, 10, 5])
    expect(client.polls.flatMap(p => p.keys)).toEqual(ids)
    // Two calls a second: the third waits for the window.
    expect(client.polls.map(p => (p.at - t0) / SECOND)).toEqual([10, 10, 11])
    expect(tasks.every(t => t.state === 'complete')).toBe(true)
  })

  it('retries a throttled status call like a submission, and keeps polling', async () => {
    const clock = new FakeClock()
    const client = statusClient(
      () => ({ state: 'complete' }),
      clock,
      call => (call <= 2 ? 'retryable' : undefined)
    )
    const tasks = tasksOf([outcome('refresh', ['1'], clock.now())], { spec, client })
    await waitForTasks(tasks, deps(client, clock, { random: () => 0.5 }), clock.now() + MINUTE)
    expect(client.polls).toHaveLength(3)
    expect(tasks[0]!.state).toBe('complete')
  })

  it('stops waiting on a credentials error, reporting the open tasks as unknown', async () => {
    const clock = new FakeClock()
    const client = statusClient(
      () => ({ state: 'running' }),
      clock,
      call => (call === 2 ? 'auth' : undefined)
    )
    const tasks = tasksOf([outcome('refresh', ['1'], clock.now())], { spec, client })
    const stop = await waitForTasks(tasks, deps(client, clock), clock.now() + 10 * MINUTE)
    expect(stop?.message).toMatch(/^ById refused the credentials, so the wait stopped: E-auth/)
    expect(client.polls).toHaveLength(2)
    expect(tasks[0]).toMatchObject({ state: 'unknown' })
  })

  it('reports an operation without a status API as unavailable, never complete', async () => {
    const clock = new FakeClock()
    const client = statusClient(() => ({ state: 'complete' }), clock)
    const tasks: WaitTask[] = tasksOf(
      [outcome('refresh', ['1'], clock.now()), outcome('prefetch', [], clock.now())],
      { spec, client }
    )
    await waitForTasks(tasks, deps(client, clock), clock.now() + MINUTE)
    expect(tasks.map(t => [t.key, t.state])).toEqual([
      ['1', 'complete'],
      ['request 2', 'unavailable']
    ])
    expect(tasks[1]!.detail).toMatch(/status unavailable/)
    expect(client.polls.every(p => p.operation === 'refresh')).toBe(true)
  })
})

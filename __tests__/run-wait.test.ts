// wait: true through the shared submitter: a prefetch of a refreshed URL goes only after its
// refresh task completes; independent prefetches go at once; the wait-timeout spans both waits.
import { describe, expect, it } from '@jest/globals'
import { submitAndWait } from '../src/wait/run-wait.js'
import type { Batch, Operation, PlanItem } from '../src/model.js'
import {
  silentLogger,
  type ProviderClient,
  type ProviderSpec,
  type SubmitResult
} from '../src/providers/provider.js'
import type { StatusAnswer, StatusRequest } from '../src/providers/task-status.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec } from './helpers/provider-specs.js'

const SECOND = 1000
const MINUTE = 60 * SECOND

const status = { api: 'ById', tasksPerCall: 10, requestWindow: { requests: 10, windowMs: SECOND } }
const spec: ProviderSpec = { ...dcdnLikeSpec, status: { refresh: status, prefetch: status } }

function batch(operation: Operation, ...paths: string[]): Batch {
  const items: PlanItem[] = paths.map(p => ({
    url: `https://a.example.com/${p}`,
    host: 'a.example.com',
    operation,
    rule: 0,
    sources: [],
    status: 'planned'
  }))
  return { operation, items, hosts: ['a.example.com'] }
}

interface Event {
  at: number
  what: string
}

/** Tasks finish `took(urls)` after submission: complete, or failed when it says so. */
function client(
  clock: FakeClock,
  took: (op: Operation, urls: readonly string[]) => number | 'fails' | 'never'
): ProviderClient & { events: Event[] } {
  const events: Event[] = []
  const tasks = new Map<string, { at: number; op: Operation; urls: readonly string[] }>()
  let next = 1
  return {
    events,
    readQuota: async () => null,
    async submit(operation, urls): Promise<SubmitResult> {
      const id = `t${next++}`
      tasks.set(id, { at: clock.now(), op: operation, urls })
      events.push({ at: clock.now(), what: `${operation} ${urls.map(u => u.slice(22)).join(',')}` })
      return { taskIds: [id] }
    },
    async taskStatus(_op, requests: readonly StatusRequest[]): Promise<StatusAnswer[]> {
      events.push({ at: clock.now(), what: `poll ${requests.map(r => r.key).join(',')}` })
      return requests.map(r => {
        const task = tasks.get(r.taskId!)!
        const t = took(task.op, task.urls)
        if (t === 'never') return { key: r.key, state: 'running' }
        if (t === 'fails') return { key: r.key, state: 'failed', detail: 'OriginTimeout' }
        return { key: r.key, state: clock.now() - task.at >= t ? 'complete' : 'running' }
      })
    }
  }
}

function deps(c: ProviderClient, clock: FakeClock) {
  return {
    client: c,
    spec,
    clock,
    random: () => 0,
    maxRetries: 1,
    deadline: clock.now() + 5 * MINUTE,
    logger: silentLogger
  }
}

describe('submitAndWait', () => {
  it('prefetches a refreshed URL only after its refresh task completes', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    const c = client(clock, op => (op === 'refresh' ? 25 * SECOND : 15 * SECOND))
    const batches = [batch('refresh', 'a.js'), batch('prefetch', 'a.js'), batch('prefetch', 'b.js')]
    const { outcomes, wait } = await submitAndWait(batches, deps(c, clock), {
      waitTimeoutMs: 10 * MINUTE,
      pollIntervalMs: 10 * SECOND
    })
    expect(c.events.map(e => `${(e.at - t0) / SECOND} ${e.what}`)).toEqual([
      '0 refresh a.js',
      '0 prefetch b.js',
      // Only the refresh the dependent prefetch follows is waited for first.
      '10 poll t1',
      '20 poll t1',
      '30 poll t1',
      '30 prefetch a.js',
      // Then every open task: b.js (done at 15 s) and a.js's prefetch (done at 45 s).
      '40 poll t2,t3',
      '50 poll t3'
    ])
    expect(outcomes.map(o => [o.batch.operation, o.status, o.taskIds])).toEqual([
      ['refresh', 'submitted', ['t1']],
      ['prefetch', 'submitted', ['t3']],
      ['prefetch', 'submitted', ['t2']]
    ])
    expect(
      wait.tasks.map(t => [t.key, t.operation, t.state, (t.finishedAt! - t.submittedAt) / SECOND])
    ).toEqual([
      ['t1', 'refresh', 'complete', 30],
      ['t2', 'prefetch', 'complete', 40],
      ['t3', 'prefetch', 'complete', 20]
    ])
    expect(wait.waitedMs).toBe(50 * SECOND)
  })

  it('waits only for the task of its own URLs when the status API says which task has which', async () => {
    // As DCDN: one request opens a task per host, and DescribeDcdnRefreshTaskById lists each
    // task's ObjectPath. The request's other task failing must not hold this URL's prefetch.
    const clock = new FakeClock()
    const url = (host: string): string => `https://${host}.example.com/x.js`
    const refresh: Batch = {
      operation: 'refresh',
      items: ['a', 'b'].map(h => ({
        url: url(h),
        host: `${h}.example.com`,
        operation: 'refresh' as const,
        rule: 0,
        sources: [],
        status: 'planned' as const
      })),
      hosts: ['a.example.com', 'b.example.com']
    }
    const prefetch: Batch = {
      operation: 'prefetch',
      items: [{ ...refresh.items[1]!, operation: 'prefetch' }],
      hosts: ['b.example.com']
    }
    const sent: string[] = []
    const c: ProviderClient = {
      readQuota: async () => null,
      async submit(operation, urls) {
        sent.push(`${operation} ${urls.join(' ')}`)
        return { taskIds: operation === 'refresh' ? ['ta', 'tb'] : ['tp'] }
      },
      async taskStatus(_op, requests) {
        return requests.map((r): StatusAnswer => {
          if (r.taskId === 'ta') return { key: r.key, state: 'failed', urls: [url('a')] }
          return { key: r.key, state: 'complete', urls: r.taskId === 'tb' ? [url('b')] : undefined }
        })
      }
    }
    const { outcomes, wait } = await submitAndWait([refresh, prefetch], deps(c, clock), {
      waitTimeoutMs: 10 * MINUTE,
      pollIntervalMs: 10 * SECOND
    })
    expect(sent).toEqual([`refresh ${url('a')} ${url('b')}`, `prefetch ${url('b')}`])
    expect(outcomes.map(o => o.status)).toEqual(['submitted', 'submitted'])
    // Each refresh task is reported with the URLs the provider says it covers.
    expect(wait.tasks.map(t => [t.key, t.state, t.urls])).toEqual([
      ['ta', 'failed', [url('a')]],
      ['tb', 'complete', [url('b')]],
      ['tp', 'complete', [url('b')]]
    ])
  })

  it('does not prefetch a URL whose refresh failed or did not finish, and says why', async () => {
    for (const outcome of ['fails', 'never'] as const) {
      const clock = new FakeClock()
      const c = client(clock, op => (op === 'refresh' ? outcome : SECOND))
      const batches = [batch('refresh', 'a.js'), batch('prefetch', 'a.js')]
      const { outcomes, wait } = await submitAndWait(batches, deps(c, clock), {
        waitTimeoutMs: 2 * MINUTE,
        pollIntervalMs: 10 * SECOND
      })
      expect(c.events.filter(e => e.what.startsWith('prefetch'))).toEqual([])
      expect(outcomes[1]).toMatchObject({ status: 'skipped', reason: 'refresh-incomplete' })
      expect(outcomes[1]!.detail).toContain(
        outcome === 'fails' ? 'failed: OriginTimeout' : 'incomplete'
      )
      expect(wait.tasks.map(t => t.state)).toEqual([outcome === 'fails' ? 'failed' : 'incomplete'])
    }
  })

  it('spends one wait-timeout across both waits', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    // The refresh takes 50 s; the prefetch never finishes.
    const c = client(clock, op => (op === 'refresh' ? 50 * SECOND : 'never'))
    const batches = [batch('refresh', 'a.js'), batch('prefetch', 'a.js')]
    const { wait } = await submitAndWait(batches, deps(c, clock), {
      waitTimeoutMs: 90 * SECOND,
      pollIntervalMs: 10 * SECOND
    })
    expect(wait.waitedMs).toBe(90 * SECOND)
    expect(clock.now() - t0).toBe(90 * SECOND)
    expect(wait.tasks.map(t => t.state)).toEqual(['complete', 'incomplete'])
  })

  it('without dependent prefetches, submits everything first and waits once', async () => {
    const clock = new FakeClock()
    const c = client(clock, () => 5 * SECOND)
    const batches = [batch('refresh', 'a.js'), batch('prefetch', 'b.js')]
    await submitAndWait(batches, deps(c, clock), {
      waitTimeoutMs: MINUTE,
      pollIntervalMs: 10 * SECOND
    })
    // One status call per operation and poll.
    expect(c.events.map(e => e.what)).toEqual([
      'refresh a.js',
      'prefetch b.js',
      'poll t1',
      'poll t2'
    ])
  })
})

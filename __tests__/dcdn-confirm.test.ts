// Looking a write whose answer was lost up in DescribeDcdnRefreshTasks (src/providers/alibaba/
// dcdn-confirm.ts), and what submitBatches does with the answer: a task the list proves makes the
// batch submitted; anything else keeps it failed and "may have been accepted", never resent.
import { describe, expect, it } from '@jest/globals'
import {
  CREATION_TOLERANCE_MS,
  dcdnTime,
  findAcceptedTasks,
  firstUrlPerHost,
  matchingTask
} from '../src/providers/alibaba/dcdn-confirm.js'
import type { ObjectPathCaller } from '../src/providers/alibaba/object-path-call.js'
import type { Batch, ObjectType, Operation, PlanItem } from '../src/model.js'
import { ProviderError, silentLogger, type ProviderClient } from '../src/providers/provider.js'
import { submitBatches } from '../src/submit/submit.js'
import { FakeClock } from './helpers/fake-clock.js'
import { dcdnLikeSpec } from './helpers/provider-specs.js'

const SENT = Date.UTC(2026, 0, 1, 8, 0, 30)
const row = (TaskId: string, ObjectPath: string, at: number, ObjectType = 'file') => ({
  TaskId,
  ObjectPath,
  ObjectType,
  CreationTime: dcdnTime(at)
})

describe('matchingTask', () => {
  const url = 'https://a.example.com/x.js'
  it('takes the one task of that URL and type created from sentAt minus the tolerance on', () => {
    // CreationTime is whole seconds and DCDN's clock may run a little behind ours.
    expect(matchingTask([row('7', url, SENT - 1500)], url, ['file'], SENT)).toBe('7')
    expect(
      matchingTask([row('7', `${url}\nhttps://a.example.com/y.js`, SENT)], url, ['file'], SENT)
    ).toBe('7')
    // One task listed once per URL is still one task.
    expect(matchingTask([row('7', url, SENT), row('7', url, SENT)], url, ['file'], SENT)).toBe('7')
  })

  it('ignores older tasks, other URLs and other types', () => {
    const old = row('1', url, SENT - CREATION_TOLERANCE_MS - 1000)
    expect(matchingTask([old], url, ['file'], SENT)).toBeNull()
    expect(matchingTask([row('2', `${url}?v=1`, SENT)], url, ['file'], SENT)).toBeNull()
    expect(matchingTask([row('3', url, SENT, 'preload')], url, ['file'], SENT)).toBeNull()
    expect(matchingTask([old, row('4', url, SENT + 900)], url, ['file'], SENT)).toBe('4')
  })

  it('cannot tell when two tasks fit or a CreationTime is unreadable', () => {
    expect(
      matchingTask([row('1', url, SENT), row('2', url, SENT + 1000)], url, ['file'], SENT)
    ).toBeNull()
    const odd = { TaskId: '1', ObjectPath: url, ObjectType: 'file', CreationTime: 'yesterday' }
    expect(matchingTask([odd], url, ['file'], SENT)).toBeNull()
    expect(matchingTask([{ TaskId: '1', ObjectPath: url }], url, ['file'], SENT)).toBeNull()
  })
})

describe('firstUrlPerHost', () => {
  it('keeps the first URL of each host, hosts compared in lower case', () => {
    expect(
      firstUrlPerHost([
        'https://a.example.com/1',
        'https://B.example.com/2',
        'https://a.example.com/3',
        'https://b.example.com/4'
      ])
    ).toEqual(['https://a.example.com/1', 'https://B.example.com/2'])
    expect(firstUrlPerHost(['not a url'])).toBeNull()
  })
})

type Answer = Record<string, unknown> | ProviderError

/** A caller that answers DescribeDcdnRefreshTasks from a function of its parameters. */
function fakeCaller(answer: (params: Record<string, string>) => Answer) {
  const calls: { action: string; params: Record<string, string> }[] = []
  const caller: ObjectPathCaller = {
    placement: () => 'body',
    async call(action, params, schema) {
      calls.push({ action, params: { ...params } })
      const a = answer({ ...params })
      if (a instanceof ProviderError) throw a
      return { data: schema.parse(a), requestId: 'R' }
    }
  }
  return { caller, calls }
}

const listing = (...rows: ReturnType<typeof row>[]) => ({
  TotalCount: rows.length,
  Tasks: { Task: rows }
})

describe('findAcceptedTasks', () => {
  const urls = ['https://a.example.com/1', 'https://a.example.com/2', 'https://b.example.com/3']

  it('asks once per host with its first URL, the type and a StartTime a minute back', async () => {
    const { caller, calls } = fakeCaller(p =>
      listing(row(p.ObjectPath!.includes('a.') ? '11' : '12', p.ObjectPath!, SENT))
    )
    await expect(findAcceptedTasks(caller, 'refresh', urls, 'file', SENT)).resolves.toEqual([
      '11',
      '12'
    ])
    expect(calls).toEqual([
      {
        action: 'DescribeDcdnRefreshTasks',
        params: {
          ObjectPath: 'https://a.example.com/1',
          ObjectType: 'file',
          StartTime: '2026-01-01T07:59:30Z',
          PageNumber: '1',
          PageSize: '50'
        }
      },
      expect.objectContaining({
        params: expect.objectContaining({ ObjectPath: 'https://b.example.com/3' })
      })
    ])
  })

  it.each<[Operation, ObjectType, string, string]>([
    ['refresh', 'directory', 'directory', 'path'],
    ['prefetch', 'file', 'preload', 'preload']
  ])('%s of %s objects: ObjectType %s, rows typed %s', async (op, type, query, listed) => {
    const { caller, calls } = fakeCaller(p => listing(row('9', p.ObjectPath!, SENT, listed)))
    await expect(
      findAcceptedTasks(caller, op, ['https://a.example.com/d/'], type, SENT)
    ).resolves.toEqual(['9'])
    expect(calls[0]!.params.ObjectType).toBe(query)
  })

  it('one ID once when every host lists the same task', async () => {
    const { caller } = fakeCaller(p => listing(row('5', p.ObjectPath!, SENT)))
    await expect(findAcceptedTasks(caller, 'refresh', urls, 'file', SENT)).resolves.toEqual(['5'])
  })

  it('null as soon as one host shows no task, without asking about the rest', async () => {
    const { caller, calls } = fakeCaller(() => listing())
    await expect(findAcceptedTasks(caller, 'refresh', urls, 'file', SENT)).resolves.toBeNull()
    expect(calls).toHaveLength(1)
  })

  it('reads further pages, and cannot tell when pages are left unread', async () => {
    const url = 'https://a.example.com/1'
    const older = Array.from({ length: 50 }, (_, i) => row(`o${i}`, url, SENT - 50_000))
    const pages = [older, [row('new', url, SENT)]]
    const two = fakeCaller(p => ({
      TotalCount: 51,
      Tasks: { Task: pages[Number(p.PageNumber) - 1] }
    }))
    await expect(findAcceptedTasks(two.caller, 'refresh', [url], 'file', SENT)).resolves.toEqual([
      'new'
    ])
    expect(two.calls.map(c => c.params.PageNumber)).toEqual(['1', '2'])
    const endless = fakeCaller(() => ({ TotalCount: 500, Tasks: { Task: older } }))
    await expect(
      findAcceptedTasks(endless.caller, 'refresh', [url], 'file', SENT)
    ).resolves.toBeNull()
    expect(endless.calls).toHaveLength(3)
  })

  it('does not look up ignore-params refreshes (their listed type is unknown)', async () => {
    const { caller, calls } = fakeCaller(p => listing(row('1', p.ObjectPath!, SENT)))
    await expect(
      findAcceptedTasks(caller, 'refresh', ['https://a.example.com/1'], 'ignore-params', SENT)
    ).resolves.toBeNull()
    expect(calls).toEqual([])
  })

  it('lets a provider error through (the submitter retries it as a read)', async () => {
    const err = new ProviderError({ code: 'Throttling', errorClass: 'retryable', message: 'x' })
    const { caller } = fakeCaller(() => err)
    await expect(findAcceptedTasks(caller, 'refresh', urls, 'file', SENT)).rejects.toBe(err)
  })
})

// --- submitBatches ---------------------------------------------------------------------------------

const lost = new ProviderError({
  code: 'NetworkError',
  errorClass: 'retryable',
  message: 'Network error (ECONNRESET) during RefreshDcdnObjectCaches after the request was sent.',
  requestId: 'req-1',
  mayHaveBeenAccepted: true
})

function batchOf(urls: string[]): Batch {
  const items = urls.map(
    url =>
      ({
        url,
        host: new URL(url).host,
        operation: 'refresh',
        rule: 0,
        sources: [],
        status: 'planned'
      }) as PlanItem
  )
  return { operation: 'refresh', items, hosts: [...new Set(items.map(i => i.host))] }
}

type Find = NonNullable<ProviderClient['findAccepted']>

function client(
  clock: FakeClock,
  submit: () => Promise<{ taskIds: string[]; requestId?: string }>,
  find?: Find
) {
  const writes: number[] = []
  const finds: Parameters<Find>[] = []
  const c: ProviderClient = {
    readQuota: async () => null,
    submit: async () => {
      writes.push(clock.now())
      clock.advance(700)
      return submit()
    },
    ...(find && {
      findAccepted: async (...args: Parameters<Find>) => {
        finds.push(args)
        return find(...args)
      }
    })
  }
  return { c, writes, finds }
}

async function run(c: ProviderClient, clock: FakeClock, deadlineIn = 60_000) {
  const batches = [batchOf(['https://a.example.com/1', 'https://a.example.com/2'])]
  const lines: string[] = []
  const [outcome] = await submitBatches(batches, {
    client: c,
    spec: dcdnLikeSpec,
    clock,
    random: () => 0,
    maxRetries: 2,
    deadline: clock.now() + deadlineIn,
    logger: { ...silentLogger, info: m => void lines.push(m) }
  })
  return { outcome: outcome!, lines }
}

describe('submitBatches after a lost answer', () => {
  it('a task the list shows: submitted with its ID, said so, not sent again', async () => {
    const clock = new FakeClock(SENT)
    const { c, writes, finds } = client(
      clock,
      () => Promise.reject(lost),
      async () => ['T9']
    )
    const { outcome, lines } = await run(c, clock)
    expect(writes).toEqual([SENT])
    expect(finds).toEqual([
      ['refresh', ['https://a.example.com/1', 'https://a.example.com/2'], 'file', SENT]
    ])
    expect(outcome).toMatchObject({
      status: 'submitted',
      taskIds: ['T9'],
      requestId: 'req-1',
      attempts: 1,
      submittedAt: SENT
    })
    expect(outcome.mayHaveBeenAccepted).toBeUndefined()
    expect(outcome.errorCode).toBeUndefined()
    expect(outcome.detail).toMatch(
      /ECONNRESET.*after the request was sent, but Alibaba Cloud DCDN's task list shows it was accepted; it was not sent again\.$/
    )
    expect(lines.join('\n')).toMatch(/task list shows it was accepted \(task T9\)/)
  })

  it('a 2xx without a task ID that the list proves: submitted with the listed ID', async () => {
    const clock = new FakeClock(SENT)
    const { c } = client(
      clock,
      async () => ({ taskIds: [], requestId: 'req-2' }),
      async () => ['T3']
    )
    const { outcome } = await run(c, clock)
    expect(outcome).toMatchObject({ status: 'submitted', taskIds: ['T3'], requestId: 'req-2' })
    expect(outcome.detail).toMatch(/answered success without a task ID, but .* accepted/)
  })

  it('not listed: failed, may have been accepted, the detail says the list did not show it', async () => {
    const clock = new FakeClock(SENT)
    const { c, writes, finds } = client(
      clock,
      () => Promise.reject(lost),
      async () => null
    )
    const { outcome } = await run(c, clock)
    expect(writes).toHaveLength(1)
    expect(finds).toHaveLength(1)
    expect(outcome).toMatchObject({
      status: 'failed',
      errorCode: 'ReplyLost',
      mayHaveBeenAccepted: true,
      taskIds: []
    })
    expect(outcome.detail).toMatch(
      /may have accepted this request \(request ID req-1\): it was not sent again.*task list did not show it/
    )
  })

  it('a list that cannot be read is retried as a read, then the batch stays may-have-been-accepted', async () => {
    const clock = new FakeClock(SENT)
    const denied = new ProviderError({
      code: 'Forbidden.RAM',
      errorClass: 'auth',
      message: 'not allowed to DescribeDcdnRefreshTasks'
    })
    const answers: (ProviderError | string[])[] = [
      new ProviderError({
        code: 'Timeout',
        errorClass: 'retryable',
        message: 'slow',
        mayHaveBeenAccepted: true
      }),
      denied
    ]
    const { c, writes, finds } = client(
      clock,
      () => Promise.reject(lost),
      async () => {
        const a = answers.shift()!
        if (a instanceof ProviderError) throw a
        return a
      }
    )
    const { outcome } = await run(c, clock)
    expect(writes).toHaveLength(1)
    // A lost answer to the read is retried (idempotent); the auth refusal ends the look-up only.
    expect(finds).toHaveLength(2)
    expect(outcome).toMatchObject({
      status: 'failed',
      errorCode: 'ReplyLost',
      mayHaveBeenAccepted: true
    })
    expect(outcome.detail).toMatch(/task list could not be read \(Forbidden\.RAM: not allowed/)
  })

  it('no time left: not looked up, and the detail says why', async () => {
    const clock = new FakeClock(SENT)
    const { c, finds } = client(
      clock,
      () => Promise.reject(lost),
      async () => ['T1']
    )
    const { outcome } = await run(c, clock, 500)
    expect(finds).toEqual([])
    expect(outcome).toMatchObject({ status: 'failed', mayHaveBeenAccepted: true })
    expect(outcome.detail).toMatch(/No time was left to look for it/)
  })

  it('a client without findAccepted keeps the detail as it was', async () => {
    const clock = new FakeClock(SENT)
    const { c } = client(clock, () => Promise.reject(lost))
    const { outcome } = await run(c, clock)
    expect(outcome.detail).toBe(
      `${lost.message} The provider may have accepted this request (request ID req-1): it was not sent again, so that the URLs are not submitted twice. Check the provider's task list before refreshing them again.`
    )
  })
})

// run() with wait: true on an injected clock against the DCDN emulator: the whole pipeline waits
// in virtual minutes, orders the prefetch after its refresh, and reports when polling is refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { run, type ActionIO } from '../src/main.js'
import { silentLogger } from '../src/providers/provider.js'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator
} from '../emulators/alibaba-dcdn.js'
import { FakeClock } from './helpers/fake-clock.js'
import { TempDirs } from './helpers/git-repo.js'

let temp: TempDirs
const open: DcdnEmulator[] = []
beforeAll(() => {
  temp = new TempDirs()
})
afterEach(async () => {
  await Promise.all(open.splice(0).map(e => e.close()))
})
afterAll(async () => {
  await temp.cleanup()
})

const MINUTE = 60_000

async function setup(inputs: Record<string, string>) {
  // The clients sign with the real time: virtual time starts now, and the minutes it runs ahead
  // stay within the gateway's 15-minute skew.
  const clock = new FakeClock(Date.now())
  const emulator = await startDcdnEmulator({
    now: () => clock.now(),
    taskProgress: { durationMs: 2 * MINUTE }
  })
  open.push(emulator)
  const dir = await temp.make()
  const outputs: Record<string, string> = {}
  const failed: string[] = []
  const errors: string[] = []
  const log: string[] = []
  const all: Record<string, string> = {
    provider: 'alibaba-dcdn',
    urls: 'https://www.example.com/a.js',
    'prefetch-urls': 'https://www.example.com/a.js\nhttps://www.example.com/b.js',
    endpoint: emulator.url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
    wait: 'true',
    ...inputs
  }
  const io: ActionIO = {
    getInput: name => all[name] ?? '',
    env: { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' },
    setSecret: () => {},
    setOutput: (name, value) => (outputs[name] = value),
    writeSummary: async () => {},
    setFailed: message => void failed.push(message),
    warning: () => {},
    error: message => void errors.push(message),
    group: () => {},
    logger: { ...silentLogger, info: m => void log.push(m) },
    clock,
    random: () => 0
  }
  return { clock, emulator, io, outputs, failed, errors, log }
}

describe('run with wait: true', () => {
  it('prefetches a refreshed URL after its refresh completes, then waits for everything', async () => {
    const { clock, emulator, io, outputs, failed } = await setup({ 'fail-on': 'incomplete' })
    const t0 = clock.now()
    const report = await run(io)
    expect(failed).toEqual([])
    const minutes = (at: number) => (at - t0) / MINUTE
    const preloads = emulator.state.tasks.filter(t => t.action === 'PreloadDcdnObjectCaches')
    const refresh = emulator.state.tasks.find(t => t.action === 'RefreshDcdnObjectCaches')!
    // One prefetch request carries a.js and b.js: it goes once a.js's refresh is complete (2 min).
    expect(preloads.map(t => [t.urls, minutes(t.at)])).toEqual([
      [['https://www.example.com/a.js', 'https://www.example.com/b.js'], 2]
    ])
    expect(minutes(refresh.at)).toBe(0)
    expect(outputs.completed).toBe('true')
    expect(
      report?.completion?.tasks.map(t => [t.operation, t.status, t.durationMs! / MINUTE])
    ).toEqual([
      ['refresh', 'complete', 2],
      ['prefetch', 'complete', 2]
    ])
    // 2 minutes for the refresh, 2 more for the prefetch sent after it.
    expect(report?.completion?.waitedMs).toBe(4 * MINUTE)
  })

  it('ends the wait on a credentials error while polling, and still reports', async () => {
    const { emulator, io, outputs, failed, errors } = await setup({ 'fail-on': 'incomplete' })
    emulator.inject('DescribeDcdnRefreshTaskById', {
      status: 403,
      code: 'Forbidden.RAM',
      message: 'User not authorized to operate on the specified resource.'
    })
    const report = await run(io)
    expect(report?.completion?.stopped).toMatch(
      /^DescribeDcdnRefreshTaskById refused the credentials, so the wait stopped: Forbidden\.RAM/
    )
    expect(report?.completion?.tasks.map(t => t.status)).toEqual(['unknown'])
    // The prefetch of a.js was never sent: its refresh was not seen complete.
    expect(
      report?.urls.find(u => u.operation === 'prefetch' && u.url.endsWith('a.js'))
    ).toMatchObject({
      status: 'skipped',
      reason: 'refresh-incomplete'
    })
    expect(outputs.completed).toBe('false')
    expect(outputs.report).toBeTruthy()
    expect(errors[0]).toMatch(/refused the credentials/)
    expect(failed).toEqual([expect.stringMatching(/^Not complete: 1 task \(1 could not be read/)])
  })

  it('refuses fail-on: incomplete without wait, naming the input and the fix', async () => {
    const { io, failed } = await setup({ wait: 'false', 'fail-on': 'incomplete' })
    await run(io)
    expect(failed[0]).toMatch(/fail-on.*'incomplete' needs wait: true/)
  })
})

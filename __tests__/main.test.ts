// run() with a fake runner: what a run leaves behind when something nobody anticipated throws.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { processMemory, run, type ActionIO } from '../src/main.js'
import type { Report } from '../src/report/report.js'
import { silentLogger } from '../src/providers/provider.js'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../emulators/alibaba-dcdn.js'
import { FakeClock } from './helpers/fake-clock.js'
import { TempDirs } from './helpers/git-repo.js'

let temp: TempDirs
beforeAll(() => {
  temp = new TempDirs()
})
afterAll(async () => {
  await temp.cleanup()
})

function fakeIO(inputs: Record<string, string>, env: NodeJS.ProcessEnv, failOn?: string) {
  const outputs: Record<string, string> = {}
  const failed: string[] = []
  const summaries: string[] = []
  const io: ActionIO = {
    getInput: name => {
      if (name === failOn) throw new TypeError(`cannot read properties of undefined (${name})`)
      return inputs[name] ?? ''
    },
    env,
    setSecret: () => {},
    setOutput: (name, value) => (outputs[name] = value),
    writeSummary: async markdown => void summaries.push(markdown),
    setFailed: message => void failed.push(message),
    warning: () => {},
    error: () => {},
    group: () => {},
    logger: silentLogger,
    clock: new FakeClock(),
    random: () => 0
  }
  return { io, outputs, failed, summaries }
}

describe('run', () => {
  it('writes the report, the outputs and the summary when an unexpected error stops it', async () => {
    const dir = await temp.make()
    const { io, outputs, failed, summaries } = fakeIO(
      {
        provider: 'alibaba-dcdn',
        urls: 'https://www.example.com/a',
        'dry-run': 'true'
      },
      { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' },
      'timeout'
    )
    await run(io)
    expect(failed).toEqual(['Unexpected error: cannot read properties of undefined (timeout)'])
    expect(outputs.report).toBe(join(dir, 'cdn-refresh-report.json'))
    expect(outputs).toMatchObject({ refreshed: '0', prefetched: '0', skipped: '0', failed: '0' })
    const report = JSON.parse(await readFile(outputs.report!, 'utf8')) as Report
    expect(report.error).toEqual({
      type: 'unexpected',
      message: 'Unexpected error: cannot read properties of undefined (timeout)'
    })
    expect(summaries.join('')).toContain('The run stopped: Unexpected error')
  })

  it('counts writing the report in its timings, in the file as in the report returned', async () => {
    const dir = await temp.make()
    const { io, outputs, failed } = fakeIO(
      { provider: 'alibaba-dcdn', urls: 'https://www.example.com/a', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    // Every reading of the clock is a millisecond later, so every stage takes some time.
    let now = Date.UTC(2026, 0, 1)
    io.clock = { now: () => now++, sleep: async () => {} }
    const returned = await run(io)
    expect(failed).toEqual([])
    const written = JSON.parse(await readFile(outputs.report!, 'utf8')) as Report
    expect(Object.keys(written.timingsMs)).toEqual([
      'inputs',
      'changes',
      'plan',
      'submit',
      'report'
    ])
    expect(written.timingsMs.report).toBeGreaterThan(0)
    expect(written).toEqual(returned)
  })

  it('records the memory at the end of each stage when given a way to read it', async () => {
    const dir = await temp.make()
    const { io, outputs, failed } = fakeIO(
      { provider: 'alibaba-dcdn', urls: 'https://www.example.com/a', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    // Each reading is 10 MiB more, with the peak 5 MiB above it.
    let reads = 0
    io.memory = () => {
      reads++
      return { rss: 10 * reads, peak: 10 * reads + 5 }
    }
    const returned = await run(io)
    expect(failed).toEqual([])
    const written = JSON.parse(await readFile(outputs.report!, 'utf8')) as Report
    expect(written.memoryMb).toEqual({
      inputs: { rss: 10, peak: 15 },
      changes: { rss: 20, peak: 25 },
      plan: { rss: 30, peak: 35 },
      submit: { rss: 40, peak: 45 },
      report: { rss: 50, peak: 55 }
    })
    expect(reads).toBe(5)
    expect(written).toEqual(returned)
    // Last in the file, the memory then the timings, both with the report stage.
    expect(Object.keys(written).slice(-2)).toEqual(['memoryMb', 'timingsMs'])
  })

  it('records no memory without a way to read it, and only the stages reached', async () => {
    const dir = await temp.make()
    const plain = fakeIO(
      { provider: 'alibaba-dcdn', urls: 'https://www.example.com/a', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    expect((await run(plain.io))?.memoryMb).toBeUndefined()
    const written = JSON.parse(await readFile(plain.outputs.report!, 'utf8')) as Report
    expect('memoryMb' in written).toBe(false)

    const stopped = fakeIO(
      { provider: 'alibaba-dcdn', urls: 'https://www.example.com/a', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'workflow_dispatch' },
      'timeout'
    )
    stopped.io.memory = () => ({ rss: 1, peak: 2 })
    const report = await run(stopped.io)
    expect(report?.memoryMb).toEqual({ report: { rss: 1, peak: 2 } })
  })
})

describe('run with nothing to send', () => {
  // A push whose files no rule maps costs no request at all: not even the quota read, so it cannot
  // fail on a provider outage either. With one URL the same run does read the quota.
  it.each([
    ['no URL: no request', 'README.md', []],
    ['no URL, waiting: no request, nothing left incomplete', 'README.md', [], 'true'],
    [
      'one URL: the quota read, the refresh, the quota read',
      'site/a.html',
      ['DescribeDcdnRefreshQuota', 'RefreshDcdnObjectCaches', 'DescribeDcdnRefreshQuota']
    ]
  ])('%s', async (_, files, actions, wait = 'false') => {
    const emulator = await startDcdnEmulator()
    try {
      const dir = await temp.make()
      const info: string[] = []
      const { io, outputs, failed } = fakeIO(
        {
          provider: 'alibaba-dcdn',
          endpoint: emulator.url,
          'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
          'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
          rules: '- files: site/**\n  url: https://www.example.com/\n',
          files,
          wait,
          'fail-on': wait === 'true' ? 'incomplete' : 'error'
        },
        { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_EVENT_NAME: 'push' }
      )
      io.clock = { now: () => Date.now(), sleep: async () => {} }
      io.logger = { ...silentLogger, info: m => void info.push(m) }
      await run(io)
      expect(failed).toEqual([])
      expect(emulator.requests.map(r => r.action)).toEqual(actions)
      expect(info.includes('Nothing to send: no request to Alibaba Cloud DCDN.')).toBe(
        actions.length === 0
      )
      expect(outputs.refreshed).toBe(actions.length === 0 ? '0' : '1')
      expect(outputs.completed).toBe(String(wait === 'true'))
    } finally {
      await emulator.close()
    }
  })
})

describe('processMemory', () => {
  it('reads the RSS and the peak RSS so far in MiB, the peak never below the RSS', () => {
    const m = processMemory()
    expect(m.rss).toBeGreaterThan(1)
    expect(m.peak).toBeGreaterThanOrEqual(m.rss - 0.1)
    expect(m.peak).toBeLessThan(64 * 1024)
  })
})

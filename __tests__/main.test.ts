// run() with a fake runner: what a run leaves behind when something nobody anticipated throws.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run, type ActionIO } from '../src/main.js'
import type { Report } from '../src/report/report.js'
import { silentLogger } from '../src/providers/provider.js'
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
})

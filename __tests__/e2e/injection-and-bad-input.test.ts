// The bundle as the runner runs it (issue 10): file names built to inject workflow commands reach
// no sink raw, and a handful of bad inputs fail before the emulator sees any request, without
// echoing a secret. The full bad-input matrix runs in process (bad-input.test.ts).
import { describe, expect, it } from '@jest/globals'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator
} from '../../emulators/alibaba-dcdn.js'
import { EMULATOR_GCORE_RESOURCE_ID, startGcoreEmulator } from '../../emulators/gcore.js'
import type { RunnerResult } from '../../emulators/github-runner.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, unmaskedLog, useE2e, type Pushed } from '../helpers/e2e.js'
import { commandLines, runnerLines } from '../helpers/runner-commands.js'
import type { Report } from '../../src/report/report.js'

const e2e = useE2e()

const RULES = `
- files: public/**
  url: https://www.example.com/
`
// Both reach the report and the summary raw; the first also becomes a URL.
const MAPPED = 'public/a\n::error::x\n::add-mask::public\n##[error]y.html'
const UNMATCHED = 'docs/b\r::error::x\r\n::set-output name=refreshed::999 <b>|`c`|.md'

/** A push that modifies `files` (the default rules refresh modified files). */
async function pushed(files: string[]): Promise<Pushed> {
  const repo = await GitRepo.init(e2e.temp())
  for (const f of files) await repo.write(f, 'v1')
  const before = await repo.commit('deployed')
  for (const f of files) await repo.write(f, 'v2')
  const after = await repo.commit('push')
  return { repo, before, after }
}

function keys(emu: DcdnEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    provider: 'alibaba-dcdn',
    rules: RULES,
    endpoint: emu.url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
    ...extra
  }
}

/** The commands the runner would run: only those the action issues itself, for its own text. */
function expectOnlyOwnCommands(result: RunnerResult, secrets: string[]): void {
  for (const line of commandLines(result.stdout + '\n' + result.stderr)) {
    const m = /^::([a-z-]+)::(.*)$/.exec(line)
    expect(m).not.toBeNull()
    const [, command, data] = m!
    if (command === 'add-mask') expect(secrets).toContain(data)
    else expect(['group', 'endgroup', 'debug', 'warning', 'error']).toContain(command)
    // Nothing the runner would unescape into a line break: each message shows as one line.
    expect(data).not.toMatch(/%0A|%0D/i)
  }
}

describe('dist/index.js with file names that try to inject workflow commands', () => {
  it('refreshes the file, and keeps every name out of the commands, outputs and summary markup', async () => {
    const emu = e2e.track(await startDcdnEmulator({ quotas: { UrlRemain: 500 } }))
    const p = await pushed([MAPPED, UNMATCHED])
    const result = await runPush(p, keys(emu), p.repo.dir)

    expect(result.exitCode).toBe(0)
    // The URL, percent-encoded, went to the provider as one URL.
    const urls = emu.state.tasks.flatMap(t => t.urls)
    expect(urls).toEqual([
      'https://www.example.com/a%0A::error::x%0A::add-mask::public%0A%23%23[error]y.html'
    ])

    expectOnlyOwnCommands(result, [
      EMULATOR_CREDENTIALS.accessKeyId,
      EMULATOR_CREDENTIALS.accessKeySecret
    ])
    expect(result.commands.filter(c => c.command === 'error')).toEqual([])
    expect(result.commands.filter(c => c.command === 'add-mask')).toHaveLength(2)

    // Outputs: one line each, parsed back from GITHUB_OUTPUT as written.
    for (const value of Object.values(result.outputs)) expect(runnerLines(value)).toHaveLength(1)
    expect(result.outputs.refreshed).toBe('1')

    // The summary shows both names, inert: no raw markup, no line that starts inside a name.
    expect(result.summary).toContain(
      'docs/b&#92;r::error::x&#92;r&#92;n::set-output name=refreshed::999 &#60;b&#62;&#124;&#96;c&#96;&#124;.md'
    )
    expect(result.summary).not.toContain('<b>')
    for (const line of runnerLines(result.summary)) expect(line).not.toMatch(/^::|##\[/)

    // The report keeps the exact names (JSON escapes them).
    const report = result.report as Report
    expect(report.changes.map(c => c.path).sort()).toEqual([UNMATCHED, MAPPED].sort())
  })
})

describe('dist/index.js with provider errors that try to inject workflow commands', () => {
  it('keeps the code and message on one line in the warning, the annotation and the failure', async () => {
    const emu = e2e.track(await startDcdnEmulator({ quotas: { UrlRemain: 500 } }))
    emu.inject('DescribeDcdnRefreshQuota', {
      status: 400,
      code: 'Quota\n::error::q',
      message: 'm\n::add-mask::www\r##[error]z'
    })
    emu.inject('RefreshDcdnObjectCaches', {
      status: 400,
      code: 'InvalidX\r\n::error::c',
      message: 'msg\n::set-output name=refreshed::999\n::add-mask::example'
    })
    const p = await pushed(['public/a.html'])
    const result = await runPush(p, keys(emu, { 'max-retries': '0' }))

    expect(result.exitCode).toBe(1)
    expectOnlyOwnCommands(result, [
      EMULATOR_CREDENTIALS.accessKeyId,
      EMULATOR_CREDENTIALS.accessKeySecret
    ])
    const errors = result.commands.filter(c => c.command === 'error').map(c => c.message)
    expect(errors.some(m => m.includes('::error::c'))).toBe(true)
    expect(result.commands.filter(c => c.command === 'add-mask')).toHaveLength(2)
    for (const value of Object.values(result.outputs)) expect(runnerLines(value)).toHaveLength(1)
    expect(result.outputs.refreshed).toBe('0')
    for (const line of runnerLines(result.summary)) expect(line).not.toMatch(/^::|##\[/)
  })
})

describe('dist/index.js with bad input: one input error, no request, no secret', () => {
  const SECRET = EMULATOR_CREDENTIALS.accessKeySecret

  async function expectInputError(
    result: RunnerResult,
    requests: number,
    input: string,
    text: RegExp,
    secrets: string[]
  ): Promise<void> {
    expect(requests).toBe(0)
    expect(result.exitCode).toBe(1)
    const errors = result.commands.filter(c => c.command === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(new RegExp(`^Input '${input}': `))
    expect(errors[0]!.message).toMatch(text)
    for (const s of secrets) {
      for (const t of [
        unmaskedLog(result),
        result.stderr,
        result.summary,
        JSON.stringify(result.report ?? {})
      ]) {
        expect(t).not.toContain(s)
      }
    }
  }

  it('report-path an existing directory', async () => {
    const emu = e2e.track(await startDcdnEmulator())
    const p = await pushed(['public/a.html'])
    await mkdir(join(p.repo.dir, 'out'))
    const result = await runPush(p, keys(emu, { 'report-path': 'out' }))
    await expectInputError(result, emu.requests.length, 'report-path', /'out'.*is a directory/, [
      SECRET
    ])
  })

  it('an access-key-secret with a line break in it', async () => {
    const emu = e2e.track(await startDcdnEmulator())
    const p = await pushed(['public/a.html'])
    const bad = 'h4E2eSecretFirstHalf\nh4E2eSecretSecondHalf'
    const result = await runPush(p, keys(emu, { 'access-key-secret': bad }))
    await expectInputError(result, emu.requests.length, 'access-key-secret', /a line break/, [
      'h4E2eSecretFirstHalf',
      'h4E2eSecretSecondHalf'
    ])
  })

  it('an endpoint with credentials in it', async () => {
    const emu = e2e.track(await startDcdnEmulator())
    const p = await pushed(['public/a.html'])
    const endpoint = emu.url.replace('http://', 'http://admin:h4E2eUserinfoPw@')
    const result = await runPush(p, keys(emu, { endpoint }))
    await expectInputError(result, emu.requests.length, 'endpoint', /\[REDACTED\]@127\.0\.0\.1/, [
      'h4E2eUserinfoPw',
      SECRET
    ])
  })

  it('gcore: an http:// endpoint to a host that is not loopback', async () => {
    const emu = e2e.track(await startGcoreEmulator())
    const p = await pushed(['public/a.html'])
    const result = await runPush(p, {
      provider: 'gcore',
      rules: RULES,
      'api-key': '29841$h4E2eGcoreKey0123',
      'resource-id': String(EMULATOR_GCORE_RESOURCE_ID),
      endpoint: 'http://api.example.com'
    })
    await expectInputError(result, emu.requests.length, 'endpoint', /must use https:\/\//, [
      'h4E2eGcoreKey0123'
    ])
  })
})

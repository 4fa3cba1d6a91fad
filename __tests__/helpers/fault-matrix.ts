// The fault matrix (issue 10): one push, run through the bundled action against every registered
// provider's emulator with one fault each, and the properties every run must keep, whatever the
// fault: every change and every URL × operation reported once with a status and reason; outputs,
// summary and report agreeing; the exit status following `fail-on`; the run ending within
// `timeout`; retries bounded; nothing accepted twice or lost silently; no secret in any output.
import { describe, expect, it } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  EMULATOR_REGISTRY,
  type EmulatorRegistration,
  type RunningEmulator
} from '../../emulators/registry.js'
import { runAction, type RunnerResult } from '../../emulators/github-runner.js'
import type { Operation } from '../../src/model.js'
import type { Report, ReportUrl } from '../../src/report/report.js'
import type { E2eContext } from './e2e.js'
import { GitRepo, type TempDirs } from './git-repo.js'

export type FailOn = 'error' | 'skipped' | 'never'

export interface RunSettings {
  /** The `timeout` input, seconds. */
  timeout: number
  maxRetries: number
  failOn: FailOn
  /** Requests per minute of the faulted operation (the `limits` input), to make pacing wait. */
  requestsPerMinute?: number
}

// Files p1–p8 (the names never occur inside one another, so a request's text tells which it carries).
const DEPLOYED = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']
const MODIFIED = ['p1', 'p2', 'p3', 'p4']
const REMOVED = ['p5']
const ADDED = ['p7', 'p8']
const PER_REQUEST = 2
// A file no rule maps, whose name tries to inject a workflow command and markup into the log,
// the summary and the outputs.
const HOSTILE = 'docs/<b>x</b>|y\n::error::injected\r\n::set-output name=failed::0.md'

/** A push that modifies 4 pages, removes 1, adds 2, and changes 2 files no rule maps. */
export async function pushFixture(temp: TempDirs) {
  const repo = await GitRepo.init(temp)
  for (const name of DEPLOYED) await repo.write(`site/${name}.html`, `${name} v1`)
  await repo.write('README.md', 'readme')
  const before = await repo.commit('deployed')
  for (const name of MODIFIED) await repo.write(`site/${name}.html`, `${name} v2`)
  for (const name of REMOVED) await repo.remove(`site/${name}.html`)
  for (const name of ADDED) await repo.write(`site/${name}.html`, `${name} v1`)
  await repo.write('README.md', 'readme v2')
  await repo.write(HOSTILE, 'x')
  const after = await repo.commit('push')
  return { repo, before, after }
}

const CHANGED = [
  ...[...MODIFIED, ...REMOVED, ...ADDED].map(n => `site/${n}.html`),
  'README.md',
  HOSTILE
].sort()

/** The URL × operation pairs the push asks of `reg`'s provider: `${operation} ${url}`. */
export function wantedKeys(reg: EmulatorRegistration): string[] {
  const keys: string[] = []
  const url = (name: string) => `https://${reg.host}/${name}.html`
  if (reg.operations.includes('refresh'))
    for (const n of [...MODIFIED, ...REMOVED]) keys.push(`refresh ${url(n)}`)
  if (reg.operations.includes('prefetch'))
    for (const n of [...MODIFIED, ...ADDED]) keys.push(`prefetch ${url(n)}`)
  return keys.sort()
}

/** The operation the matrix faults: the first one the provider submits. */
export function primaryOf(reg: EmulatorRegistration): Operation {
  return reg.operations.includes('refresh') ? 'refresh' : 'prefetch'
}

function rulesOf(reg: EmulatorRegistration): string {
  const lines = [`- files: site/**`, `  url: https://${reg.host}/`, `  strip: site/`]
  if (reg.operations.includes('refresh')) lines.push('  refresh: true')
  if (reg.operations.includes('prefetch')) lines.push('  prefetch: [added, modified]')
  return lines.join('\n') + '\n'
}

function limitsOf(reg: EmulatorRegistration, settings: RunSettings): string {
  const primary = primaryOf(reg)
  return reg.operations
    .map(op => {
      const rate = op === primary ? settings.requestsPerMinute : undefined
      // Without a pacing case, rates high enough that no run of the matrix waits for them.
      return `${op}: { per-request: ${PER_REQUEST}, requests-per-minute: ${rate ?? 1000} }`
    })
    .join('\n')
}

export interface MatrixRun {
  reg: EmulatorRegistration
  emu: RunningEmulator
  settings: RunSettings
  result: RunnerResult
  report: Report
  primary: Operation
  /** URLs of the first write request of the primary operation (the faulted one in most cases). */
  firstBatch: string[]
  /** Write requests per operation, retries included. */
  writes: Record<Operation, number>
}

/** Runs the bundle on the fixture's push against `emu`, as the runner does, with step debug on. */
export async function runMatrix(
  reg: EmulatorRegistration,
  emu: RunningEmulator,
  temp: TempDirs,
  settings: RunSettings
): Promise<MatrixRun> {
  const { repo, before, after } = await pushFixture(temp)
  const result = await runAction({
    eventName: 'push',
    event: { before, after, ref: 'refs/heads/main' },
    workspace: repo.dir,
    sha: after,
    token: 'ghs_matrixDummyToken',
    env: { ACTIONS_STEP_DEBUG: 'true' },
    // Past this the run has clearly broken its `timeout`; killed so that the matrix ends.
    timeoutMs: (settings.timeout + 12) * 1000,
    inputs: {
      ...emu.inputs,
      ...reg.extraInputs,
      rules: rulesOf(reg),
      limits: limitsOf(reg, settings),
      timeout: String(settings.timeout),
      'max-retries': String(settings.maxRetries),
      'fail-on': settings.failOn
    }
  })
  const primary = primaryOf(reg)
  const writesOf = (op: Operation) => emu.proxy.requests.filter(r => r.route === reg.writeRoute[op])
  const first = writesOf(primary)[0]
  const firstBatch = wantedKeys(reg)
    .filter(k => k.startsWith(`${primary} `))
    .map(k => k.slice(primary.length + 1))
    .filter(url => first?.raw.includes(url.slice(url.lastIndexOf('/') + 1)))
  expect(result.report).toBeDefined()
  return {
    reg,
    emu,
    settings,
    result,
    report: result.report as Report,
    primary,
    firstBatch,
    writes: { refresh: writesOf('refresh').length, prefetch: writesOf('prefetch').length }
  }
}

const MAY_HAVE_BEEN_ACCEPTED = /may have (been )?accepted/i

/** Whether the report tells, for this URL, that its request may have been accepted. */
export function saysMayHaveBeenAccepted(u: ReportUrl): boolean {
  return MAY_HAVE_BEEN_ACCEPTED.test(u.detail ?? '')
}

export function urlsOf(run: MatrixRun, op: Operation, urls: string[]): ReportUrl[] {
  return urls.map(url => {
    const found = run.report.urls.find(u => u.operation === op && u.url === url)
    expect(found).toBeDefined()
    return found!
  })
}

/** The runner's masking: every `::add-mask::` value replaced by *** in the log. */
export function masked(result: RunnerResult): { stdout: string; stderr: string } {
  const values = result.commands
    .filter(c => c.command === 'add-mask')
    .map(c => c.message)
    .filter(v => v !== '')
    .sort((a, b) => b.length - a.length)
  const mask = (text: string) => values.reduce((t, v) => t.split(v).join('***'), text)
  return {
    stdout: mask(result.stdout.replace(/^::add-mask::.*$/gm, '')),
    stderr: mask(result.stderr)
  }
}

/** Every 12-character piece of a secret: a cut or partly redacted secret still leaks. */
function pieces(secret: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 12 <= secret.length; i++) out.push(secret.slice(i, i + 12))
  return out.length > 0 ? out : [secret]
}

function exitFromReport(report: Report, failOn: FailOn): number {
  if (report.error) return 1
  if (failOn === 'never') return 0
  const failed = report.counts.refresh.failed + report.counts.prefetch.failed
  const notDone = report.urls.filter(
    u => u.status === 'skipped' && ['quota', 'time-budget', 'aborted'].includes(u.reason ?? '')
  ).length
  return failed > 0 || (failOn === 'skipped' && notDone > 0) ? 1 : 0
}

/** The properties every run of the matrix keeps, whatever its fault. */
export function checkInvariants(run: MatrixRun): void {
  const { reg, emu, result, report, settings } = run

  // Every changed file once, every wanted URL × operation once, each with a status and a reason.
  expect(report.changes.map(c => c.path).sort()).toEqual(CHANGED)
  const keys = report.urls.map(u => `${u.operation} ${u.url}`)
  expect(new Set(keys).size).toBe(keys.length)
  const wanted = wantedKeys(reg)
  expect(
    report.urls
      .filter(u => u.status !== 'not-wanted')
      .map(u => `${u.operation} ${u.url}`)
      .sort()
  ).toEqual(wanted)
  for (const u of report.urls) {
    expect(['submitted', 'skipped', 'failed', 'not-wanted']).toContain(u.status)
    if (u.status === 'skipped' || u.status === 'not-wanted') expect(u.reason).toBeDefined()
    if (u.status === 'failed') expect(u.errorCode ?? u.detail).toBeTruthy()
  }

  // Outputs, summary and report agree.
  const count = (op: Operation, status: string) =>
    report.urls.filter(u => u.operation === op && u.status === status).length
  for (const op of ['refresh', 'prefetch'] as const) {
    const c = report.counts[op]
    expect([c.submitted, c.skipped, c.failed]).toEqual([
      count(op, 'submitted'),
      count(op, 'skipped'),
      count(op, 'failed')
    ])
    for (const t of report.tasks.filter(t => t.operation === op))
      expect(t.attempts).toBeLessThanOrEqual(settings.maxRetries + 1)
    if (c.wanted === 0) continue
    const row = result.summary.split('\n').find(l => l.startsWith(`| ${op} |`))
    expect(row).toBeDefined()
    expect(row).toContain(`| ${op} | ${c.wanted} |`)
    for (const [n, word] of [
      [c.submitted, 'accepted'],
      [c.skipped, 'skipped'],
      [c.failed, 'failed']
    ] as const) {
      if (n > 0) expect(row).toContain(`${n} ${word}`)
      else expect(row).not.toMatch(new RegExp(`\\d ${word}`))
    }
  }
  const { outputs } = result
  expect(outputs.refreshed).toBe(String(report.counts.refresh.submitted))
  expect(outputs.prefetched).toBe(String(report.counts.prefetch.submitted))
  expect(outputs.skipped).toBe(
    String(report.counts.refresh.skipped + report.counts.prefetch.skipped)
  )
  expect(outputs.failed).toBe(String(report.counts.refresh.failed + report.counts.prefetch.failed))
  for (const op of ['refresh', 'prefetch'] as const) {
    const ids = report.tasks
      .filter(t => t.operation === op && t.status === 'submitted')
      .flatMap(t => t.taskIds)
    expect(outputs[`${op}-task-ids`]).toBe([...new Set(ids)].join(','))
  }

  // A file name cannot inject a workflow command, markup or an output.
  const injected = result.stdout
    .split(/\r?\n|\r/)
    .filter(l => l.startsWith('::error::injected') || l.startsWith('::set-output'))
  expect(injected).toEqual([])
  expect(result.summary).not.toContain('<b>x</b>')
  expect(Object.keys(outputs).filter(k => !/^[a-z-]+$/.test(k))).toEqual([])

  // The exit status follows fail-on; the run ends within its timeout plus start-up and teardown.
  expect(result.exitCode).toBe(exitFromReport(report, settings.failOn))
  expect(result.durationMs).toBeLessThan(settings.timeout * 1000 + 4000)

  // Retries bounded: no operation sends more than (max-retries + 1) writes per planned request.
  for (const op of ['refresh', 'prefetch'] as const) {
    expect(run.writes[op]).toBeLessThanOrEqual(
      report.counts[op].plannedRequests * (settings.maxRetries + 1)
    )
  }

  // Nothing accepted twice or lost: what the provider holds matches what the report says.
  const accepted = new Map<string, number>()
  for (const a of emu.accepted())
    for (const url of a.urls)
      accepted.set(`${a.operation} ${url}`, (accepted.get(`${a.operation} ${url}`) ?? 0) + 1)
  for (const u of report.urls) {
    const times = accepted.get(`${u.operation} ${u.url}`) ?? 0
    const maybe = saysMayHaveBeenAccepted(u)
    if (u.status === 'submitted') expect({ url: u.url, times }).toEqual({ url: u.url, times: 1 })
    else if (times > 0)
      expect({ url: u.url, status: u.status, maybe }).toMatchObject({ maybe: true })
    if (times > 1) expect({ url: u.url, times, maybe }).toMatchObject({ maybe: true })
  }
  for (const key of accepted.keys()) expect(keys).toContain(key)

  checkSecrets(run)
}

/** No credential, signature or Authorization header in any output; every secret masked first. */
export function checkSecrets(run: MatrixRun): void {
  const { result, emu } = run
  const { stdout, stderr } = masked(result)
  const texts: Record<string, string> = {
    stdout,
    stderr,
    outputs: JSON.stringify(result.outputs),
    summary: result.summary,
    report: JSON.stringify(result.report ?? null)
  }
  const forbidden = new Set<string>()
  for (const s of emu.secrets) for (const p of pieces(s)) forbidden.add(p)
  for (const r of emu.proxy.requests) {
    if (!r.authorization) continue
    forbidden.add(r.authorization)
    const signature = /Signature=([0-9a-f]+)/.exec(r.authorization)?.[1]
    if (signature) for (const p of pieces(signature)) forbidden.add(p)
  }
  for (const [where, text] of Object.entries(texts)) {
    const leaks = [...forbidden].filter(f => text.includes(f))
    expect({ where, leaks }).toEqual({ where, leaks: [] })
  }

  // Each secret's add-mask comes before any other line of the log.
  const lines = result.stdout.split('\n')
  const firstOther = lines.findIndex(l => !l.startsWith('::add-mask::'))
  for (const secret of emu.secrets) {
    const at = lines.indexOf(`::add-mask::${secret}`)
    const masksFirst = at >= 0 && (firstOther < 0 || at < firstOther)
    expect({ secret, masksFirst }).toEqual({ secret, masksFirst: true })
  }
}

/** One fault: the run's settings, how to inject it, and what the run must show besides the invariants. */
export interface MatrixCase {
  name: string
  settings: RunSettings
  /** Whether the provider has this case; a string says why not (the test then checks the string). */
  applies?: (reg: EmulatorRegistration) => true | string
  arrange(reg: EmulatorRegistration, emu: RunningEmulator, primary: Operation): void
  check(run: MatrixRun): void
}

const QUICK: RunSettings = { timeout: 20, maxRetries: 2, failOn: 'error' }
// Faults that hold a request until the deadline: a short timeout keeps the matrix fast.
const SHORT: RunSettings = { timeout: 4, maxRetries: 2, failOn: 'error' }

const route = (reg: EmulatorRegistration, op: Operation): string => reg.writeRoute[op] ?? ''

function statuses(run: MatrixRun, urls: string[], op = run.primary): string[] {
  // The fixture's push plans several requests of the primary operation: the first holds two URLs.
  if (urls === run.firstBatch) expect(urls).toHaveLength(PER_REQUEST)
  return urlsOf(run, op, urls).map(u => u.status)
}

/** The primary operation's URLs outside the first batch. */
function restOf(run: MatrixRun): string[] {
  return wantedKeys(run.reg)
    .filter(k => k.startsWith(`${run.primary} `))
    .map(k => k.slice(run.primary.length + 1))
    .filter(u => !run.firstBatch.includes(u))
}

/** Everything wanted was accepted. */
function allSubmitted(run: MatrixRun): void {
  const notSubmitted = run.report.urls.filter(
    u => u.status !== 'submitted' && u.status !== 'not-wanted'
  )
  expect(notSubmitted).toEqual([])
  expect(run.result.exitCode).toBe(0)
}

/** Whether the action looks the primary write up in the provider's task list after a lost reply. */
function readsTaskList(run: MatrixRun): boolean {
  return run.reg.taskList?.includes(run.primary) ?? false
}

/**
 * The first batch's reply was lost after the provider accepted it: the provider holds it once (it
 * was not sent again). Where the action reads the provider's task list and the run had time left to
 * (`timeLeft`), the list proves it: submitted with the provider's task ID. Otherwise it is failed
 * and reported as "may have been accepted".
 */
function lostReplyChecks(run: MatrixRun, timeLeft = true): void {
  expect(run.firstBatch).toHaveLength(PER_REQUEST)
  const accepted = run.emu.accepted().filter(a => a.operation === run.primary)
  const confirmed = timeLeft && readsTaskList(run)
  for (const u of urlsOf(run, run.primary, run.firstBatch)) {
    const holding = accepted.filter(a => a.urls.includes(u.url))
    expect({ url: u.url, times: holding.length }).toEqual({ url: u.url, times: 1 })
    const maybe = saysMayHaveBeenAccepted(u)
    if (confirmed) {
      const taskId = holding[0]!.taskIds.join(',')
      expect({ url: u.url, status: u.status, taskId: u.taskId, maybe }).toEqual({
        url: u.url,
        status: 'submitted',
        taskId,
        maybe: false
      })
    } else {
      expect({ url: u.url, status: u.status, maybe }).toEqual({
        url: u.url,
        status: 'failed',
        maybe: true
      })
    }
  }
}

export const MATRIX_CASES: readonly MatrixCase[] = [
  {
    name: '429 with retry-after, then success',
    settings: QUICK,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, {
        before: () => emu.inject(route(reg, op), reg.faults.throttle(1))
      }),
    check: run => {
      allSubmitted(run)
      const first = run.emu.proxy.requests.filter(r => r.route === route(run.reg, run.primary))
      // The retry waited for the provider's retry-after.
      expect(first[1]!.at - first[0]!.at).toBeGreaterThanOrEqual(900)
      expect(run.writes[run.primary]).toBe(run.report.counts[run.primary].requests + 1)
    }
  },
  {
    name: 'a burst of 5xx, then success',
    settings: QUICK,
    arrange: (reg, emu, op) => {
      const fault = { status: 503, message: 'Service Unavailable' }
      emu.proxy.on(route(reg, op), 1, { before: () => emu.inject(route(reg, op), fault) })
      emu.proxy.on(route(reg, op), 2, { before: () => emu.inject(route(reg, op), fault) })
    },
    check: run => {
      allSubmitted(run)
      expect(run.writes[run.primary]).toBe(run.report.counts[run.primary].requests + 2)
    }
  },
  {
    name: '5xx past max-retries',
    // fail-on: never: the failed URLs are reported, and the step still passes.
    settings: { ...QUICK, failOn: 'never' },
    arrange: (reg, emu, op) => {
      const fault = { status: 502, message: 'Bad Gateway' }
      for (const nth of [1, 2, 3])
        emu.proxy.on(route(reg, op), nth, { before: () => emu.inject(route(reg, op), fault) })
    },
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'failed'))
      expect(statuses(run, restOf(run))).toEqual(restOf(run).map(() => 'submitted'))
      const task = run.report.tasks.find(t => t.status === 'failed')
      expect(task?.attempts).toBe(3)
      expect(run.result.exitCode).toBe(0)
    }
  },
  {
    name: 'a connection reset',
    settings: QUICK,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, { before: () => emu.inject(route(reg, op), 'reset') }),
    check: run => {
      // The request was sent, the reply lost: submitted only if the provider holds it once,
      // otherwise "may have been accepted"; never skipped.
      expect(run.firstBatch).toHaveLength(PER_REQUEST)
      for (const u of urlsOf(run, run.primary, run.firstBatch)) {
        expect(u.status).not.toBe('skipped')
        if (u.status !== 'submitted') expect(saysMayHaveBeenAccepted(u)).toBe(true)
        // The reset came before the provider took it: its task list cannot show it.
        if (readsTaskList(run))
          expect({ url: u.url, detail: u.detail }).toEqual({
            url: u.url,
            detail: expect.stringMatching(/task list did not show it/)
          })
      }
      expect(statuses(run, restOf(run))).toEqual(restOf(run).map(() => 'submitted'))
    }
  },
  {
    name: 'a reply slower than the per-request timeout (the provider accepted)',
    settings: SHORT,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, { reply: { kind: 'delay', ms: 60_000 } }),
    // The write waits out the whole timeout: no time is left to read a task list.
    check: run => lostReplyChecks(run, false)
  },
  {
    name: 'a connection that never answers',
    settings: SHORT,
    arrange: (_reg, emu) => emu.injectEverywhere(...Array<'timeout'>(200).fill('timeout')),
    check: run => {
      // A provider that never answered is a failure, not a skip (issue 10).
      const wanted = run.report.urls.filter(u => u.status !== 'not-wanted')
      expect(wanted.filter(u => u.status !== 'failed')).toEqual([])
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'a malformed 200 body',
    settings: QUICK,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, { before: () => emu.inject(route(reg, op), 'malformed') }),
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'failed'))
      expect(run.report.error?.type).not.toBe('unexpected')
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'a schema-violating 200 body',
    settings: QUICK,
    applies: reg => reg.faults.noWriteSchema ?? true,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, { before: () => emu.inject(route(reg, op), 'wrong-shape') }),
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'failed'))
      expect(run.report.error?.type).not.toBe('unexpected')
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'a reply replaced after the provider accepted',
    settings: QUICK,
    arrange: (reg, emu, op) => emu.proxy.on(route(reg, op), 1, { reply: { kind: 'garbage' } }),
    check: run => lostReplyChecks(run)
  },
  {
    name: '200 headers then a reset, after the provider accepted',
    settings: QUICK,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, { reply: { kind: 'headers-then-reset' } }),
    check: run => lostReplyChecks(run)
  },
  {
    name: 'a 200 without the task ID, after the provider accepted',
    settings: QUICK,
    applies: reg => reg.faults.noTaskIds ?? true,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 1, {
        before: () => emu.inject(route(reg, op), 'accept-without-task-id')
      }),
    check: run => {
      // Never a clean success without a task ID (issue 10, item 2).
      lostReplyChecks(run)
      for (const u of urlsOf(run, run.primary, run.firstBatch))
        if (u.status === 'submitted') expect(u.taskId).toBeTruthy()
    }
  },
  {
    name: 'the daily quota running out mid-run',
    settings: { ...QUICK, failOn: 'skipped' },
    applies: reg =>
      typeof reg.faults.quotaExhausted === 'string' ? reg.faults.quotaExhausted : true,
    arrange: (reg, emu, op) => {
      const fault = reg.faults.quotaExhausted
      if (typeof fault === 'string') return
      emu.proxy.on(route(reg, op), 2, { before: () => emu.inject(route(reg, op), fault(op)) })
    },
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'submitted'))
      const rest = urlsOf(run, run.primary, restOf(run))
      expect(rest.map(u => [u.status, u.reason])).toEqual(rest.map(() => ['skipped', 'quota']))
      // Not sent again once the provider said the quota is used up.
      expect(run.writes[run.primary]).toBe(2)
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'an authentication failure mid-run',
    settings: QUICK,
    arrange: (reg, emu, op) =>
      emu.proxy.on(route(reg, op), 2, {
        before: req => emu.inject(route(reg, op), reg.faults.authRefused(req.authorization ?? ''))
      }),
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'submitted'))
      const writeRoutes = Object.values(run.reg.writeRoute)
      const writes = run.emu.proxy.requests.filter(r => writeRoutes.includes(r.route))
      // Nothing is written after the credentials were refused (the 2nd primary write).
      const refused = writes.filter(r => r.route === route(run.reg, run.primary))[1]
      expect(writes.at(-1)).toBe(refused)
      const after = run.report.urls.filter(
        u => u.status !== 'not-wanted' && u.status !== 'submitted' && u.status !== 'failed'
      )
      expect(after.every(u => u.status === 'skipped' && u.reason === 'aborted')).toBe(true)
      expect(run.report.urls.filter(u => u.status === 'failed').length).toBeGreaterThan(0)
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'the timeout running out while waiting for pacing',
    settings: { timeout: 8, maxRetries: 2, failOn: 'skipped', requestsPerMinute: 1 },
    arrange: () => undefined,
    check: run => {
      expect(statuses(run, run.firstBatch)).toEqual(run.firstBatch.map(() => 'submitted'))
      const rest = urlsOf(run, run.primary, restOf(run))
      expect(rest.map(u => [u.status, u.reason])).toEqual(
        rest.map(() => ['skipped', 'time-budget'])
      )
      // Skipped at once: the next slot is a minute away, past the timeout.
      expect(run.result.durationMs).toBeLessThan(run.settings.timeout * 1000)
      expect(run.result.exitCode).toBe(1)
    }
  },
  {
    name: 'the timeout running out while waiting for a retry',
    settings: QUICK,
    arrange: (reg, emu, op) => {
      const fault = { status: 503, message: 'Busy', headers: { 'retry-after': '999999' } }
      emu.proxy.on(route(reg, op), 1, { before: () => emu.inject(route(reg, op), fault) })
    },
    check: run => {
      // The provider kept failing: failed with its last error, and the reason says it asked to
      // wait past the timeout (issue 10, item 7); the run did not wait.
      expect(run.firstBatch).toHaveLength(PER_REQUEST)
      const first = urlsOf(run, run.primary, run.firstBatch)
      expect(first.map(u => u.status)).toEqual(first.map(() => 'failed'))
      const task = run.report.tasks.find(t => t.status === 'failed')
      expect(task?.detail).toMatch(/asked.*(wait|retry)|retry-after/i)
      expect(statuses(run, restOf(run))).toEqual(restOf(run).map(() => 'submitted'))
      expect(run.result.durationMs).toBeLessThan(run.settings.timeout * 1000)
      expect(run.result.exitCode).toBe(1)
    }
  }
]

/** Which matrix file runs which cases (three files, so that jest runs them in parallel). */
export const MATRIX_GROUPS = {
  answers: [
    '429 with retry-after, then success',
    'a burst of 5xx, then success',
    '5xx past max-retries',
    'a malformed 200 body',
    'a schema-violating 200 body',
    'the daily quota running out mid-run',
    'an authentication failure mid-run'
  ],
  transport: [
    'a connection reset',
    'a reply slower than the per-request timeout (the provider accepted)',
    'a connection that never answers',
    'a reply replaced after the provider accepted',
    '200 headers then a reset, after the provider accepted',
    'a 200 without the task ID, after the provider accepted'
  ],
  time: [
    'the timeout running out while waiting for pacing',
    'the timeout running out while waiting for a retry'
  ]
} as const

/** The named cases of MATRIX_CASES, for every registered provider. */
export function describeMatrix(e2e: E2eContext, names: readonly string[]): void {
  const cases = names.map(name => {
    const found = MATRIX_CASES.find(c => c.name === name)
    if (!found) throw new Error(`no matrix case '${name}'`)
    return found
  })
  for (const reg of EMULATOR_REGISTRY) {
    describe(reg.provider, () => {
      for (const c of cases) {
        const applies = c.applies?.(reg) ?? true
        if (applies !== true) {
          // Stated in the registry, not skipped silently.
          it(`${c.name}: not applicable (${applies})`, () => expect(applies).toMatch(/\w/))
          continue
        }
        it(
          c.name,
          async () => {
            const emu = e2e.track(await reg.start())
            c.arrange(reg, emu, primaryOf(reg))
            const run = await runMatrix(reg, emu, e2e.temp(), c.settings)
            // MATRIX_DUMP=dir keeps each run's log, outputs, summary, report and requests.
            if (process.env.MATRIX_DUMP) await dumpRun(process.env.MATRIX_DUMP, c.name, run)
            c.check(run)
            checkInvariants(run)
          },
          (c.settings.timeout + 25) * 1000
        )
      }
    })
  }
}

async function dumpRun(dir: string, name: string, run: MatrixRun): Promise<void> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, `${run.reg.provider}--${name.replace(/[^a-z0-9]+/gi, '-')}.json`)
  const { result } = run
  await writeFile(
    file,
    JSON.stringify(
      {
        exitCode: result.exitCode,
        durationMs: result.durationMs,
        stdout: result.stdout.split('\n'),
        stderr: result.stderr,
        outputs: result.outputs,
        summary: result.summary.split('\n'),
        report: result.report,
        requests: run.emu.proxy.requests.map(r => ({ ...r, raw: r.raw.slice(0, 300) })),
        accepted: run.emu.accepted()
      },
      null,
      2
    )
  )
}

// The bundled dist/index.js with `provider: gcore`, as the GitHub runner runs it, against the
// Gcore emulator and real git repositories.
import { describe, expect, it } from '@jest/globals'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreEmulatorOptions
} from '../../emulators/gcore.js'
import { GitRepo } from '../helpers/git-repo.js'
import { runPush, unmaskedLog, useE2e, type Pushed } from '../helpers/e2e.js'
import type { Report } from '../../src/report/report.js'

const RULES = `
- files: assets/**
  url: https://cdn.example.com/
  refresh: true
  prefetch: [added, modified]
`

const e2e = useE2e()

async function start(options: GcoreEmulatorOptions = {}): Promise<GcoreEmulator> {
  return e2e.track(await startGcoreEmulator(options))
}

async function commitPush(change: (repo: GitRepo) => Promise<void>): Promise<Pushed> {
  const repo = await GitRepo.init(e2e.temp())
  await repo.write('assets/small.bin', 'a'.repeat(10))
  await repo.write('assets/big.bin', 'b'.repeat(5000))
  await repo.write('assets/mid.bin', 'c'.repeat(2000))
  const before = await repo.commit('deployed')
  await change(repo)
  const after = await repo.commit('push')
  return { repo, before, after }
}

function inputs(emu: GcoreEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    provider: 'gcore',
    rules: RULES,
    endpoint: emu.url,
    'api-key': EMULATOR_GCORE_API_KEY,
    'resource-id': String(EMULATOR_GCORE_RESOURCE_ID),
    'prefetch-min-size': '1000',
    'prefetch-max-size': '4KB',
    ...extra
  }
}

const push = runPush

describe('dist/index.js with provider: gcore', () => {
  it('purges before it prefetches, and prefetches only files in the size range', async () => {
    const emu = await start()
    const p = await commitPush(async repo => {
      await repo.write('assets/small.bin', 'A'.repeat(12))
      await repo.write('assets/big.bin', 'B'.repeat(5001))
      await repo.write('assets/mid.bin', 'C'.repeat(2001))
      await repo.write('assets/new file é.bin', 'D'.repeat(3000))
    })
    const rules = `${RULES}- files: assets/**\n  url: https://static.example.com/\n  refresh: true\n`
    const result = await push(p, inputs(emu, { rules }))
    expect(result.exitCode).toBe(0)

    const [purge, prefetch, ...rest] = emu.state.accepted
    expect(rest).toEqual([])
    expect(purge?.type).toBe('purge_by_url')
    // Paths, not URLs: both hosts' URLs are one path each.
    expect(purge?.items.sort()).toEqual(['/big.bin', '/mid.bin', '/small.bin'])
    expect(prefetch?.type).toBe('prefetch')
    expect(prefetch?.items).toEqual(['/mid.bin', '/new%20file%20%C3%A9.bin'])
    expect(purge!.at).toBeLessThanOrEqual(prefetch!.at)
    const auth = emu.requests.map(r => r.headers.authorization)
    expect(auth.every(a => a === 'APIKey [REDACTED]')).toBe(true)

    const report = result.report as Report
    const sized = report.urls.filter(u => u.reason === 'size')
    expect(sized.map(u => u.url).sort()).toEqual([
      'https://cdn.example.com/big.bin',
      'https://cdn.example.com/small.bin'
    ])
    expect(sized.find(u => u.url.endsWith('big.bin'))?.detail).toMatch(/file is 5,001 bytes/)
    expect(report.tasks.every(t => t.accepted && t.taskIds.length === 0)).toBe(true)
    expect(result.outputs['refresh-task-ids']).toBe('')
    expect(result.outputs['prefetch-task-ids']).toBe('')
    expect(result.outputs['quota-remaining']).toBe(
      '{"purge-requests-per-minute":2,"prefetch-requests-per-minute":1}'
    )
    expect(result.summary).toContain('none: the provider returns no task IDs')
    expect(result.summary).toContain('Gcore has no daily quota')
    expect(
      result.commands.some(c => c.command === 'warning' && /2 hosts.*one resource/.test(c.message))
    ).toBe(true)
    expect(unmaskedLog(result)).not.toContain(EMULATOR_GCORE_API_KEY.split('$')[1])
  })

  it('retries a 429 after its Retry-After', async () => {
    const emu = await start()
    emu.inject('purge', { status: 429, headers: { 'retry-after': '1' } })
    const p = await commitPush(async repo => repo.write('assets/small.bin', 'changed'))
    const result = await push(p, inputs(emu))
    expect(result.exitCode).toBe(0)
    expect((result.report as Report).tasks[0]).toMatchObject({ status: 'submitted', attempts: 2 })
    expect(emu.state.accepted).toHaveLength(1)
  })

  it('paces prefetches to the rate the account states, without a 429, within the timeout', async () => {
    const emu = await start({
      perMinute: { prefetch: 30 },
      limits: { prefetch_request_limit: '1/2s' }
    })
    const p = await commitPush(async repo => {
      for (let i = 0; i < 250; i++) await repo.write(`assets/v/${i}.bin`, 'x'.repeat(1500))
    })
    const result = await push(p, inputs(emu, { timeout: '60' }))
    expect(result.exitCode).toBe(0)
    const prefetches = emu.state.accepted.filter(a => a.type === 'prefetch')
    expect(prefetches.map(a => a.items.length)).toEqual([100, 100, 50])
    for (let i = 1; i < prefetches.length; i++) {
      expect(prefetches[i]!.at - prefetches[i - 1]!.at).toBeGreaterThanOrEqual(2000)
    }
    expect(emu.requests.some(r => r.status === 429)).toBe(false)
    expect(result.stdout).toMatch(/prefetch 2\/3 in 2 s/)
    expect(result.outputs.prefetched).toBe('250')
  })

  it('reports what the per-minute limit leaves past the timeout as time-budget, at once', async () => {
    const emu = await start()
    const p = await commitPush(async repo => {
      for (let i = 0; i < 250; i++) await repo.write(`assets/v/${i}.bin`, 'x'.repeat(1500))
    })
    const result = await push(p, inputs(emu, { timeout: '20' }))
    expect(result.exitCode).toBe(0)
    // The second prefetch could go only 60 s after the first: not waited for.
    expect(result.durationMs).toBeLessThan(15_000)
    expect(emu.state.accepted.filter(a => a.type === 'prefetch')).toHaveLength(1)
    const report = result.report as Report
    expect(report.urls.filter(u => u.reason === 'time-budget')).toHaveLength(150)
    expect(result.outputs.skipped).toBe('150')
    expect(
      result.commands.some(c => c.command === 'warning' && /timeout ran out/.test(c.message))
    ).toBe(true)
  })

  it('stops on a wrong key, names it, and never shows it', async () => {
    const emu = await start()
    const p = await commitPush(async repo => repo.write('assets/small.bin', 'changed'))
    const wrong = '99999$WrongGcoreKey0123456789'
    const result = await push(p, inputs(emu, { 'api-key': wrong }))
    expect(result.exitCode).toBe(1)
    expect(emu.state.accepted).toHaveLength(0)
    expect(result.commands.find(c => c.command === 'error')?.message).toMatch(/api-key/)
    for (const text of [
      unmaskedLog(result),
      result.stderr,
      result.summary,
      JSON.stringify(result.report)
    ]) {
      expect(text).not.toContain('WrongGcoreKey0123456789')
    }
  })
})

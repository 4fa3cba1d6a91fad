import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildReport,
  REPORT_CHUNK_CHARS,
  reportChunks,
  writeReport,
  type RunRecord
} from '../src/report/report.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderSummary, SUMMARY_BUDGET_BYTES } from '../src/report/summary.js'
import type { Batch, BatchOutcome, PlanItem, Target } from '../src/model.js'
import type { ProviderSpec } from '../src/providers/provider.js'

const spec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Alibaba Cloud DCDN',
  refresh: { perRequest: 1000, hostsPerRequest: 10 },
  prefetch: { perRequest: 100, hostsPerRequest: 10 },
  quotaApi: true,
  taskIds: true
}

function item(url: string, operation: 'refresh' | 'prefetch', rest: Partial<PlanItem>): PlanItem {
  return {
    url,
    host: new URL(url).host,
    operation,
    rule: 0,
    sources: [],
    status: 'planned',
    ...rest
  }
}

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  const a = item('https://www.example.com/a.html', 'refresh', {
    status: 'submitted',
    taskId: '101',
    sources: ['public/a.html']
  })
  const b = item('https://www.example.com/b.html', 'refresh', {
    status: 'skipped',
    reason: 'quota',
    detail: 'needs 2 refresh URLs, 1 left today'
  })
  const c = item('https://www.example.com/c.html', 'prefetch', {
    status: 'failed',
    errorCode: 'InvalidObjectPath.Malformed',
    detail: 'bad <path>'
  })
  // A removed file whose rule neither refreshes nor prefetches removed files: no plan item, the
  // report lists both operations from the target.
  const d: Target = {
    url: 'https://www.example.com/d.html',
    host: 'www.example.com',
    sources: ['public/d.html'],
    kind: 'removed',
    rule: 2,
    wanted: { refresh: false, prefetch: false }
  }
  const batchA: Batch = { operation: 'refresh', items: [a], hosts: ['www.example.com'] }
  const batchC: Batch = { operation: 'prefetch', items: [c], hosts: ['www.example.com'] }
  const outcomes: BatchOutcome[] = [
    { batch: batchA, status: 'submitted', taskIds: ['101'], attempts: 2, submittedAt: 0 },
    {
      batch: batchC,
      status: 'failed',
      taskIds: [],
      errorCode: 'InvalidObjectPath.Malformed',
      detail: 'bad <path>',
      attempts: 1
    }
  ]
  return {
    spec,
    providerInput: 'alibaba-dcdn',
    quotaKeys: ['refresh-url', 'refresh-dir', 'prefetch'],
    dryRun: false,
    eventName: 'push',
    changeSet: {
      source: 'git',
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      changes: [
        { path: 'public/a.html', kind: 'modified' },
        { path: 'README.md', kind: 'added' }
      ],
      warnings: []
    },
    targetSet: {
      // Tests that give their own items give the targets they need.
      targets: overrides.items ? [] : [d],
      unmatched: ['README.md'],
      mapped: [
        { path: 'public/a.html', kind: 'modified', urls: ['https://www.example.com/a.html'] },
        { path: 'README.md', kind: 'added', urls: [] }
      ]
    },
    items: [a, b, c],
    outcomes,
    quotaBefore: {
      remaining: { refresh: 1 },
      details: { 'refresh-url': 1, 'refresh-dir': 100, prefetch: 500 }
    },
    quotaAfter: {
      remaining: { refresh: 0 },
      details: { 'refresh-url': 0, 'refresh-dir': 100, prefetch: 500 }
    },
    warnings: [],
    timingsMs: { inputs: 1 },
    startedAt: Date.UTC(2026, 0, 1),
    finishedAt: Date.UTC(2026, 0, 1, 0, 0, 3),
    reportPath: '/tmp/report.json',
    ...overrides
  }
}

describe('buildReport', () => {
  it('accounts for every changed file and every URL operation', () => {
    const r = buildReport(record())
    expect(r.counts.changes).toEqual({ added: 1, modified: 1, removed: 0, unmatched: 1 })
    expect(r.counts.refresh).toEqual({
      wanted: 2,
      submitted: 1,
      skipped: 1,
      failed: 0,
      notWanted: 1,
      requests: 1,
      plannedRequests: 1
    })
    expect(r.counts.prefetch).toEqual({
      wanted: 1,
      submitted: 0,
      skipped: 0,
      failed: 1,
      notWanted: 1,
      requests: 1,
      plannedRequests: 1
    })
    expect(r.changes).toEqual([
      {
        path: 'public/a.html',
        kind: 'modified',
        matched: true,
        urls: ['https://www.example.com/a.html']
      },
      { path: 'README.md', kind: 'added', matched: false, urls: [] }
    ])
    // The plan's items, then the operations not asked for, from the targets.
    expect(r.urls.map(u => u.status)).toEqual([
      'submitted',
      'skipped',
      'failed',
      'not-wanted',
      'not-wanted'
    ])
    expect(r.urls[3]).toMatchObject({
      operation: 'refresh',
      detail: 'the matching rules do not refresh removed files'
    })
    expect(r.urls[4]).toEqual({
      url: 'https://www.example.com/d.html',
      operation: 'prefetch',
      status: 'not-wanted',
      reason: 'rule',
      detail: 'the matching rules do not prefetch removed files',
      rule: 2,
      sources: ['public/d.html']
    })
    expect(r.tasks[0]).toMatchObject({
      operation: 'refresh',
      taskIds: ['101'],
      urls: 1,
      attempts: 2
    })
    expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(r)))
  })

  it('shows every quota key as null when quota is unknown', () => {
    const r = buildReport(record({ quotaBefore: null, quotaAfter: null }))
    expect(r.quota.before).toEqual({ 'refresh-url': null, 'refresh-dir': null, prefetch: null })
  })
})

describe('outputsOf', () => {
  it('derives the step outputs from the report', () => {
    expect(outputsOf(buildReport(record()))).toEqual({
      'refresh-task-ids': '101',
      'prefetch-task-ids': '',
      refreshed: '1',
      prefetched: '0',
      skipped: '1',
      failed: '1',
      'quota-remaining': '{"refresh-url":0,"refresh-dir":100,"prefetch":500}',
      report: '/tmp/report.json',
      // Without wait: nothing is known to be complete.
      completed: 'false',
      'incomplete-task-ids': ''
    })
  })
  it('falls back to the quota read before when none was read after, and to nulls', () => {
    expect(outputsOf(buildReport(record({ quotaAfter: null })))['quota-remaining']).toBe(
      '{"refresh-url":1,"refresh-dir":100,"prefetch":500}'
    )
    expect(
      outputsOf(buildReport(record({ quotaBefore: null, quotaAfter: null })))['quota-remaining']
    ).toBe('{"refresh-url":null,"refresh-dir":null,"prefetch":null}')
  })
})

describe('renderSummary', () => {
  it('shows provider, mode, changes, operations, quota and the lists', () => {
    const md = renderSummary(buildReport(record()))
    expect(md).toContain('## CDN refresh: Alibaba Cloud DCDN, live')
    expect(md).toContain(
      '<code>aaaaaaa..bbbbbbb</code> (git diff): 1 added, 1 modified, 0 removed; 1 matched no rule.'
    )
    expect(md).toContain('| refresh | 2 | 1 | <code>101</code> | ⚠️ 1 accepted, 1 skipped |')
    expect(md).toContain('| prefetch | 1 | 1 | — | ❌ 1 failed |')
    expect(md).toContain('| before | 1 | 100 | 500 |')
    expect(md).toContain('| after | 0 | 100 | 500 |')
    expect(md).toContain('<summary>Failed (1)</summary>')
    expect(md).toContain('<code>InvalidObjectPath.Malformed</code> bad &#60;path&#62;')
    expect(md).toContain('<summary>Skipped (1)</summary>')
    expect(md).toContain('quota: needs 2 refresh URLs, 1 left today')
    expect(md).toContain('<summary>Not asked for by the rules or inputs (2)</summary>')
    expect(md).toContain('<li>1 URL, refresh: the matching rules do not refresh removed files</li>')
    expect(md).toContain(
      '<li>1 URL, prefetch: the matching rules do not prefetch removed files</li>'
    )
    expect(md).not.toContain('d.html')
    expect(md).toContain('<summary>Changed files that matched no rule (1)</summary>')
    // Markdown tables run together unless a blank line separates them.
    expect(md).toMatch(/❌ 1 failed \|\n\n\| Quota left/)
    expect(md).not.toMatch(/undefined|null|TODO/)
  })

  it('says why a run was a dry run', () => {
    const md = renderSummary(
      buildReport(record({ dryRun: true, dryRunReason: 'Pull request runs are always dry runs.' }))
    )
    expect(md).toContain('## CDN refresh: Alibaba Cloud DCDN, dry run')
    expect(md).toContain('Pull request runs are always dry runs.')
  })

  it('says "would submit" in a dry run, gives the reason once and counts planned requests', () => {
    const urls = ['a', 'b', 'c'].map(name =>
      item(`https://www.example.com/${name}.html`, 'refresh', {
        status: 'skipped',
        reason: 'dry-run'
      })
    )
    const batch: Batch = { operation: 'refresh', items: urls, hosts: ['www.example.com'] }
    const md = renderSummary(
      buildReport(
        record({
          dryRun: true,
          dryRunReason: 'The dry-run input is true.',
          items: urls,
          outcomes: [{ batch, status: 'skipped', reason: 'dry-run', taskIds: [], attempts: 0 }]
        })
      )
    )
    expect(md).toContain('| refresh | 3 | 1 | — | would submit 3 |')
    expect(md).toContain('<summary>Would be submitted in a live run (3)</summary>')
    expect(md.split('The dry-run input is true.')).toHaveLength(2)
    expect(md).not.toMatch(/✅|skipped/)
  })

  it('puts one set of parentheses in every section title', () => {
    const md = renderSummary(buildReport(record({ dryRun: true })))
    for (const [, title] of md.matchAll(/<summary>(.*?)<\/summary>/g)) {
      expect(title?.match(/\(/g)).toHaveLength(1)
    }
    for (const heading of md.split('\n').filter(l => l.startsWith('#'))) {
      expect(heading.match(/\(/g)?.length ?? 0).toBeLessThanOrEqual(1)
    }
  })

  it('leaves out an operation the provider cannot do unless a rule asked for it, and notes unreadable daily limits', () => {
    const vod: ProviderSpec = {
      name: 'huawei-vod',
      title: 'Huawei Cloud VOD',
      prefetch: { perRequest: 10, perDay: 1000 },
      quotaApi: false,
      taskIds: true
    }
    const prefetchOnly = record({ spec: vod }).items.filter(i => i.operation === 'prefetch')
    const md = renderSummary(buildReport(record({ spec: vod, items: prefetchOnly })))
    expect(md).not.toContain('| refresh |')
    expect(md).toContain('| prefetch |')
    expect(md).toContain('allows 1,000 prefetches a day and has no API to read how many are left')
    const asked = renderSummary(buildReport(record({ spec: vod })))
    expect(asked).toContain('| refresh | 2 |')
  })

  it('leaves out a quota table where nothing is known', () => {
    const md = renderSummary(buildReport(record({ quotaBefore: null, quotaAfter: null })))
    expect(md).not.toContain('Quota left')
  })

  it('says how to keep the report', () => {
    const md = renderSummary(buildReport(record()))
    expect(md).toContain('<code>/tmp/report.json</code> on the runner')
    expect(md).toContain('actions/upload-artifact')
    expect(md).toContain('if: always()')
  })

  it('puts the error that stopped a run first, with what was done before it', () => {
    const r = buildReport(
      record({ failure: { type: 'auth', message: 'SignatureDoesNotMatch: check <secret> input' } })
    )
    expect(r.error).toEqual({
      type: 'auth',
      message: 'SignatureDoesNotMatch: check <secret> input'
    })
    const md = renderSummary(r)
    expect(md.indexOf('[!CAUTION]')).toBeLessThan(md.indexOf('| Operation |'))
    expect(md).toContain('The run stopped: SignatureDoesNotMatch: check &#60;secret&#62; input')
  })

  it('cuts long lists with a pointer to the report and stays under 1 MiB', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      item(`https://www.example.com/${'x'.repeat(900)}/${i}`, 'refresh', {
        status: 'skipped',
        reason: 'quota'
      })
    )
    const r = buildReport(record({ items: many, outcomes: [] }))
    const md = renderSummary(r)
    expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_BUDGET_BYTES)
    expect(md).toContain('<summary>Skipped (5,000)</summary>')
    expect(md).toMatch(/… and [\d,]+ more: see the JSON report \(below\)/)
  })
})

describe('counts', () => {
  // Outputs, summary and report must agree: every count is recomputed here from the URL items.
  it('equal the number of URL items with each status, for random runs', () => {
    let seed = 7
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const statuses = [
      { status: 'submitted', taskId: '1' },
      { status: 'skipped', reason: 'quota' },
      { status: 'skipped', reason: 'dry-run' },
      { status: 'skipped', reason: 'time-budget' },
      { status: 'failed', errorCode: 'X' }
    ] as const
    const wanted = [
      { refresh: true, prefetch: true },
      { refresh: true, prefetch: false },
      { refresh: false, prefetch: true },
      { refresh: false, prefetch: false }
    ]
    for (let run = 0; run < 50; run++) {
      // Targets with random wants: an item with a random status per wanted operation, and the
      // report's not-wanted rows for the rest.
      const targets: Target[] = Array.from({ length: Math.floor(random() * 20) }, (_, i) => ({
        url: `https://www.example.com/${i}`,
        host: 'www.example.com',
        sources: [`${i}`],
        kind: 'modified',
        rule: 0,
        wanted: wanted[Math.floor(random() * wanted.length)]!
      }))
      const items = (['refresh', 'prefetch'] as const).flatMap(op =>
        targets
          .filter(t => t.wanted[op])
          .map(t => item(t.url, op, { ...statuses[Math.floor(random() * statuses.length)]! }))
      )
      const r = buildReport(
        record({ items, outcomes: [], targetSet: { targets, unmatched: [], mapped: [] } })
      )
      expect(r.urls).toHaveLength(targets.length * 2)
      const outputs = outputsOf(r)
      for (const op of ['refresh', 'prefetch'] as const) {
        const of = (status: string) =>
          r.urls.filter(u => u.operation === op && u.status === status).length
        const c = r.counts[op]
        expect(c.submitted).toBe(of('submitted'))
        expect(c.skipped).toBe(of('skipped'))
        expect(c.failed).toBe(of('failed'))
        expect(c.notWanted).toBe(of('not-wanted'))
        expect(c.wanted).toBe(c.submitted + c.skipped + c.failed)
      }
      const all = (status: string) => r.urls.filter(u => u.status === status).length
      expect(Number(outputs.skipped)).toBe(all('skipped'))
      expect(Number(outputs.failed)).toBe(all('failed'))
      expect(Number(outputs.refreshed) + Number(outputs.prefetched)).toBe(all('submitted'))
      const md = renderSummary(r)
      if (all('not-wanted') > 0) {
        expect(md).toContain(
          `<summary>Not asked for by the rules or inputs (${all('not-wanted')})</summary>`
        )
      }
    }
  })
})

describe('writeReport', () => {
  async function inTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'report-test-'))
    try {
      return await body(dir)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  it('writes JSON that reads back as the report, one list entry a line, timings last', async () => {
    await inTempDir(async dir => {
      const report = buildReport(record())
      const path = join(dir, 'nested', 'report.json')
      let now = 1000
      await writeReport(report, path, { since: 990, now: () => now++ })
      const text = await readFile(path, 'utf8')
      expect(JSON.parse(text)).toEqual(report)
      expect(report.timingsMs).toEqual({ inputs: 1, report: 10 })
      expect(Object.keys(JSON.parse(text) as object).at(-1)).toBe('timingsMs')
      expect(text.endsWith('}\n')).toBe(true)
      // Compact: no indentation; each URL of the report on a line of its own.
      expect(text).not.toMatch(/^ /m)
      const lines = text.split('\n')
      for (const u of report.urls) {
        expect(lines.some(l => l.replace(/,$/, '') === JSON.stringify(u))).toBe(true)
      }
    })
  })

  it('writes the memory figures just before the timings, with the report stage read at the end', async () => {
    await inTempDir(async dir => {
      const report = buildReport(record({ memoryMb: { inputs: { rss: 40, peak: 41 } } }))
      const path = join(dir, 'report.json')
      let now = 1000
      await writeReport(report, path, {
        since: 990,
        now: () => now++,
        memory: () => ({ rss: 60.5, peak: 70.2 })
      })
      const text = await readFile(path, 'utf8')
      expect(JSON.parse(text)).toEqual(report)
      expect(report.memoryMb).toEqual({
        inputs: { rss: 40, peak: 41 },
        report: { rss: 60.5, peak: 70.2 }
      })
      expect(Object.keys(JSON.parse(text) as object).slice(-2)).toEqual(['memoryMb', 'timingsMs'])
    })
  })

  it('writes a report without timing, or with empty lists and absent fields, as valid JSON', async () => {
    await inTempDir(async dir => {
      const report = buildReport(
        record({
          items: [],
          outcomes: [],
          targetSet: { targets: [], unmatched: [], mapped: [] },
          spec: undefined
        })
      )
      const path = join(dir, 'report.json')
      await writeReport(report, path)
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(report)
      expect(report.timingsMs).toEqual({ inputs: 1 })
    })
  })

  it('writes 100,000 URLs in pieces, never as one string, and reads back the same', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      item(`https://www.example.com/static/${i}/caf\u00e9 "${i}".js`, 'refresh', {
        status: 'skipped',
        reason: 'dry-run',
        sources: [`public/static/${i}/café "${i}".js`]
      })
    )
    const report = buildReport(record({ items, outcomes: [] }))
    let pieces = 0
    let longest = 0
    let length = 0
    for (const piece of reportChunks(report)) {
      pieces++
      longest = Math.max(longest, piece.length)
      length += piece.length
    }
    expect(length).toBeGreaterThan(10_000_000)
    expect(pieces).toBeGreaterThan(length / (2 * REPORT_CHUNK_CHARS))
    expect(longest).toBeLessThan(REPORT_CHUNK_CHARS + 1000)
    await inTempDir(async dir => {
      const path = join(dir, 'report.json')
      await writeReport(report, path)
      const back = JSON.parse(await readFile(path, 'utf8')) as typeof report
      expect(back.urls).toHaveLength(100_000)
      expect(back).toEqual(report)
    })
  })

  it('rejects, without crashing the process, when the file cannot be written', async () => {
    await inTempDir(async dir => {
      // The path is an existing directory: opening it for writing fails (EISDIR).
      await expect(writeReport(buildReport(record()), dir)).rejects.toThrow()
    })
  })
})

// Plurals and grammar in what people read: the log, annotations, the summary. Messages are built
// with counts of 1 and 2 and checked for "1 URLs"-style errors; the sources for "(s)" shortcuts.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../emulators/github-runner.js'
import { describeBatches } from '../src/batch-log.js'
import { buildReport, type RunRecord } from '../src/report/report.js'
import { annotationsOf, failureOf } from '../src/report/verdict.js'
import { renderSummary } from '../src/report/summary.js'
import { noMatchWarning, parseRules } from '../src/rules.js'
import type { Batch, PlanItem } from '../src/model.js'

const NOUNS = 'URLs|operations|requests|attempts|files|hosts|problems|globs|tasks|changes'
const WRONG_SINGULAR = new RegExp(`(?<![\\d,.])\\b1 (?:URL )?(?:${NOUNS})\\b`)
const WRONG_PLURAL =
  /\b(?:[2-9]|\d{2,}) (?:URL(?! operations?\b)|operation|request|attempt|file|host|problem)\b(?!s)/

function item(status: PlanItem['status'], reason?: PlanItem['reason']): PlanItem {
  return {
    url: 'https://www.example.com/a',
    host: 'www.example.com',
    operation: 'refresh',
    rule: 0,
    sources: ['a'],
    status,
    ...(reason && { reason }),
    ...(status === 'failed' && { errorCode: 'E', detail: 'no' })
  }
}

function record(items: PlanItem[], batch: Batch): RunRecord {
  return {
    providerInput: 'alibaba-dcdn',
    spec: { name: 'alibaba-dcdn', title: 'DCDN', quotaApi: true, taskIds: true },
    quotaKeys: [],
    dryRun: false,
    eventName: 'push',
    changeSet: { source: 'git', changes: [], warnings: [] },
    targetSet: { targets: [], unmatched: [], mapped: [] },
    items,
    outcomes: [{ batch, status: 'failed', taskIds: [], attempts: 1, errorCode: 'E' }],
    quotaBefore: null,
    quotaAfter: null,
    warnings: [],
    timingsMs: {},
    startedAt: 0,
    finishedAt: 0,
    reportPath: '/tmp/r.json'
  }
}

function messagesFor(n: number): string[] {
  const statuses: [PlanItem['status'], PlanItem['reason']?][] = [
    ['failed'],
    ['skipped', 'quota'],
    ['skipped', 'time-budget'],
    ['skipped', 'aborted'],
    ['not-wanted', 'rule']
  ]
  const items = statuses.flatMap(([status, reason]) =>
    Array.from({ length: n }, () => item(status, reason))
  )
  const batch: Batch = {
    operation: 'refresh',
    items: items.slice(0, n),
    hosts: Array.from({ length: n }, (_, i) => `h${i}.example.com`)
  }
  const report = buildReport(record(items, batch))
  const rules = parseRules(
    Array.from({ length: n }, (_, i) => `- files: d${i}/**\n  url: https://x.example.com/`).join(
      '\n'
    )
  )
  return [
    ...annotationsOf(report).map(a => a.message),
    failureOf(report, 'error') ?? '',
    failureOf(
      buildReport(
        record(
          items.filter(i => i.status !== 'failed'),
          batch
        )
      ),
      'skipped'
    ) ?? '',
    ...describeBatches([batch, { ...batch, objectType: 'directory' }]),
    noMatchWarning(rules, n),
    renderSummary(report)
  ]
}

describe('messages', () => {
  it.each([1, 2, 3])('agree with their counts (%i)', n => {
    for (const message of messagesFor(n)) {
      expect(message).not.toMatch(WRONG_SINGULAR)
      expect(message).not.toMatch(WRONG_PLURAL)
      expect(message).not.toMatch(/\b\w+[^aeiou]ys\b/) // "directorys"
      expect(message).not.toMatch(/\w(?<!http)\(s\)/)
    }
  })

  it('never use "(s)" in the source code', () => {
    const files: string[] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (path.endsWith('.ts')) files.push(path)
      }
    }
    walk(join(PROJECT_ROOT, 'src'))
    // Code lines only: a comment may quote a provider's text.
    const offenders = files.filter(f =>
      readFileSync(f, 'utf8')
        .split('\n')
        .some(line => !/^\s*(\/\/|\*|\/\*)/.test(line) && /[a-z](?<!http)\(s\)/.test(line))
    )
    expect(offenders).toEqual([])
  })
})

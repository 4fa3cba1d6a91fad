// Text from file names and providers on its way to the runner (issue 10, point 3): no workflow
// command, no second line, no markup, at every sink.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  escapeControls,
  logLine,
  logLines,
  outputToken,
  summaryText
} from '../src/workflow-text.js'
import { describeBatches } from '../src/batch-log.js'
import { buildReport, type RunRecord } from '../src/report/report.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderSummary } from '../src/report/summary.js'
import { annotationsOf } from '../src/report/verdict.js'
import type { Batch, BatchOutcome, PlanItem } from '../src/model.js'
import type { ProviderSpec } from '../src/providers/provider.js'
import { commandLines, runnerLines } from './helpers/runner-commands.js'

const FC = { seed: 10, numRuns: 500 }

/** Ways to start a runner line or a command that the runner accepts, each followed by a command. */
const ATTACKS = [
  'x\n::error::x',
  'x\r::add-mask::secret',
  'x\r\n::set-output name=refresh-task-ids::1%0A2',
  '::error::at the start',
  '  \t::warning::after white space',
  '\u00a0\u3000\u2003::error::after Unicode spaces',
  '\u0085::error::after NEL',
  '\ufeff::error::after a BOM',
  '\u00ad::error::after a soft hyphen',
  ':\u200b:error::between the colons',
  '\u0301::error::after a lone combining mark',
  'x\u2028::error::after a line separator',
  'text ##[error]old form',
  'text #\u200d#[add-mask]old form with a joiner',
  'x\n##[group]y',
  '\u001b[31m::error::after an ANSI escape'
]

const anyText = fc.string({ unit: 'binary', maxLength: 40 })
const risky = fc.constantFrom(
  ':',
  '#',
  '[',
  '\n',
  '\r',
  ' ',
  '\u00ad',
  '\u200b',
  '\u2028',
  '%',
  ','
)
const attackText = fc
  .array(fc.oneof(anyText, risky, fc.constantFrom(...ATTACKS)), { maxLength: 8 })
  .map(parts => parts.join(''))

describe('the runner model used by these tests', () => {
  it('sees every attack as a command before escaping, so it can fail', () => {
    // U+2028 and ANSI escapes matter only to what renders the log: escaped all the same.
    for (const attack of ATTACKS.filter(a => !a.includes('\u2028') && !a.includes('\u001b'))) {
      expect(commandLines(attack)).not.toEqual([])
    }
  })
})

describe('logLine', () => {
  it.each(ATTACKS)('leaves no command and one line: %j', attack => {
    const line = logLine(attack)
    expect(runnerLines(line)).toHaveLength(1)
    expect(commandLines(line)).toEqual([])
  })

  it('shows line breaks and controls as escapes, and keeps ordinary text as it is', () => {
    expect(logLine('a\n::error::x')).toBe('a\\n::error::x')
    expect(logLine('::add-mask::x')).toBe('\\::add-mask::x')
    expect(logLine('see ##[error]x')).toBe('see ##\\[error]x')
    expect(logLine('\u001b[31mred')).toBe('\\u001b[31mred')
    const plain =
      '1/2 refresh: 3 URLs, host www.example.com: https://www.example.com/caf%C3%A9 a::b'
    expect(logLine(plain)).toBe(plain)
    expect(logLine('café 👨‍👩‍👧 #1 [x]')).toBe('café 👨‍👩‍👧 #1 [x]')
  })

  it('for any text: one line, no command, and applying it again changes nothing', () => {
    fc.assert(
      fc.property(attackText, text => {
        const line = logLine(text)
        expect(runnerLines(line)).toHaveLength(1)
        expect(commandLines(line)).toEqual([])
        expect(logLine(line)).toBe(line)
      }),
      FC
    )
  })
})

describe('logLines', () => {
  it('keeps the lines of a stack trace, each without a command', () => {
    const text = 'Error: boom\n    at f (a.js:1:1)\n::add-mask::x\r##[error]y'
    const out = logLines(text)
    expect(out.split('\n')).toHaveLength(4)
    expect(out.split('\n')[1]).toBe('    at f (a.js:1:1)')
    expect(commandLines(out)).toEqual([])
  })
})

describe('outputToken', () => {
  it('leaves ordinary IDs alone and percent-encodes separators, white space and controls', () => {
    expect(outputToken('16015498157')).toBe('16015498157')
    expect(outputToken('task-1_a.b:c/d')).toBe('task-1_a.b:c/d')
    expect(outputToken('1\n::add-mask::x')).toBe('1%0A::add-mask::x')
    expect(outputToken('1,2 3%')).toBe('1%2C2%203%25')
    expect(outputToken('a\u2028b\u200bc')).toBe('a%E2%80%A8b%E2%80%8Bc')
  })

  it('for any text: no comma, no white space, no control, and decodes back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), text => {
        const token = outputToken(text)
        expect(token).not.toMatch(/[\s\p{Cc}\p{Cf},]/u)
        expect(decodeURIComponent(token)).toBe(text)
      }),
      FC
    )
  })
})

describe('summaryText', () => {
  it('makes HTML and Markdown inert and keeps one line', () => {
    const text = summaryText(
      '<img src=x onerror=alert(1)> **b** [l](http://x) `c` | ~~s~~ $x$ \\ &amp;\n\r\n'
    )
    expect(text).not.toMatch(/[<>*`|~$\\\n\r[\]]/)
    expect(text).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(text).toContain('&#92;n&#92;r&#92;n')
  })

  it('for any text: none of the markup characters and no line break is left raw', () => {
    fc.assert(
      fc.property(attackText, text => {
        expect(summaryText(text)).not.toMatch(/[<>"`*_[\]\\|~$\n\r\u2028\u2029]/)
      }),
      FC
    )
  })
})

// ---- the sinks, each given a file name and provider strings built to inject ----

const EVIL_FILE = 'public/a\n::error::x\n::add-mask::y <b>|`z`|.html'
const EVIL_URL = 'https://www.example.com/a\n::error::x'
const EVIL_ID = '101\n::set-output name=refreshed::999,102'
const EVIL_CODE = 'Bad\r\n::error::code'
const EVIL_DETAIL = 'message\n::add-mask::x\n##[error]y </li></ul><script>'

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
    host: 'www.example.com',
    operation,
    rule: 0,
    sources: [],
    status: 'planned',
    ...rest
  }
}

function evilRecord(): RunRecord {
  const a = item(EVIL_URL, 'refresh', {
    status: 'submitted',
    taskId: EVIL_ID,
    sources: [EVIL_FILE]
  })
  const c = item(EVIL_URL, 'prefetch', {
    status: 'failed',
    errorCode: EVIL_CODE,
    detail: EVIL_DETAIL,
    sources: [EVIL_FILE]
  })
  const batchA: Batch = { operation: 'refresh', items: [a], hosts: ['www.example.com'] }
  const batchC: Batch = { operation: 'prefetch', items: [c], hosts: ['www.example.com'] }
  const outcomes: BatchOutcome[] = [
    { batch: batchA, status: 'submitted', taskIds: [EVIL_ID, '103'], attempts: 1, submittedAt: 0 },
    {
      batch: batchC,
      status: 'failed',
      taskIds: [],
      errorCode: EVIL_CODE,
      detail: EVIL_DETAIL,
      attempts: 1
    }
  ]
  return {
    spec,
    providerInput: 'alibaba-dcdn',
    quotaKeys: ['refresh-url'],
    dryRun: false,
    eventName: 'push',
    changeSet: {
      source: 'git',
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      changes: [
        { path: EVIL_FILE, kind: 'modified' },
        { path: `${EVIL_FILE}.md`, kind: 'added' }
      ],
      warnings: []
    },
    targetSet: {
      targets: [],
      unmatched: [`${EVIL_FILE}.md`],
      mapped: [{ path: EVIL_FILE, kind: 'modified', urls: [EVIL_URL] }]
    },
    items: [a, c],
    outcomes,
    quotaBefore: null,
    quotaAfter: null,
    warnings: [`A warning about ${EVIL_FILE}`],
    timingsMs: {},
    startedAt: 0,
    finishedAt: 1,
    reportPath: '/tmp/report.json',
    failure: { type: 'provider', message: `${EVIL_CODE}: ${EVIL_DETAIL}` }
  }
}

describe('the sinks', () => {
  const report = buildReport(evilRecord())

  it('batch log: one line per request, none a command', () => {
    const batch: Batch = {
      operation: 'prefetch',
      objectType: 'asset',
      items: [item('x\n::error::asset', 'prefetch', {}), item(EVIL_URL, 'prefetch', {})],
      hosts: ['', 'www.example.com\n::add-mask::h']
    }
    const lines = describeBatches([batch, batch])
    expect(lines).toHaveLength(2)
    for (const line of lines) {
      expect(runnerLines(line)).toHaveLength(1)
      expect(commandLines(line)).toEqual([])
    }
  })

  it('outputs: every value one line, task IDs a plain comma-separated list', () => {
    const outputs = outputsOf(report)
    for (const value of Object.values(outputs)) expect(value).not.toMatch(/[\r\n]/)
    expect(outputs['refresh-task-ids']).toBe('101%0A::set-output%20name=refreshed::999%2C102,103')
    expect(outputs['refresh-task-ids'].split(',')).toHaveLength(2)
  })

  it('annotations: one line each, no command', () => {
    const annotations = annotationsOf(report)
    expect(annotations.some(a => a.message.includes('::error::code'))).toBe(true)
    for (const a of annotations) {
      expect(runnerLines(a.message)).toHaveLength(1)
      expect(commandLines(a.message)).toEqual([])
    }
  })

  it('summary: no raw markup or line break from any value, structure intact', () => {
    const md = renderSummary(report)
    // Every line of the summary is the summary's own: none starts inside a value.
    for (const line of md.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^::|##\[|^message/)
    expect(md).not.toContain('<script>')
    expect(md).not.toContain('<b>')
    expect(md).not.toContain('`z`')
    expect(md).toContain('<code>101&#92;n::set-output name=refreshed::999,102</code>')
    expect(md).toContain('<code>Bad&#92;r&#92;n::error::code</code>')
    // Each list still opens and closes as rendered (a value cannot close one early).
    expect(md.match(/<ul>/g)?.length).toBe(md.match(/<\/ul>/g)?.length)
    expect(md.match(/<li>/g)?.length).toBe(md.match(/<\/li>/g)?.length)
    // The table rows still have five cells each.
    for (const row of md
      .split('\n')
      .filter(l => l.startsWith('| refresh') || l.startsWith('| prefetch'))) {
      expect(row.split('|')).toHaveLength(7)
    }
  })

  it('summary: a long reason is cut before it is escaped, never inside markup', () => {
    const record = evilRecord()
    const long = '<'.repeat(500)
    record.items[1] = { ...record.items[1]!, detail: long }
    const md = renderSummary(buildReport(record))
    const line = md.split('\n').find(l => l.includes('&#60;&#60;'))!
    expect(line).toMatch(/^<li>.*(&#60;){400}…<\/li>$/)
  })

  it('escapeControls keeps a long text one visible line', () => {
    expect(escapeControls('a\tb\u2029c')).toBe('a\\tb\\u2029c')
  })
})

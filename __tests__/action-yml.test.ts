import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { readSettings } from '../src/inputs.js'
import { PROJECT_ROOT } from '../emulators/github-runner.js'
import { normalizeTables, withTables } from '../scripts/readme-tables.js'

interface ActionYaml {
  runs: { using: string; main: string }
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, unknown>
}

const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionYaml
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the code reads', () => {
    const read = new Set<string>()
    const given: Record<string, string> = {
      provider: 'alibaba-dcdn',
      urls: 'https://www.example.com/a',
      'dry-run': 'true'
    }
    readSettings(name => {
      read.add(name)
      return given[name] ?? action.inputs[name]?.default ?? ''
    }, {})
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('documents every input and output in the README tables', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect(readme).toMatch(new RegExp('^\\| [^|]*`' + name + '`', 'm'))
    }
  })

  it('says the same as the README about every input and output (npm run docs)', () => {
    const actionText = readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')
    expect(normalizeTables(readme)).toBe(normalizeTables(withTables(readme, actionText)))
  })

  it('documents the quota-remaining output in the form the action writes', async () => {
    const { outputsOf } = await import('../src/report/outputs.js')
    const unknown = outputsOf({
      tasks: [],
      counts: {
        refresh: { submitted: 0, skipped: 0, failed: 0 },
        prefetch: { submitted: 0, skipped: 0, failed: 0 }
      },
      quota: {
        before: { 'refresh-url': null, 'refresh-dir': null, prefetch: null },
        after: { 'refresh-url': null, 'refresh-dir': null, prefetch: null }
      },
      reportPath: '/tmp/r.json'
    } as unknown as Parameters<typeof outputsOf>[0])['quota-remaining']
    expect(JSON.parse(unknown)).toEqual({
      'refresh-url': null,
      'refresh-dir': null,
      prefetch: null
    })
    const description = (action.outputs['quota-remaining'] as { description: string }).description
    expect(description).toMatch(/always with the provider's keys; a value is `null` when unknown/)
  })

  it('declares the outputs the action sets', async () => {
    const { outputsOf } = await import('../src/report/outputs.js')
    const report = {
      tasks: [],
      counts: {
        refresh: { submitted: 0, skipped: 0, failed: 0 },
        prefetch: { submitted: 0, skipped: 0, failed: 0 }
      },
      quota: { before: {}, after: {} },
      reportPath: '/tmp/r.json'
    } as unknown as Parameters<typeof outputsOf>[0]
    expect(Object.keys(outputsOf(report)).sort()).toEqual(Object.keys(action.outputs).sort())
  })
})

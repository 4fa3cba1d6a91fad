import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { readSettings } from '../src/inputs.js'
import {
  PROVIDER_NAMES,
  type ProviderModule,
  type ProviderName
} from '../src/providers/provider.js'
import { allProviderInputs, loadProvider, providersReading } from '../src/providers/registry.js'
import { PROJECT_ROOT } from '../emulators/github-runner.js'
import { normalizeTables, withTables } from '../scripts/readme-tables.js'

/**
 * Every provider's module, loaded up front so the tests can configure them synchronously; one at a
 * time, as Jest's ESM loader can fail on concurrent imports that share a dependency.
 */
const loaded = new Map<ProviderName, ProviderModule>()
for (const name of PROVIDER_NAMES) loaded.set(name, await loadProvider(name))
const providerModule = (name: ProviderName): ProviderModule => loaded.get(name)!

interface ActionYaml {
  runs: { using: string; main: string }
  inputs: Record<string, { default?: string; required?: boolean; description?: string }>
  outputs: Record<string, unknown>
}

const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionYaml
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it("declares exactly the inputs the code reads: the common ones and every provider's", () => {
    const read = new Set<string>()
    for (const provider of PROVIDER_NAMES) {
      const given: Record<string, string> = {
        provider,
        urls: 'https://www.example.com/a',
        'dry-run': 'true',
        'resource-id': '123456',
        'site-id': '123456789'
      }
      const reader = (name: string): string => {
        read.add(name)
        return given[name] ?? action.inputs[name]?.default ?? ''
      }
      const settings = readSettings(reader, {})
      providerModule(provider).configure(reader, {}, settings.live)
    }
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    const declared = new Set(allProviderInputs().map(i => i.name))
    expect([...declared].every(name => read.has(name))).toBe(true)
  })

  it('names the providers that read each provider input, and only those', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      const readers = providersReading(name)
      const description = (spec as { description: string }).description
      if (readers.length === 0) expect(description).not.toMatch(/^\[/)
      else expect(description.startsWith(`[${readers.join(', ')}] `)).toBe(true)
    }
  })

  it('names every provider in the provider input', () => {
    const description = (action.inputs.provider as { description: string }).description
    for (const provider of PROVIDER_NAMES) expect(description).toContain(`\`${provider}\``)
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

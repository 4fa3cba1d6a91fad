// `npm run docs`: writes the README's input and output tables from action.yml, so the two always
// say the same things (a test fails when they drift). The tables sit between marker comments.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()

function defaultCell(spec: ActionYaml['inputs'][string]): string {
  if (spec.required) return 'required'
  const value = spec.default ?? ''
  return value === '' ? 'empty' : `\`${value}\``
}

/** The two tables, keyed by the name in their markers. */
export function renderTables(actionYaml: string): Record<'inputs' | 'outputs', string> {
  const action = parseYaml(actionYaml) as ActionYaml
  const inputs = [
    '| input | default | meaning |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs).map(
      ([name, spec]) => `| \`${name}\` | ${defaultCell(spec)} | ${cell(spec.description)} |`
    )
  ]
  const outputs = [
    '| output | meaning |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(
      ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
    )
  ]
  return { inputs: inputs.join('\n'), outputs: outputs.join('\n') }
}

const marker = (name: string): RegExp =>
  new RegExp(
    `(<!-- ${name}: generated from action\\.yml by npm run docs -->)[\\s\\S]*?(<!-- /${name} -->)`
  )

/** The README with its tables replaced; throws when a marker is missing. */
export function withTables(readme: string, actionYaml: string): string {
  let out = readme
  for (const [name, table] of Object.entries(renderTables(actionYaml))) {
    if (!marker(name).test(out)) throw new Error(`README.md has no ${name} table markers`)
    out = out.replace(
      marker(name),
      (_m, open: string, close: string) => `${open}\n\n${table}\n\n${close}`
    )
  }
  return out
}

/** A table's text with cell padding removed, as Prettier may re-pad it. */
export function normalizeTables(markdown: string): string {
  return markdown
    .split('\n')
    .map(line =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map(c => c.trim().replace(/^(:?)-+(:?)$/, '$1---$2'))
            .join('|')
        : line
    )
    .join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(fileURLToPath(import.meta.url), '..', '..')
  const readmePath = join(root, 'README.md')
  const next = withTables(
    readFileSync(readmePath, 'utf8'),
    readFileSync(join(root, 'action.yml'), 'utf8')
  )
  writeFileSync(readmePath, next)
  console.log('README.md tables written from action.yml; run prettier --write README.md next.')
}

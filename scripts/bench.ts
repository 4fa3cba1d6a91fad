// `npm run bench`: throughput of the pure stages (rules, mapping, planning, batching) and the
// bundle's start-up. Prints numbers; it passes or fails nothing.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Change, ChangeKind } from '../src/model.js'
import { parseRules } from '../src/rules.js'
import { mapTargets } from '../src/targets.js'
import { planItems } from '../src/plan.js'
import { makeBatches } from '../src/batches.js'
import { dcdnSpec } from '../src/providers/alibaba/dcdn.js'
import { PROJECT_ROOT } from '../emulators/github-runner.js'

const RULES = `
- files: public/**
  exclude: public/drafts/**
  url: https://www.example.com/
  index: [index.html]
  prefetch: [added, modified]
- files: public/assets/**
  url: https://static.example.com/v1/{relative}
  strip: public/assets/
- files: ['public/**/*.html', '!public/private/**']
  url: https://m.example.com/{dir}{stem}.htm
`

const KINDS: ChangeKind[] = ['added', 'modified', 'removed']

function changes(n: number): Change[] {
  const out: Change[] = []
  for (let i = 0; i < n; i++) {
    const dir = i % 3 === 0 ? 'assets' : `blog/${i % 97}`
    const name = i % 5 === 0 ? `caf\u00e9 menu ${i}.html` : `page-${i}.html`
    out.push({ path: `public/${dir}/${name}`, kind: KINDS[i % 3] ?? 'modified' })
  }
  return out
}

function time<T>(label: string, n: number, fn: () => T): T {
  const start = performance.now()
  const result = fn()
  const ms = performance.now() - start
  const rate = ms > 0 ? Math.round((n / ms) * 1000).toLocaleString('en-US') : 'inf'
  console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(9)} ms   ${rate.padStart(12)} /s`)
  return result
}

console.log(`Node ${process.version}\n`)
time('parse + compile rules (x1000)', 1000, () => {
  for (let i = 0; i < 1000; i++) parseRules(RULES)
})
const rules = parseRules(RULES)
for (const n of [1_000, 10_000, 100_000]) {
  const list = changes(n)
  console.log(`\n${n.toLocaleString('en-US')} changed files`)
  const set = time('  map to URLs', n, () => mapTargets(list, rules))
  const items = time('  plan', set.targets.length, () => planItems(set.targets, dcdnSpec, null))
  const batches = time('  batch', items.length, () => makeBatches(items, dcdnSpec))
  const refresh = batches.filter(b => b.operation === 'refresh').length
  console.log(
    `  -> ${set.targets.length.toLocaleString('en-US')} URLs, ${items.length.toLocaleString('en-US')} plan items, ${batches.length} requests (${refresh} refresh)`
  )
}

const runs: number[] = []
for (let i = 0; i < 5; i++) {
  const start = performance.now()
  // No inputs: the bundle loads, validates and exits at once; this measures start-up.
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'index.js')], {
    env: { PATH: process.env.PATH },
    stdio: 'ignore'
  })
  runs.push(performance.now() - start)
}
runs.sort((a, b) => a - b)
console.log(`\nbundle start-up to first error (median of 5): ${runs[2]?.toFixed(0)} ms`)

// One planning run of `npm run bench` in a process of its own, so that its peak RSS is its own:
// `node --import tsx scripts/bench-plan-child.ts <paths> [obvious]` prints one JSON line. The bench
// runs it bundled by esbuild as plain JavaScript, so the TypeScript loader is not in its RSS.
import { performance } from 'node:perf_hooks'
import { parseRules } from '../src/rules.js'
import { mapTargets } from '../src/targets.js'
import { planItems } from '../src/plan.js'
import { makeBatches } from '../src/batches.js'
import { dcdnSpec } from '../src/providers/alibaba/dcdn.js'
import { BENCH_RULES, benchChanges, obviousMap } from './plan-workload.js'

const paths = Number(process.argv[2] ?? 100_000)
const rules = parseRules(BENCH_RULES)
// Warm-up on a small input, so the figure is the steady state rather than the first compile.
{
  const small = benchChanges(2_000)
  makeBatches(planItems(mapTargets(small, rules).targets, dcdnSpec, null), dcdnSpec)
}
const changes = benchChanges(paths)
const rssBefore = process.memoryUsage().rss
const start = performance.now()
const set = mapTargets(changes, rules)
const mapped = performance.now()
const items = planItems(set.targets, dcdnSpec, null)
const planned = performance.now()
const batches = makeBatches(items, dcdnSpec)
const end = performance.now()
const memory = process.memoryUsage()
const result = {
  paths,
  rules: rules.length,
  urls: set.targets.length,
  items: items.length,
  requests: batches.length,
  mapMs: mapped - start,
  planMs: planned - mapped,
  batchMs: end - planned,
  totalMs: end - start,
  /** Peak RSS of the whole process (including loading the code and the change list). */
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  rssBeforeMb: rssBefore / 2 ** 20,
  /** Heap in use with the change list, targets, plan and batches all alive. */
  heapUsedMb: memory.heapUsed / 2 ** 20,
  obviousMs: undefined as number | undefined
}
if (process.argv[3] === 'obvious') {
  const t = performance.now()
  obviousMap(changes, rules)
  result.obviousMs = performance.now() - t
}
console.log(JSON.stringify(result))

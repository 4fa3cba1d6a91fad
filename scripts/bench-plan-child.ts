// One planning run of `npm run bench` in a process of its own, so that its peak RSS is its own:
// `node --import tsx scripts/bench-plan-child.ts <paths> [obvious] [floor] [random]` prints one JSON
// line (`obvious`, `floor`: time those too, see plan-workload.ts; `random`: the change list in
// random order instead of git's, see benchChanges). The bench runs it bundled by esbuild as plain
// JavaScript, so the TypeScript loader is not in its RSS.
import { performance, PerformanceObserver } from 'node:perf_hooks'
import { parseRules } from '../src/rules.js'
import { mapTargets } from '../src/targets.js'
import { planItems } from '../src/plan.js'
import { makeBatches } from '../src/batches.js'
import { dcdnSpec } from '../src/providers/alibaba/dcdn.js'
import { BENCH_RULES, benchChanges, floorMap, obviousMap, prepareFloor } from './plan-workload.js'

const paths = Number(process.argv[2] ?? 100_000)
const flags = process.argv.slice(3)
const rules = parseRules(BENCH_RULES)
// Warm-up on a small input, so the figure is the steady state rather than the first compile.
const small = benchChanges(2_000)
const smallSet = mapTargets(small, rules)
makeBatches(planItems(smallSet.targets, dcdnSpec, null), dcdnSpec)
const changes = benchChanges(paths, flags.includes('random') ? 'random' : 'git')
// Where the time goes besides JavaScript: collection pauses, and the page faults of a heap that
// grows (a fault's cost is measured below, on this machine: it differs a lot between machines).
const gcPauses: { start: number; ms: number }[] = []
const observer = new PerformanceObserver(list => {
  for (const entry of list.getEntries())
    gcPauses.push({ start: entry.startTime, ms: entry.duration })
})
observer.observe({ entryTypes: ['gc'] })
const rssBefore = process.memoryUsage().rss
const faultsBefore = process.resourceUsage().minorPageFault
const start = performance.now()
const set = mapTargets(changes, rules)
const mapped = performance.now()
const items = planItems(set.targets, dcdnSpec, null)
const planned = performance.now()
const batches = makeBatches(items, dcdnSpec)
const end = performance.now()
const faults = process.resourceUsage().minorPageFault - faultsBefore
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
  /** Collection pauses inside the timed stages (main thread). */
  gcMs: 0,
  /** Minor page faults inside the timed stages, and what one costs here (see faultCost). */
  faults,
  faultUs: 0,
  obviousMs: undefined as number | undefined,
  floorMs: undefined as number | undefined
}
if (flags.includes('obvious')) {
  const t = performance.now()
  obviousMap(changes, rules)
  result.obviousMs = performance.now() - t
}
if (flags.includes('floor')) {
  floorMap(small, prepareFloor(smallSet))
  const steps = prepareFloor(set)
  const t = performance.now()
  const count = floorMap(changes, steps)
  result.floorMs = performance.now() - t
  // The floor must have built every URL the action did, or it measured less than it says.
  const distinct = new Set(set.targets.map(target => target.url)).size
  if (count !== distinct) throw new Error(`floor built ${count} URLs, the action ${distinct}`)
}
/** Microseconds per page fault: the time to touch each page of fresh memory once, per fault. */
function faultCost(): number {
  const before = process.resourceUsage().minorPageFault
  const t = performance.now()
  const fresh = new Uint8Array(64 * 2 ** 20)
  for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1
  const ms = performance.now() - t
  const count = process.resourceUsage().minorPageFault - before
  return count > 0 ? (ms * 1000) / count : 0
}
result.faultUs = faultCost()
// GC entries arrive on a later turn of the event loop.
setTimeout(() => {
  for (const entry of observer.takeRecords())
    gcPauses.push({ start: entry.startTime, ms: entry.duration })
  observer.disconnect()
  for (const pause of gcPauses)
    if (pause.start >= start && pause.start < end) result.gcMs += pause.ms
  console.log(JSON.stringify(result))
}, 10)

import { CHANGE_KINDS, OPERATIONS } from './model.js'
import type {
  ChangeKind,
  ObjectType,
  Operation,
  PlanItem,
  Quota,
  SkipReason,
  Target
} from './model.js'
import type { OperationSpec, ProviderSpec } from './providers/provider.js'
import { formatCount } from './plural.js'

/**
 * Decides, per target and each operation the rules ask for, whether the URL is submitted or
 * skipped and why. Pure: the same decisions drive a live run and a dry run (which batches the same
 * `planned` items and then marks them `dry-run`), so a dry run previews exactly what a live run
 * does. Items come out as all refresh items, then all prefetch items, each in target order.
 *
 * Operations not asked for are no items: they are neither work done nor work missed, and at 100k
 * paths they were 40% of the plan's objects, made only to be copied into the report. The report
 * lists them from the targets (notWantedOperation).
 */
export function planItems(
  targets: readonly Target[],
  spec: ProviderSpec,
  quota: Quota | null
): PlanItem[] {
  // An operation the provider cannot do is reported as unsupported where someone asked for it.
  // One walk over the targets decides every operation: a target is read once, while it is in
  // cache (at 100k paths each first read of a target is a cache miss, and that dominated). Each
  // operation's items go to a list of their own, sized for the worst case, and are then copied
  // into one list of the exact size: no list grows, none is filtered, mapped or flattened.
  const contexts: Context[] = []
  const lists: PlanItem[][] = []
  const counts: number[] = []
  for (let o = 0; o < OPERATIONS.length; o++) {
    const operation = OPERATIONS[o]!
    contexts.push({
      operation,
      limits: spec[operation],
      title: spec.title,
      unsupported: `${spec.title} cannot ${operation}`,
      unsupportedType: {}
    })
    lists.push(new Array<PlanItem>(targets.length))
    counts.push(0)
  }
  for (let t = 0; t < targets.length; t++) {
    const target = targets[t]!
    const wanted = target.wanted
    for (let o = 0; o < contexts.length; o++) {
      const context = contexts[o]!
      if (wanted[context.operation]) lists[o]![counts[o]!++] = decide(target, context)
    }
  }
  let total = 0
  for (let o = 0; o < counts.length; o++) total += counts[o]!
  const items = new Array<PlanItem>(total)
  let next = 0
  for (let o = 0; o < OPERATIONS.length; o++) {
    const list = lists[o]!
    const start = next
    for (let k = 0; k < counts[o]!; k++) items[next++] = list[k]!
    applyDailyLimit(items, start, next, OPERATIONS[o]!, spec, quota)
  }
  return items
}

/** What every item of one operation shares, set up once per operation. */
interface Context {
  operation: Operation
  limits: OperationSpec | undefined
  title: string
  /** Shared detail strings: one per operation (and object type), not one per item. */
  unsupported: string
  unsupportedType: Partial<Record<ObjectType, string>>
}

function decide(target: Target, context: Context): PlanItem {
  const { operation, limits } = context
  const objectType = target.objectType ?? 'file'
  if (!limits) return skippedItem(target, operation, objectType, 'unsupported', context.unsupported)
  if (objectType !== 'file' && !limits.objectTypes?.[objectType]) {
    const detail = (context.unsupportedType[objectType] ??=
      `${context.title} cannot ${operation} ${OBJECT_NOUNS[objectType]}`)
    return skippedItem(target, operation, objectType, 'unsupported', detail)
  }
  const { maxUrlLength, sizeRange } = limits
  if (maxUrlLength !== undefined && target.url.length > maxUrlLength) {
    const detail = `URL is ${formatCount(target.url.length)} characters; ${context.title} accepts at most ${formatCount(maxUrlLength)}`
    return skippedItem(target, operation, objectType, 'url-too-long', detail)
  }
  // An unknown size (direct URL inputs, files gone from the workspace) is given the benefit of the doubt.
  if (sizeRange && target.size !== undefined) {
    const min = sizeRange[0]
    const max = sizeRange[1]
    if (target.size < min || target.size > max) {
      const detail =
        `file is ${formatCount(target.size)} bytes; ${context.title} ${operation}es only files of ` +
        `${formatCount(min)} to ${formatCount(max)} bytes`
      return skippedItem(target, operation, objectType, 'size', detail)
    }
  }
  // One object per item, its keys always in this order (the report lists them so). The sources
  // array is the target's own: nothing changes it once mapped, and copying it for every item
  // doubled the memory of a large plan.
  return objectType === 'file'
    ? {
        url: target.url,
        host: target.host,
        operation,
        rule: target.rule,
        sources: target.sources,
        status: 'planned'
      }
    : {
        url: target.url,
        host: target.host,
        operation,
        objectType,
        rule: target.rule,
        sources: target.sources,
        status: 'planned'
      }
}

/** A skipped item with its reason, built in one literal (no verdict object per item). */
function skippedItem(
  target: Target,
  operation: Operation,
  objectType: ObjectType,
  reason: SkipReason,
  detail: string
): PlanItem {
  return objectType === 'file'
    ? {
        url: target.url,
        host: target.host,
        operation,
        rule: target.rule,
        sources: target.sources,
        status: 'skipped',
        reason,
        detail
      }
    : {
        url: target.url,
        host: target.host,
        operation,
        objectType,
        rule: target.rule,
        sources: target.sources,
        status: 'skipped',
        reason,
        detail
      }
}

/** Object types as plural nouns, for "cannot refresh directories". */
const OBJECT_NOUNS: Record<ObjectType, string> = {
  file: 'files',
  directory: 'directories',
  'ignore-params': 'URLs ignoring their query',
  asset: 'media assets'
}

/**
 * Whether the report lists `operation` on `target` as `not-wanted` (reason `rule`): the rules did
 * not ask for it, on a file URL, and the provider can do it. An operation the provider cannot do
 * is not listed as not wanted (a prefetch-only provider's report is not full of refresh noise),
 * and a directory (or asset) is only about the operation it was made for.
 */
export function notWantedOperation(
  target: Target,
  operation: Operation,
  spec: ProviderSpec
): boolean {
  const type = target.objectType
  return (
    !target.wanted[operation] &&
    (type === undefined || type === 'file') &&
    spec[operation] !== undefined
  )
}

/** Why an operation is not wanted, for the report's `detail`. */
export function notWantedDetail(target: Target, operation: Operation): string {
  if (operation === 'refresh' && target.refreshedAs === 'directory') {
    return 'the rule refreshes its directory instead'
  }
  if (operation === 'refresh' && target.refreshedAs === 'ignore-params') {
    return 'the rule refreshes it ignoring the query instead'
  }
  // One string per operation (and kind), shared by every item it explains.
  return target.rule < 0 ? DIRECT_NOT_WANTED[operation] : RULE_NOT_WANTED[operation][target.kind]
}
const DIRECT_NOT_WANTED = Object.fromEntries(
  OPERATIONS.map(operation => [operation, `not listed for ${operation} by the direct inputs`])
) as Record<Operation, string>
const RULE_NOT_WANTED = Object.fromEntries(
  OPERATIONS.map(operation => [
    operation,
    Object.fromEntries(
      CHANGE_KINDS.map(kind => [kind, `the matching rules do not ${operation} ${kind} files`])
    )
  ])
) as Record<Operation, Record<ChangeKind, string>>

/**
 * Marks the planned items of one operation beyond what is left today as skipped for quota, each
 * object type against the quota it counts on.
 */
function applyDailyLimit(
  items: PlanItem[],
  start: number,
  end: number,
  operation: Operation,
  spec: ProviderSpec,
  quota: Quota | null
): void {
  // Directory and ignore-params refreshes have their own daily quota where the provider says so;
  // every other planned item counts on the operation's. Groups: 0 shared, 1 directory, 2 ignore-params.
  const byType = quota?.remainingByType
  const ownDirectory = operation === 'refresh' && byType?.directory !== undefined
  const ownIgnore = operation === 'refresh' && byType?.['ignore-params'] !== undefined
  const live = quota?.remaining[operation]
  const allowances = [live ?? spec[operation]?.perDay, byType?.directory, byType?.['ignore-params']]
  if (allowances[0] === undefined && !ownDirectory && !ownIgnore) return
  // One pass counts every group: a group's items are only looked at again when they exceed it.
  const counts = [0, 0, 0]
  for (let i = start; i < end; i++) {
    const item = items[i]!
    if (item.status === 'planned') counts[groupOf(item, ownDirectory, ownIgnore)]!++
  }
  for (let group = 0; group < 3; group++) {
    const allowance = allowances[group]
    if (allowance === undefined) continue
    if (counts[group]! <= Math.max(0, Math.floor(allowance))) continue
    capAt(items, start, end, group, ownDirectory, ownIgnore, counts[group]!, allowance, {
      live: group > 0 || live !== undefined,
      operation,
      noun: GROUP_NOUNS[group]!
    })
  }
}

const GROUP_NOUNS = ['URLs', 'directories', 'ignore-params URLs']

function groupOf(item: PlanItem, ownDirectory: boolean, ownIgnore: boolean): number {
  const type = item.objectType
  return type === 'directory' && ownDirectory ? 1 : type === 'ignore-params' && ownIgnore ? 2 : 0
}

/**
 * Marks the planned items of a group beyond `allowance` as skipped for quota. Earlier rules win:
 * the walk goes by rule index (direct inputs, rule -1, first), keeping target order within a
 * rule. A live quota is used when known; without it the provider's documented daily limit caps
 * the run, because usage earlier today cannot be known.
 */
function capAt(
  items: PlanItem[],
  start: number,
  end: number,
  group: number,
  ownDirectory: boolean,
  ownIgnore: boolean,
  count: number,
  allowance: number,
  text: { live: boolean; operation: Operation; noun: string }
): void {
  const left = Math.max(0, Math.floor(allowance))
  const needs = `needs ${formatCount(count)} ${text.operation} ${text.noun}`
  const detail = text.live
    ? `${needs}, ${formatCount(left)} left today`
    : `${needs}, the daily limit is ${formatCount(left)} (remaining quota unknown)`
  if (!(left < count)) return
  const inGroup = (item: PlanItem): boolean =>
    item.status === 'planned' && groupOf(item, ownDirectory, ownIgnore) === group
  // Rule indices are small whole numbers: a count per rule finds the cut (the rule whose items
  // straddle the allowance, and how many of them stay) in two linear passes, with no sorted copy.
  let low = Infinity
  let high = -Infinity
  for (let i = start; i < end; i++) {
    const item = items[i]!
    if (!inGroup(item)) continue
    if (!Number.isInteger(item.rule)) return capBySort(items, start, end, inGroup, left, detail)
    if (item.rule < low) low = item.rule
    if (item.rule > high) high = item.rule
  }
  if (high - low > 4 * count + 1024) return capBySort(items, start, end, inGroup, left, detail)
  const perRule = new Int32Array(high - low + 1)
  for (let i = start; i < end; i++) if (inGroup(items[i]!)) perRule[items[i]!.rule - low]!++
  let cut = 0
  let kept = left
  while (kept >= perRule[cut]!) kept -= perRule[cut++]!
  // Rules before `cut` all stay; of rule `cut`, the first `kept` in target order; later rules go.
  for (let i = start; i < end; i++) {
    const item = items[i]!
    if (!inGroup(item)) continue
    const r = item.rule - low
    if (r < cut || (r === cut && kept-- > 0)) continue
    markQuota(item, detail)
  }
}

/** The general case (rules that are not small whole numbers): a stable sort by rule. */
function capBySort(
  items: PlanItem[],
  start: number,
  end: number,
  inGroup: (item: PlanItem) => boolean,
  left: number,
  detail: string
): void {
  const candidates: PlanItem[] = []
  for (let i = start; i < end; i++) if (inGroup(items[i]!)) candidates.push(items[i]!)
  candidates.sort((a, b) => a.rule - b.rule)
  for (let i = left; i < candidates.length; i++) markQuota(candidates[i]!, detail)
}

function markQuota(item: PlanItem, detail: string): void {
  item.status = 'skipped'
  item.reason = 'quota'
  item.detail = detail
}

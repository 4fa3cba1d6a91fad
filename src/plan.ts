import { CHANGE_KINDS, OPERATIONS } from './model.js'
import type { ChangeKind, ObjectType, Operation, PlanItem, Quota, Target } from './model.js'
import type { OperationSpec, ProviderSpec } from './providers/provider.js'
import { formatCount } from './plural.js'

/**
 * Decides, per target and operation, whether the URL is submitted or skipped and why. Pure: the
 * same decisions drive a live run and a dry run (which batches the same `planned` items and then
 * marks them `dry-run`), so a dry run previews exactly what a live run does. Items come out as all
 * refresh items, then all prefetch items, each in target order.
 */
export function planItems(
  targets: readonly Target[],
  spec: ProviderSpec,
  quota: Quota | null
): PlanItem[] {
  // An operation the provider cannot do is planned only where someone asked for it (and then
  // reported as unsupported): a prefetch-only provider's report is not full of refresh noise.
  // Likewise a directory (or asset) is only ever planned for the operation it was made for.
  const relevant = (target: Target, operation: Operation): boolean =>
    target.wanted[operation] ||
    (spec[operation] !== undefined && (target.objectType ?? 'file') === 'file')
  // One output list, counted first and filled operation by operation: no list grows by copying,
  // none is filtered, mapped or flattened into another. Relevance is read once per target, as a
  // bit per operation, and reused to fill the list.
  const flags = new Uint8Array(targets.length)
  let count = 0
  for (let t = 0; t < targets.length; t++) {
    const target = targets[t]!
    let bits = 0
    for (let o = 0; o < OPERATIONS.length; o++) {
      if (relevant(target, OPERATIONS[o]!)) {
        bits |= 1 << o
        count++
      }
    }
    flags[t] = bits
  }
  const items = new Array<PlanItem>(count)
  let next = 0
  for (let o = 0; o < OPERATIONS.length; o++) {
    const operation = OPERATIONS[o]!
    const bit = 1 << o
    const start = next
    for (let t = 0; t < targets.length; t++) {
      if ((flags[t]! & bit) !== 0) items[next++] = decide(targets[t]!, operation, spec)
    }
    applyDailyLimit(items, start, next, operation, spec, quota)
  }
  return items
}

function decide(target: Target, operation: Operation, spec: ProviderSpec): PlanItem {
  const objectType = target.objectType ?? 'file'
  // The most common verdict after `planned` (a file whose other operation is not wanted), built
  // directly: no verdict object per item.
  if (objectType === 'file' && !target.wanted[operation]) {
    return {
      url: target.url,
      host: target.host,
      operation,
      rule: target.rule,
      sources: target.sources,
      status: 'not-wanted',
      reason: 'rule',
      detail: notWanted(target, operation)
    }
  }
  const limits = spec[operation]
  const verdict = !target.wanted[operation]
    ? {
        status: 'not-wanted' as const,
        reason: 'rule' as const,
        detail: notWanted(target, operation)
      }
    : !limits
      ? skip('unsupported', `${spec.title} cannot ${operation}`)
      : objectType !== 'file' && !limits.objectTypes?.[objectType]
        ? skip('unsupported', `${spec.title} cannot ${operation} ${OBJECT_NOUNS[objectType]}`)
        : limitVerdict(target, operation, limits, spec.title)
  // One object per item, its keys always in this order (the report lists them so). The sources
  // array is the target's own: nothing changes it once mapped, and copying it for every item
  // doubled the memory of a large plan.
  if (objectType === 'file') {
    return verdict
      ? {
          url: target.url,
          host: target.host,
          operation,
          rule: target.rule,
          sources: target.sources,
          status: verdict.status,
          reason: verdict.reason,
          detail: verdict.detail
        }
      : {
          url: target.url,
          host: target.host,
          operation,
          rule: target.rule,
          sources: target.sources,
          status: 'planned'
        }
  }
  const item: PlanItem = {
    url: target.url,
    host: target.host,
    operation,
    objectType,
    rule: target.rule,
    sources: target.sources,
    status: 'planned'
  }
  return verdict ? { ...item, ...verdict } : item
}

/** Object types as plural nouns, for "cannot refresh directories". */
const OBJECT_NOUNS: Record<ObjectType, string> = {
  file: 'files',
  directory: 'directories',
  'ignore-params': 'URLs ignoring their query',
  asset: 'media assets'
}

function notWanted(target: Target, operation: Operation): string {
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

function limitVerdict(
  target: Target,
  operation: Operation,
  limits: OperationSpec,
  title: string
): Pick<PlanItem, 'status' | 'reason' | 'detail'> | null {
  const { maxUrlLength, sizeRange } = limits
  if (maxUrlLength !== undefined && target.url.length > maxUrlLength) {
    return skip(
      'url-too-long',
      `URL is ${formatCount(target.url.length)} characters; ${title} accepts at most ${formatCount(maxUrlLength)}`
    )
  }
  // An unknown size (direct URL inputs, files gone from the workspace) is given the benefit of the doubt.
  if (sizeRange && target.size !== undefined) {
    const [min, max] = sizeRange
    if (target.size < min || target.size > max) {
      return skip(
        'size',
        `file is ${formatCount(target.size)} bytes; ${title} ${operation}es only files of ` +
          `${formatCount(min)} to ${formatCount(max)} bytes`
      )
    }
  }
  return null
}

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
  // Directory and ignore-params refreshes have their own daily quota where the provider says so.
  const own = (item: PlanItem): 'directory' | 'ignore-params' | undefined => {
    const type = item.objectType
    if (operation !== 'refresh' || (type !== 'directory' && type !== 'ignore-params')) return
    return quota?.remainingByType?.[type] === undefined ? undefined : type
  }
  const live = quota?.remaining[operation]
  const groups: [
    type: 'directory' | 'ignore-params' | undefined,
    allowance: number | undefined,
    live: boolean,
    noun: string
  ][] = [
    [undefined, live ?? spec[operation]?.perDay, live !== undefined, 'URLs'],
    ['directory', quota?.remainingByType?.directory, true, 'directories'],
    ['ignore-params', quota?.remainingByType?.['ignore-params'], true, 'ignore-params URLs']
  ]
  for (const [type, allowance, isLive, noun] of groups) {
    if (allowance === undefined) continue
    // Counted first: the planned items of a group are only listed when they exceed the allowance.
    let count = 0
    for (let i = start; i < end; i++) {
      const item = items[i]!
      if (item.status === 'planned' && own(item) === type) count++
    }
    if (count <= Math.max(0, Math.floor(allowance))) continue
    const candidates: PlanItem[] = []
    for (let i = start; i < end; i++) {
      const item = items[i]!
      if (item.status === 'planned' && own(item) === type) candidates.push(item)
    }
    capAt(candidates, allowance, isLive, operation, noun)
  }
}

/**
 * Marks the candidates beyond `allowance` as skipped for quota. Earlier rules win: the walk goes by
 * rule index (direct inputs, rule -1, first), keeping target order within a rule. A live quota is
 * used when known; without it the provider's documented daily limit caps the run, because usage
 * earlier today cannot be known.
 */
function capAt(
  candidates: PlanItem[],
  allowance: number | undefined,
  live: boolean,
  operation: Operation,
  noun: string
): void {
  if (allowance === undefined) return
  const left = Math.max(0, Math.floor(allowance))
  if (candidates.length <= left) return
  const needs = `needs ${formatCount(candidates.length)} ${operation} ${noun}`
  const detail = live
    ? `${needs}, ${formatCount(left)} left today`
    : `${needs}, the daily limit is ${formatCount(left)} (remaining quota unknown)`
  // Array.prototype.sort is stable: equal rules keep target order, with no wrapper per item.
  const byRule = candidates.slice().sort((a, b) => a.rule - b.rule)
  const verdict = skip('quota', detail)
  for (let i = left; i < byRule.length; i++) Object.assign(byRule[i]!, verdict)
}

function skip(
  reason: NonNullable<PlanItem['reason']>,
  detail: string
): Pick<PlanItem, 'status' | 'reason' | 'detail'> {
  return { status: 'skipped', reason, detail }
}

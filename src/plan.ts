import { OPERATIONS } from './model.js'
import type { ObjectType, Operation, PlanItem, Quota, Target } from './model.js'
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
  const byOperation = OPERATIONS.map(operation => {
    // An operation the provider cannot do is planned only where someone asked for it (and then
    // reported as unsupported): a prefetch-only provider's report is not full of refresh noise.
    // Likewise a directory (or asset) is only ever planned for the operation it was made for.
    const relevant = targets.filter(
      t => t.wanted[operation] || (spec[operation] && (t.objectType ?? 'file') === 'file')
    )
    const items = relevant.map(target => decide(target, operation, spec))
    applyDailyLimit(items, operation, spec, quota)
    return items
  })
  return byOperation.flat()
}

function decide(target: Target, operation: Operation, spec: ProviderSpec): PlanItem {
  const objectType = target.objectType ?? 'file'
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
  return target.rule < 0
    ? `the direct input does not ask to ${operation} it`
    : `the matching rules do not ${operation} ${target.kind} files`
}

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
  operation: Operation,
  spec: ProviderSpec,
  quota: Quota | null
): void {
  const planned = items.filter(item => item.status === 'planned')
  // Directory and ignore-params refreshes have their own daily quota where the provider says so.
  const own = (item: PlanItem): 'directory' | 'ignore-params' | undefined => {
    const type = item.objectType
    if (operation !== 'refresh' || (type !== 'directory' && type !== 'ignore-params')) return
    return quota?.remainingByType?.[type] === undefined ? undefined : type
  }
  const shared = planned.filter(item => own(item) === undefined)
  const live = quota?.remaining[operation]
  capAt(shared, live ?? spec[operation]?.perDay, live !== undefined, operation, 'URLs')
  for (const type of ['directory', 'ignore-params'] as const) {
    const ofType = planned.filter(item => own(item) === type)
    const noun = type === 'directory' ? 'directories' : 'ignore-params URLs'
    capAt(ofType, quota?.remainingByType?.[type], true, operation, noun)
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
  const byRule = candidates
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.rule - b.item.rule || a.index - b.index)
  for (const { item } of byRule.slice(left)) Object.assign(item, skip('quota', detail))
}

function skip(
  reason: NonNullable<PlanItem['reason']>,
  detail: string
): Pick<PlanItem, 'status' | 'reason' | 'detail'> {
  return { status: 'skipped', reason, detail }
}

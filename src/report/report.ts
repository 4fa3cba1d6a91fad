import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { OPERATIONS } from '../model.js'
import type {
  BatchOutcome,
  ObjectType,
  ChangeKind,
  ChangeSet,
  Operation,
  PlanItem,
  Quota,
  SkipReason,
  Status,
  TargetSet
} from '../model.js'
import type { ProviderSpec } from '../providers/provider.js'
import { notWantedDetail, notWantedOperation } from '../plan.js'
import { createParents } from './report-path.js'
import { completionOf, type ReportCompletion } from '../wait/report.js'
import type { WaitRecord } from '../wait/run-wait.js'

export const REPORT_SCHEMA = 'cdn-refresh-action/report@1'

/** Why a run stopped before it finished, in words a user can act on. */
export interface RunFailure {
  /**
   * input: a bad `with:` value; auth: the provider refused the credentials; provider: another
   * provider error outside a request (e.g. a lookup before submitting); change-detection: git or
   * the GitHub API could not list the changed files (expected, with advice); unexpected: a bug.
   */
  type: 'input' | 'auth' | 'provider' | 'change-detection' | 'unexpected'
  message: string
}

/** Everything a run did, as main.ts collected it; after a failure, what it did until then. */
export interface RunRecord {
  /** Undefined when the run stopped before the provider input was understood. */
  spec?: ProviderSpec
  /** The `provider` input as given, for reports of runs that stopped before it was validated. */
  providerInput: string
  /** Keys of the `quota-remaining` output, so unknown quota still shows every key as null. */
  quotaKeys: string[]
  dryRun: boolean
  dryRunReason?: string
  eventName: string
  changeSet: ChangeSet
  targetSet: TargetSet
  items: PlanItem[]
  outcomes: BatchOutcome[]
  quotaBefore: Quota | null
  quotaAfter: Quota | null
  warnings: string[]
  timingsMs: Record<string, number>
  /** The process's memory at the end of each stage, when main.ts was given a way to read it. */
  memoryMb?: Record<string, MemorySample>
  startedAt: number
  finishedAt: number
  reportPath: string
  failure?: RunFailure
  /** What `wait: true` saw; absent when the run did not wait. */
  wait?: WaitRecord
}

/** Memory of the running process at one moment, in MiB (1,048,576 bytes) to 0.1. */
export interface MemorySample {
  /** Resident set size then. */
  rss: number
  /** The highest resident set size of the process until then (its peak so far). */
  peak: number
}

/** Counts of one operation; every number is a count of `urls` items by status (tested). */
export interface OperationCounts {
  /** URLs the rules or direct inputs asked for: submitted + skipped + failed. */
  wanted: number
  submitted: number
  skipped: number
  failed: number
  /** Status `not-wanted`: the rules do not ask for this operation on this change kind. */
  notWanted: number
  /** Requests sent (retries of one request count once). */
  requests: number
  /** Requests the plan packed the wanted URLs into; in a dry run, what a live run would send. */
  plannedRequests: number
}

export interface ReportTask {
  operation: Operation
  status: BatchOutcome['status']
  /** The provider accepted the request (also when it returns no task ID, as Gcore does). */
  accepted: boolean
  taskIds: string[]
  urls: number
  hosts: string[]
  attempts: number
  reason?: SkipReason
  errorCode?: string
  detail?: string
  requestId?: string
  submittedAt?: string
  /** Failed, but sent: the provider may have accepted it (its answer was lost or unusable). */
  mayHaveBeenAccepted?: true
}

export interface ReportUrl {
  /** The URL, or for object type `asset` the asset ID. */
  url: string
  /** Absent for plain file URLs. */
  objectType?: ObjectType
  operation: Operation
  status: Status
  reason?: SkipReason
  detail?: string
  taskId?: string
  errorCode?: string
  /** Failed, but sent: the provider may have accepted it (its answer was lost or unusable). */
  mayHaveBeenAccepted?: true
  rule: number
  sources: string[]
}

export interface Report {
  schema: typeof REPORT_SCHEMA
  provider: string
  providerTitle: string
  mode: 'live' | 'dry-run'
  dryRunReason?: string
  /** Set when the run stopped early; everything below is what was done until then. */
  error?: RunFailure
  /** The operations the provider can do (others appear only where a rule asked for them). */
  supports: Operation[]
  /** Whether the provider answers accepted requests with task IDs. */
  taskIdsReturned: boolean
  /** What the quota numbers are when they are not daily quotas. */
  quotaExplanation?: string
  /** Daily limits of a provider that has no API to read what is left of them. */
  unreadableDailyLimits?: Partial<Record<Operation, number>>
  event: string
  changeSource: ChangeSet['source']
  base?: string
  head?: string
  startedAt: string
  finishedAt: string
  timingsMs: Record<string, number>
  /**
   * RSS and peak RSS at the end of each stage (same names as timingsMs); absent when not measured.
   * A stage whose `peak` is above the previous stage's raised the process's high-water mark.
   */
  memoryMb?: Record<string, MemorySample>
  counts: {
    changes: Record<ChangeKind | 'unmatched', number>
    refresh: OperationCounts
    prefetch: OperationCounts
  }
  /** Every changed file and the URLs it mapped to (none: unmatched). */
  changes: { path: string; kind: ChangeKind; matched: boolean; urls: string[] }[]
  unmatched: string[]
  /** Every URL and operation with its final status. */
  urls: ReportUrl[]
  tasks: ReportTask[]
  quota: { before: Record<string, number | null>; after: Record<string, number | null> }
  warnings: string[]
  /** `wait: true`: each task's final status and how long it took. */
  completion?: ReportCompletion
  reportPath: string
}

function quotaView(keys: string[], quota: Quota | null): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const k of keys) out[k] = quota?.details[k] ?? null
  return out
}

function countOperation(
  urls: readonly ReportUrl[],
  outcomes: BatchOutcome[],
  op: Operation
): OperationCounts {
  const c: OperationCounts = {
    wanted: 0,
    submitted: 0,
    skipped: 0,
    failed: 0,
    notWanted: 0,
    requests: 0,
    plannedRequests: 0
  }
  for (const i of urls) {
    if (i.operation !== op) continue
    if (i.status === 'not-wanted') {
      c.notWanted++
      continue
    }
    c.wanted++
    if (i.status === 'submitted') c.submitted++
    else if (i.status === 'failed') c.failed++
    else c.skipped++ // main.ts closes every 'planned' item before reporting
  }
  const ofOperation = outcomes.filter(o => o.batch.operation === op)
  c.requests = ofOperation.filter(o => o.attempts > 0).length
  c.plannedRequests = ofOperation.length
  return c
}

function unreadableDailyLimits(
  spec: ProviderSpec | undefined
): Partial<Record<Operation, number>> | undefined {
  if (!spec || spec.quotaApi) return undefined
  const limits: Partial<Record<Operation, number>> = {}
  for (const op of OPERATIONS) {
    const perDay = spec[op]?.perDay
    if (perDay !== undefined) limits[op] = perDay
  }
  return Object.keys(limits).length > 0 ? limits : undefined
}

/**
 * Every URL and operation with its final status: the plan's items (refresh, then prefetch, each in
 * target order), then the operations the rules did not ask for (see notWantedOperation), in the
 * same order. These come from the targets, as the plan makes no item for them.
 */
function urlRows(r: RunRecord): ReportUrl[] {
  const rows = r.items.map((i): ReportUrl => ({
    url: i.url,
    objectType: i.objectType,
    operation: i.operation,
    status: i.status,
    reason: i.reason,
    detail: i.detail,
    taskId: i.taskId,
    errorCode: i.errorCode,
    ...(i.mayHaveBeenAccepted && { mayHaveBeenAccepted: true as const }),
    rule: i.rule,
    sources: i.sources
  }))
  const spec = r.spec
  // Without a provider (the run stopped before it was known) nothing was planned at all.
  if (!spec) return rows
  for (const operation of OPERATIONS) {
    for (const target of r.targetSet.targets) {
      if (!notWantedOperation(target, operation, spec)) continue
      rows.push({
        url: target.url,
        objectType: undefined,
        operation,
        status: 'not-wanted',
        reason: 'rule',
        detail: notWantedDetail(target, operation),
        taskId: undefined,
        errorCode: undefined,
        rule: target.rule,
        sources: target.sources
      })
    }
  }
  return rows
}

export function buildReport(r: RunRecord): Report {
  const changeCounts = {
    added: 0,
    modified: 0,
    removed: 0,
    unmatched: r.targetSet.unmatched.length
  }
  for (const c of r.changeSet.changes) changeCounts[c.kind]++
  const urls = urlRows(r)
  return {
    schema: REPORT_SCHEMA,
    provider: r.spec?.name ?? r.providerInput,
    providerTitle: r.spec?.title ?? (r.providerInput || 'CDN'),
    mode: r.dryRun ? 'dry-run' : 'live',
    dryRunReason: r.dryRun ? r.dryRunReason : undefined,
    error: r.failure,
    supports: r.spec ? OPERATIONS.filter(op => r.spec?.[op]) : [...OPERATIONS],
    taskIdsReturned: r.spec?.taskIds ?? true,
    quotaExplanation: r.spec?.quotaExplanation,
    unreadableDailyLimits: unreadableDailyLimits(r.spec),
    event: r.eventName,
    changeSource: r.changeSet.source,
    base: r.changeSet.base,
    head: r.changeSet.head,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: new Date(r.finishedAt).toISOString(),
    timingsMs: r.timingsMs,
    memoryMb: r.memoryMb,
    counts: {
      changes: changeCounts,
      refresh: countOperation(urls, r.outcomes, 'refresh'),
      prefetch: countOperation(urls, r.outcomes, 'prefetch')
    },
    changes: r.targetSet.mapped.map(m => ({
      path: m.path,
      kind: m.kind,
      matched: m.urls.length > 0,
      urls: m.urls
    })),
    unmatched: r.targetSet.unmatched,
    urls,
    tasks: r.outcomes.map(o => ({
      operation: o.batch.operation,
      status: o.status,
      accepted: o.status === 'submitted',
      taskIds: o.taskIds,
      urls: o.batch.items.length,
      hosts: o.batch.hosts,
      attempts: o.attempts,
      reason: o.reason,
      errorCode: o.errorCode,
      detail: o.detail,
      requestId: o.requestId,
      submittedAt: o.submittedAt === undefined ? undefined : new Date(o.submittedAt).toISOString(),
      ...(o.mayHaveBeenAccepted && { mayHaveBeenAccepted: true as const })
    })),
    quota: {
      before: quotaView(r.quotaKeys, r.quotaBefore),
      after: quotaView(r.quotaKeys, r.quotaAfter)
    },
    warnings: r.warnings,
    completion: r.wait ? completionOf(r.wait) : undefined,
    reportPath: r.reportPath
  }
}

/** Size of the pieces the report is written in, in characters (a piece may pass it by one entry). */
export const REPORT_CHUNK_CHARS = 64 * 1024

/** How long writing the report took, as `timingsMs.report`: from `since` to the last entry. */
export interface ReportTiming {
  /** When the report stage began (before buildReport), on `now`'s clock. */
  since: number
  now(): number
  /** Memory now; when given, `memoryMb.report` is read when `timingsMs.report` is. */
  memory?(): MemorySample
}

/**
 * The report as JSON text, in pieces of about REPORT_CHUNK_CHARS, so a report of 100,000 URLs is
 * never one string in memory: one top-level key a line, and every list one entry a line (compact,
 * still one JSON document, and easy to grep). `timingsMs` comes last, so that with `timing` it can
 * include the report stage itself: `timingsMs.report` is the time from `timing.since` to when
 * every other piece has been taken (written, when the consumer writes each piece before asking for
 * the next, as writeReport does). It is also set on `report.timingsMs`, so the report in memory
 * and the file say the same. `memoryMb`, when present, comes just before it, and with
 * `timing.memory` gets its `report` entry at the same moment.
 */
export function* reportChunks(report: Report, timing?: ReportTiming): Generator<string> {
  let pending = ''
  let separator = '{'
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined || key === 'timingsMs' || key === 'memoryMb') continue
    pending += `${separator}${JSON.stringify(key)}:`
    separator = ',\n'
    if (!Array.isArray(value) || value.length === 0) {
      pending += JSON.stringify(value)
      continue
    }
    for (let i = 0; i < value.length; i++) {
      pending += (i === 0 ? '[\n' : ',\n') + JSON.stringify(value[i])
      if (pending.length >= REPORT_CHUNK_CHARS) {
        yield pending
        pending = ''
      }
    }
    pending += '\n]'
  }
  if (pending !== '') yield pending
  if (timing) {
    report.timingsMs.report = timing.now() - timing.since
    if (timing.memory && report.memoryMb) report.memoryMb.report = timing.memory()
  }
  const memory = report.memoryMb ? `${separator}"memoryMb":${JSON.stringify(report.memoryMb)}` : ''
  if (memory) separator = ',\n'
  yield `${memory}${separator}"timingsMs":${JSON.stringify(report.timingsMs)}}\n`
}

/**
 * Writes the report to `path` as a stream of reportChunks (with backpressure: a piece is made only
 * once the file has taken the previous ones), creating the directory.
 */
export async function writeReport(
  report: Report,
  path: string,
  timing?: ReportTiming
): Promise<void> {
  await createParents(path)
  await pipeline(
    Readable.from(reportChunks(report, timing), { objectMode: false, highWaterMark: 1 }),
    createWriteStream(path, { encoding: 'utf8' })
  )
}

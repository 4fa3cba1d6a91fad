// A local stand-in for the Alibaba Cloud DCDN API (RefreshDcdnObjectCaches, PreloadDcdnObjectCaches,
// DescribeDcdnRefreshQuota, and the Edge Routine refresh RefreshErObjectCaches, which lives on the
// same host and version) for tests, the README demo and end-to-end runs of the bundled action.
// It checks every request's ACS3 signature with the official @alicloud/openapi-util helpers, so the
// project's own signer is verified by a second implementation, and it enforces DCDN's documented
// limits and quotas on its own clock. Where DCDN's real error code is unknown, the code used here is
// the emulator's choice and says so.
import type { EmulatorFault } from './faults.js'
import {
  ApiError,
  EMULATOR_CREDENTIALS,
  missingParameter,
  startAlibabaGateway,
  type ActionHandler,
  type EmulatorCredential,
  type RecordedRequest
} from './alibaba-gateway.js'
import { progressAt, type TaskProgressOptions } from './task-progress.js'

export { EMULATOR_CREDENTIALS, type EmulatorCredential, type RecordedRequest }

export type DcdnAction =
  | 'RefreshDcdnObjectCaches'
  | 'PreloadDcdnObjectCaches'
  | 'DescribeDcdnRefreshQuota'
  | 'RefreshErObjectCaches'
  | 'DescribeDcdnRefreshTaskById'
  | 'DescribeDcdnRefreshTasks'

/** What the next request of a route gets instead of normal processing. */
export type DcdnFault = EmulatorFault

/** Daily quotas, named as DescribeDcdnRefreshQuota names them. `*Remain` defaults to `*Quota`. */
export interface DcdnQuotaOptions {
  UrlQuota?: number
  UrlRemain?: number
  DirQuota?: number
  DirRemain?: number
  PreloadQuota?: number
  PreloadRemain?: number
  RegexQuota?: number
  RegexRemain?: number
  IgnoreParamsQuota?: number
  IgnoreParamsRemain?: number
  BlockQuota?: number
  BlockRemain?: number
}

type QuotaKind = 'Url' | 'Dir' | 'Preload' | 'Regex' | 'IgnoreParams' | 'Block'
const QUOTA_KINDS: readonly QuotaKind[] = [
  'Url',
  'Dir',
  'Preload',
  'Regex',
  'IgnoreParams',
  'Block'
]
// DCDN's documented defaults per account per day.
const DEFAULT_QUOTA: Record<QuotaKind, number> = {
  Url: 10_000,
  Dir: 100,
  Preload: 1_000,
  Regex: 20,
  IgnoreParams: 100,
  Block: 100
}

/** The refresh ObjectType values, and the daily quota each counts against. */
type RefreshType = 'File' | 'Directory' | 'IgnoreParams' | 'Regex'
const REFRESH_QUOTA: Record<RefreshType, QuotaKind> = {
  File: 'Url',
  Directory: 'Dir',
  IgnoreParams: 'IgnoreParams',
  Regex: 'Regex'
}

export interface DcdnEmulatorOptions {
  /** AccessKeys accepted; default [EMULATOR_CREDENTIALS]. */
  credentials?: EmulatorCredential[]
  /** Epoch ms; drives the x-acs-date check, the per-minute window and the day rollover. */
  now?: () => number
  quotas?: DcdnQuotaOptions
  /** URLs per host per rolling minute for refresh (1,000 documented; 10,000 on newer pages). */
  urlsPerHostPerMinute?: number
  /** Whether business parameters are read from a form body (default) or only the query string. */
  paramsInBody?: boolean
  /** Code for an exhausted preload quota; UNCONFIRMED for DCDN, so configurable. */
  preloadQuotaErrorCode?: string
  /** Offset of the quota day from UTC in minutes; default +480 (China Standard Time). */
  utcOffsetMinutes?: number
  /** Loopback address to listen on: 127.0.0.1 (default) or ::1. */
  listenHost?: '127.0.0.1' | '::1'
  /** How accepted tasks progress for DescribeDcdnRefreshTaskById (task-progress.ts). */
  taskProgress?: TaskProgressOptions
  /**
   * Whether DescribeDcdnRefreshTaskById and DescribeDcdnRefreshTasks list RefreshErObjectCaches
   * tasks (default true); whether DCDN does is UNCONFIRMED (providers.md §3), so tests try both.
   */
  listEdgeRoutineTasks?: boolean
}

export interface AcceptedTask {
  action: 'RefreshDcdnObjectCaches' | 'PreloadDcdnObjectCaches' | 'RefreshErObjectCaches'
  taskId: string
  /** The task's host; the emulator opens one task per host of a request. */
  host: string
  urls: string[]
  area?: string
  /** Refresh tasks: the ObjectType (File when the request left it out). */
  objectType?: RefreshType
  /** Refresh tasks: Force, when the request sent it. */
  force?: boolean
  /** RefreshErObjectCaches: RoutineId, when sent. */
  routineId?: string
  /** RefreshErObjectCaches: the MergeDomainName list, when sent. */
  mergeDomainNames?: string[]
  at: number
}

export interface DcdnEmulatorState {
  quota: Record<QuotaKind, number>
  used: Record<QuotaKind, number>
  /** Quota day the `used` counters belong to. */
  day: number
  tasks: AcceptedTask[]
  nextTaskId: number
}

export interface DcdnEmulator {
  /** Base URL, e.g. http://127.0.0.1:43117 */
  url: string
  state: DcdnEmulatorState
  requests: RecordedRequest[]
  /** Queues faults for the next requests of `action` ('*': any action), applied in order. */
  inject(action: DcdnAction | '*', ...faults: DcdnFault[]): void
  /** Remaining quota as DescribeDcdnRefreshQuota would report it. */
  remaining(kind: QuotaKind): number
  close(): Promise<void>
}

const VERSION = '2018-01-15'
const REFRESH_PER_REQUEST = 1000
const DIRECTORIES_PER_REQUEST = 100
const PRELOAD_PER_REQUEST = 100
const HOSTS_PER_REQUEST = 10
const MAX_URL_LENGTH = 1024

/** CreationTime, StartTime and EndTime as DCDN writes them: UTC `yyyy-MM-ddTHH:mm:ssZ`. */
function dcdnTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function isRefreshType(value: string): value is RefreshType {
  return Object.hasOwn(REFRESH_QUOTA, value)
}

/** An optional boolean parameter, as the SDK serializes it: `true` or `false`. */
function booleanParam(params: Record<string, string>, name: string): boolean | undefined {
  const raw = params[name]
  if (raw === undefined) return undefined
  if (raw === 'true') return true
  if (raw === 'false') return false
  // Emulator's choice of code for a malformed boolean.
  throw new ApiError(
    400,
    'InvalidParameter',
    `Specified parameter ${name} "${raw}" is not a boolean.`
  )
}

export async function startDcdnEmulator(options: DcdnEmulatorOptions = {}): Promise<DcdnEmulator> {
  const now = options.now ?? Date.now
  const perMinute = options.urlsPerHostPerMinute ?? 1000
  const preloadQuotaCode = options.preloadQuotaErrorCode ?? 'QuotaExceeded.Preload'
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000
  const dayOf = (t: number): number => Math.floor((t + offsetMs) / 86_400_000)

  const quota = {} as Record<QuotaKind, number>
  const used = {} as Record<QuotaKind, number>
  for (const kind of QUOTA_KINDS) {
    const q = options.quotas?.[`${kind}Quota`] ?? DEFAULT_QUOTA[kind]
    const remain = options.quotas?.[`${kind}Remain`] ?? q
    quota[kind] = q
    used[kind] = Math.max(0, q - remain)
  }
  const state: DcdnEmulatorState = {
    quota,
    used,
    day: dayOf(now()),
    tasks: [],
    nextTaskId: 1_000_001
  }
  // Refreshes per host in the rolling minute: RefreshDcdnObjectCaches and RefreshErObjectCaches
  // count together (the emulator's choice; whether they share the limit is UNCONFIRMED).
  const refreshLog: { at: number; host: string; count: number }[] = []

  function remaining(kind: QuotaKind): number {
    rollDay()
    return Math.max(0, state.quota[kind] - state.used[kind])
  }

  function rollDay(): void {
    const today = dayOf(now())
    if (today !== state.day) {
      state.day = today
      for (const kind of QUOTA_KINDS) state.used[kind] = 0
    }
  }

  function objectPaths(params: Record<string, string>): string[] {
    const paths = (params.ObjectPath ?? '').split(/\r?\n/).filter(p => p !== '')
    if (paths.length === 0) throw missingParameter('ObjectPath')
    return paths
  }

  /** Groups valid URLs by lower-case host; rejects the request on the first bad one. */
  function byHost(urls: string[], perRequest: number, noun = 'URLs'): Map<string, string[]> {
    if (urls.length > perRequest) {
      throw new ApiError(
        400,
        'SingleRequest.OverLimit',
        `A single request may carry at most ${perRequest} ${noun}; this one has ${urls.length}.`
      )
    }
    const hosts = new Map<string, string[]>()
    for (const url of urls) {
      let parsed: URL | undefined
      try {
        parsed = new URL(url)
      } catch {
        parsed = undefined
      }
      if (
        !parsed ||
        // WHATWG parsing would read https:///x.js as host "x.js"; the raw text must name a host.
        !/^https?:\/\/[^/?#\\]/i.test(url) ||
        !/^https?:$/.test(parsed.protocol) ||
        !parsed.hostname ||
        url.length > MAX_URL_LENGTH
      ) {
        throw new ApiError(
          400,
          'InvalidObjectPath.Malformed',
          `Specified ObjectPath is malformed: ${url.slice(0, 100)}`
        )
      }
      const host = parsed.host.toLowerCase()
      hosts.set(host, [...(hosts.get(host) ?? []), url])
    }
    if (hosts.size > HOSTS_PER_REQUEST) {
      // Emulator's choice of code: DCDN documents the 10-domain limit but not its error code.
      throw new ApiError(
        400,
        'SingleRequest.DomainOverLimit',
        `A single request may span at most ${HOSTS_PER_REQUEST} domains; this one spans ${hosts.size}.`
      )
    }
    return hosts
  }

  function openTasks(
    hosts: Map<string, string[]>,
    fields: Omit<AcceptedTask, 'taskId' | 'host' | 'urls' | 'at'>
  ): string {
    const ids: string[] = []
    for (const [host, urls] of hosts) {
      const taskId = String(state.nextTaskId++)
      ids.push(taskId)
      const task: AcceptedTask = { action: fields.action, taskId, host, urls, at: now() }
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) Object.assign(task, { [key]: value })
      }
      state.tasks.push(task)
    }
    return ids.join(',')
  }

  /**
   * RefreshDcdnObjectCaches and RefreshErObjectCaches: File, Directory, IgnoreParams and Regex
   * entries, each type against its own daily quota. Edge Routine refreshes count against the same
   * DCDN quotas (the emulator's choice: whether they are shared is UNCONFIRMED, providers.md §3).
   */
  function refresh(
    action: 'RefreshDcdnObjectCaches' | 'RefreshErObjectCaches',
    params: Record<string, string>
  ): Record<string, string> {
    const er = action === 'RefreshErObjectCaches'
    // RefreshErObjectCaches documents ObjectType as required; DCDN defaults it to File.
    if (er && params.ObjectType === undefined) throw missingParameter('ObjectType')
    const type = params.ObjectType ?? 'File'
    if (!isRefreshType(type)) {
      throw new ApiError(
        400,
        'InvalidObjectType.Malformed',
        `The specified ObjectType "${type}" is invalid.`
      )
    }
    const force = booleanParam(params, 'Force')
    const paths = objectPaths(params)
    const hosts =
      type === 'Directory'
        ? byHost(paths, DIRECTORIES_PER_REQUEST, 'directories')
        : byHost(paths, REFRESH_PER_REQUEST)
    let routineId: string | undefined
    let mergeDomainNames: string[] | undefined
    if (er) {
      if (hosts.size > 1) {
        // Emulator's choice of code: the doc requires one domain a request but names no code.
        throw new ApiError(
          400,
          'InvalidObjectPath.DomainMismatch',
          `All URLs of a RefreshErObjectCaches request must belong to one domain; these span ${hosts.size}.`
        )
      }
      routineId = params.RoutineId
      if (routineId !== undefined && routineId.trim() === '') {
        throw new ApiError(400, 'InvalidParameter', 'Specified parameter RoutineId is empty.')
      }
      if (params.MergeDomainName !== undefined) {
        mergeDomainNames = params.MergeDomainName.split(',')
        if (mergeDomainNames.some(name => !/^[a-z0-9*][a-z0-9.-]*$/i.test(name.trim()))) {
          // Emulator's choice of code for a malformed domain list.
          throw new ApiError(
            400,
            'InvalidParameter',
            `Specified parameter MergeDomainName "${params.MergeDomainName}" is not a comma-separated list of domains.`
          )
        }
        mergeDomainNames = mergeDomainNames.map(name => name.trim())
      }
    }
    const t = now()
    while (refreshLog.length > 0 && t - (refreshLog[0]?.at ?? t) >= 60_000) refreshLog.shift()
    for (const [host, urls] of hosts) {
      const recent = refreshLog.filter(e => e.host === host).reduce((sum, e) => sum + e.count, 0)
      if (recent + urls.length > perMinute) {
        throw new ApiError(
          400,
          'QuotaPerMinuteExceeded.Refresh',
          `Refresh of ${host} is limited to ${perMinute} URLs a minute.`
        )
      }
    }
    const count = paths.length
    const kind = REFRESH_QUOTA[type]
    rollDay()
    if (count > remaining(kind)) {
      // QuotaExceeded.Refresh is DCDN's documented code for URLs; for the other types it is the
      // emulator's choice.
      throw new ApiError(
        400,
        'QuotaExceeded.Refresh',
        `The daily ${type} refresh quota is exhausted (${remaining(kind)} left).`
      )
    }
    state.used[kind] += count
    for (const [host, urls] of hosts) refreshLog.push({ at: t, host, count: urls.length })
    return {
      RefreshTaskId: openTasks(hosts, {
        action,
        objectType: type,
        force,
        routineId,
        mergeDomainNames
      })
    }
  }

  function preload(params: Record<string, string>): Record<string, string> {
    const area = params.Area
    if (area !== undefined && !['domestic', 'overseas', 'global'].includes(area)) {
      // Emulator's choice of code; `global` is accepted although it is UNCONFIRMED for DCDN.
      throw new ApiError(400, 'InvalidArea', `Specified Area "${area}" is not valid.`)
    }
    const hosts = byHost(objectPaths(params), PRELOAD_PER_REQUEST)
    const count = [...hosts.values()].reduce((sum, urls) => sum + urls.length, 0)
    rollDay()
    if (count > remaining('Preload')) {
      throw new ApiError(
        400,
        preloadQuotaCode,
        `The daily preload quota is exhausted (${remaining('Preload')} URLs left).`
      )
    }
    state.used.Preload += count
    return { PreloadTaskId: openTasks(hosts, { action: 'PreloadDcdnObjectCaches', area }) }
  }

  function describeQuota(): Record<string, string> {
    rollDay()
    const out: Record<string, string> = {}
    for (const kind of QUOTA_KINDS) {
      out[`${kind}Quota`] = String(state.quota[kind])
      out[`${kind}Remain`] = String(remaining(kind))
    }
    return out
  }

  /** DescribeDcdnRefreshTaskById (§2.5): up to 10 comma-separated IDs, tasks of the last 3 days. */
  function describeTasksById(params: Record<string, string>): Record<string, unknown> {
    const ids = (params.TaskId ?? '')
      .split(',')
      .map(id => id.trim())
      .filter(id => id !== '')
    if (ids.length === 0) throw missingParameter('TaskId')
    if (ids.length > 10) {
      // Emulator's choice of code: the limit is documented, its error code is not.
      throw new ApiError(
        400,
        'InvalidTaskId.Malformed',
        `At most 10 task IDs a call; got ${ids.length}.`
      )
    }
    const t = now()
    const Tasks = state.tasks
      .filter(task => ids.includes(task.taskId) && listed(task, t))
      .map(task => taskRow(task, t, task.urls.join('\n'), 'directory'))
    return { TotalCount: Tasks.length, Tasks }
  }

  /** A task as DescribeDcdnRefreshTaskById and DescribeDcdnRefreshTasks list it, at `t`. */
  function taskRow(task: AcceptedTask, t: number, objectPath: string, directoryType: string) {
    const p = progressAt(task, t, options.taskProgress)
    const status = {
      pending: 'Pending',
      running: 'Refreshing',
      complete: 'Complete',
      failed: 'Failed'
    }
    return {
      TaskId: task.taskId,
      ObjectPath: objectPath,
      ObjectType:
        task.action === 'PreloadDcdnObjectCaches'
          ? 'preload'
          : task.objectType === 'Directory'
            ? directoryType
            : 'file',
      Status: status[p.phase],
      Process: `${p.percent}%`,
      Description: p.reason ?? '',
      CreationTime: dcdnTime(task.at)
    }
  }

  function listed(task: AcceptedTask, t: number): boolean {
    return (
      t - task.at < 3 * 86_400_000 &&
      (task.action !== 'RefreshErObjectCaches' || (options.listEdgeRoutineTasks ?? true))
    )
  }

  /**
   * DescribeDcdnRefreshTasks (§2.4): tasks of the last 3 days, one row per URL (the emulator's
   * choice: how DCDN lists a task of several URLs is not documented), filtered by TaskId, exact
   * ObjectPath, ObjectType, DomainName, Status and a StartTime/EndTime window on CreationTime,
   * newest first, in pages of at most 50 under a nested Tasks.Task.
   */
  function describeTasks(params: Record<string, string>): Record<string, unknown> {
    const type = params.ObjectType
    if (type !== undefined && !['file', 'directory', 'preload'].includes(type)) {
      throw new ApiError(
        400,
        'InvalidObjectType.Malformed',
        `The specified ObjectType "${type}" is invalid.`
      )
    }
    if ((params.DomainName !== undefined || params.Status !== undefined) && type === undefined) {
      // Documented as required then; the code is the emulator's choice.
      throw missingParameter('ObjectType')
    }
    const time = (name: 'StartTime' | 'EndTime'): number | undefined => {
      const raw = params[name]
      if (raw === undefined) return undefined
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(raw) || Number.isNaN(Date.parse(raw))) {
        // Emulator's choice of code for a time not written yyyy-MM-ddTHH:mm:ssZ.
        throw new ApiError(400, `Invalid${name}.Malformed`, `Specified ${name} is malformed.`)
      }
      return Date.parse(raw)
    }
    const start = time('StartTime')
    const end = time('EndTime')
    if (start !== undefined && end !== undefined && end < start) {
      throw new ApiError(400, 'InvalidTime.Mismatch', 'EndTime is earlier than StartTime.')
    }
    const page = Number(params.PageNumber ?? '1')
    const size = Number(params.PageSize ?? '20')
    if (!Number.isInteger(page) || page < 1 || page > 100_000) {
      throw new ApiError(400, 'InvalidPageNumber', 'PageNumber must be 1 to 100000.')
    }
    if (!Number.isInteger(size) || size < 1 || size > 50) {
      throw new ApiError(400, 'InvalidPageSize', 'PageSize must be 1 to 50.')
    }
    const t = now()
    const status = params.Status?.toLowerCase()
    const rows = [...state.tasks]
      .reverse()
      .filter(task => listed(task, t))
      .filter(task => params.TaskId === undefined || task.taskId === params.TaskId)
      .filter(
        task => params.DomainName === undefined || task.host === params.DomainName.toLowerCase()
      )
      // CreationTime has second resolution: compared as listed.
      .filter(task => start === undefined || Date.parse(dcdnTime(task.at)) >= start)
      .filter(task => end === undefined || Date.parse(dcdnTime(task.at)) <= end)
      .flatMap(task => task.urls.map(url => taskRow(task, t, url, 'path')))
      .filter(row => params.ObjectPath === undefined || row.ObjectPath === params.ObjectPath)
      .filter(row => {
        if (type === undefined) return true
        return row.ObjectType === (type === 'directory' ? 'path' : type)
      })
      .filter(row => status === undefined || row.Status.toLowerCase() === status)
    const Task = rows.slice((page - 1) * size, page * size)
    return { PageNumber: page, PageSize: size, TotalCount: rows.length, Tasks: { Task } }
  }

  const actions: Record<DcdnAction, ActionHandler> = {
    RefreshDcdnObjectCaches: params => refresh('RefreshDcdnObjectCaches', params),
    RefreshErObjectCaches: params => refresh('RefreshErObjectCaches', params),
    PreloadDcdnObjectCaches: preload,
    DescribeDcdnRefreshQuota: describeQuota,
    DescribeDcdnRefreshTaskById: describeTasksById,
    DescribeDcdnRefreshTasks: describeTasks
  }
  const gateway = await startAlibabaGateway({
    version: VERSION,
    product: 'DCDN',
    recommendProduct: 'Dcdn',
    hostId: 'dcdn.aliyuncs.com',
    credentials: options.credentials ?? [EMULATOR_CREDENTIALS],
    now,
    paramsInBody: options.paramsInBody ?? true,
    listenHost: options.listenHost ?? '127.0.0.1',
    actions
  })
  return {
    url: gateway.url,
    state,
    requests: gateway.requests,
    remaining,
    inject: (action, ...faults) => gateway.inject(action, ...faults),
    close: () => gateway.close()
  }
}

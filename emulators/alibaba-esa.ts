// A local stand-in for the Alibaba Cloud ESA API (version 2024-09-10): PurgeCaches, PreloadCaches,
// GetPurgeQuota, DescribePurgeTasks and DescribePreloadTasks, on the same RPC gateway as the DCDN
// emulator (ACS3 signatures checked with the official @alicloud/openapi-util helpers).
// ESA documents neither per-request limits nor error codes (providers.md §4, §7 item 6): the limits
// here default to DCDN's and are configurable, and every error code not seen in an ESA page is the
// emulator's choice and says so.
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

export type EsaAction =
  'PurgeCaches' | 'PreloadCaches' | 'GetPurgeQuota' | 'DescribePurgeTasks' | 'DescribePreloadTasks'

/** Every purge Type GetPurgeQuota knows (providers.md §4). */
export type EsaQuotaType =
  'file' | 'cachetag' | 'directory' | 'ignoreParams' | 'hostname' | 'purgeall'
const QUOTA_TYPES: readonly EsaQuotaType[] = [
  'file',
  'cachetag',
  'directory',
  'ignoreParams',
  'hostname',
  'purgeall'
]

/** The purge types the emulator carries out, and the Content key each takes. */
export type EsaPurgeType = 'file' | 'directory' | 'ignoreParams'
const CONTENT_KEY: Record<EsaPurgeType, string> = {
  file: 'Files',
  directory: 'Directories',
  ignoreParams: 'IgnoreParams'
}

/** One type's quota as GetPurgeQuota reports it; `usage*` is what the site had used at start. */
export interface EsaQuotaSetting {
  quota?: number
  usage?: number
  /** 0 (default): no 30-day quota. */
  quota30Day?: number
  usage30Day?: number
}

// UNCONFIRMED defaults (ESA states no numbers): DCDN's daily figures where a counterpart exists.
const DEFAULT_QUOTA: Record<EsaQuotaType, number> = {
  file: 10_000,
  cachetag: 100,
  directory: 100,
  ignoreParams: 100,
  hostname: 100,
  purgeall: 10
}

export interface EsaLimits {
  /** URLs a `file` purge (default 1,000, as DCDN; UNCONFIRMED for ESA). */
  filesPerRequest?: number
  /** Directories a `directory` purge (default 100, as DCDN; UNCONFIRMED). */
  directoriesPerRequest?: number
  /** URLs an `ignoreParams` purge (default 1,000; UNCONFIRMED). */
  ignoreParamsPerRequest?: number
  /** URLs a PreloadCaches request (default 100, as DCDN; UNCONFIRMED). */
  preloadPerRequest?: number
  /** Longest URL (default 1,024, as DCDN; UNCONFIRMED). */
  maxUrlLength?: number
}

export interface EsaEmulatorOptions {
  /** AccessKeys accepted; default [EMULATOR_CREDENTIALS]. */
  credentials?: EmulatorCredential[]
  /** Epoch ms; drives the x-acs-date check and the day rollover. */
  now?: () => number
  /** SiteId → the site's hosts; default { '123456789': ['www.example.com', 'static.example.com'] }. */
  sites?: Record<string, string[]>
  /** Quotas per purge type, the same for every site (each site has its own usage). */
  quotas?: Partial<Record<EsaQuotaType, EsaQuotaSetting>>
  /** URLs a site may prefetch a day (default 1,000; ESA has no preload quota API, UNCONFIRMED). */
  preloadQuota?: number
  limits?: EsaLimits
  /**
   * Types this account's plan lacks: GetPurgeQuota and PurgeCaches answer them with HTTP 400
   * `PurgeType.NotSupported` (the emulator's code).
   */
  unsupportedTypes?: EsaQuotaType[]
  /** Code for an exhausted purge quota; default QuotaExceeded.Purge (the emulator's choice). */
  quotaErrorCode?: string
  /** Code for an exhausted preload quota; default QuotaExceeded.Preload (the emulator's choice). */
  preloadQuotaErrorCode?: string
  /** Offset of the quota day from UTC in minutes; default +480 (China Standard Time). */
  utcOffsetMinutes?: number
  /** Whether business parameters are read from a form body (default) or only the query string. */
  paramsInBody?: boolean
  listenHost?: '127.0.0.1' | '::1'
  /**
   * How tasks progress in DescribePurgeTasks / DescribePreloadTasks (task-progress.ts); without it
   * every task is listed Complete at once.
   */
  taskProgress?: TaskProgressOptions
}

export interface EsaTask {
  action: 'PurgeCaches' | 'PreloadCaches'
  taskId: string
  siteId: string
  /** PurgeCaches: the Type. */
  type?: EsaPurgeType
  urls: string[]
  edgeComputePurge?: boolean
  force?: boolean
  /** PreloadCaches: Headers, when sent. */
  headers?: Record<string, string>
  at: number
}

export interface EsaSiteUsage {
  /** Today's usage per type. */
  used: Record<EsaQuotaType, number>
  /** Usage counted against the 30-day quota (never rolled over by the emulator). */
  used30Day: Record<EsaQuotaType, number>
  preloadUsed: number
}

export interface EsaEmulatorState {
  sites: Record<string, string[]>
  usage: Record<string, EsaSiteUsage>
  /** Quota day the daily counters belong to. */
  day: number
  tasks: EsaTask[]
  nextTaskId: number
}

export interface EsaEmulator {
  /** Base URL, e.g. http://127.0.0.1:43117 */
  url: string
  state: EsaEmulatorState
  requests: RecordedRequest[]
  /** Queues faults for the next requests of `action` ('*': any action), applied in order. */
  inject(action: EsaAction | '*', ...faults: EmulatorFault[]): void
  /** What GetPurgeQuota would leave for `type` on `siteId` today (30-day quota included). */
  remaining(siteId: string, type: EsaQuotaType): number
  /** Prefetches `siteId` has left today. */
  preloadRemaining(siteId: string): number
  close(): Promise<void>
}

const VERSION = '2024-09-10'
const DEFAULT_SITES: Record<string, string[]> = {
  '123456789': ['www.example.com', 'static.example.com']
}

function zeroes(): Record<EsaQuotaType, number> {
  return { file: 0, cachetag: 0, directory: 0, ignoreParams: 0, hostname: 0, purgeall: 0 }
}

function booleanParam(params: Record<string, string>, name: string): boolean | undefined {
  const raw = params[name]
  if (raw === undefined) return undefined
  if (raw === 'true') return true
  if (raw === 'false') return false
  // Emulator's choice of code.
  throw new ApiError(
    400,
    'InvalidParameter',
    `Specified parameter ${name} "${raw}" is not a boolean.`
  )
}

/** `yyyy-MM-dd HH:mm:ss` at the given UTC offset, as DescribePreloadTasks shows CreateTime. */
function formatCreateTime(at: number, offsetMs: number): string {
  return new Date(at + offsetMs).toISOString().slice(0, 19).replace('T', ' ')
}

export async function startEsaEmulator(options: EsaEmulatorOptions = {}): Promise<EsaEmulator> {
  const now = options.now ?? Date.now
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000
  const dayOf = (t: number): number => Math.floor((t + offsetMs) / 86_400_000)
  const limits = {
    file: options.limits?.filesPerRequest ?? 1000,
    directory: options.limits?.directoriesPerRequest ?? 100,
    ignoreParams: options.limits?.ignoreParamsPerRequest ?? 1000,
    preload: options.limits?.preloadPerRequest ?? 100,
    maxUrlLength: options.limits?.maxUrlLength ?? 1024
  }
  const quotaCode = options.quotaErrorCode ?? 'QuotaExceeded.Purge'
  const preloadQuotaCode = options.preloadQuotaErrorCode ?? 'QuotaExceeded.Preload'
  const preloadQuota = options.preloadQuota ?? 1000
  const unsupported = new Set(options.unsupportedTypes ?? [])

  const quota = {} as Record<EsaQuotaType, { daily: number; thirty: number }>
  for (const type of QUOTA_TYPES) {
    quota[type] = {
      daily: options.quotas?.[type]?.quota ?? DEFAULT_QUOTA[type],
      thirty: options.quotas?.[type]?.quota30Day ?? 0
    }
  }
  const sites: Record<string, string[]> = {}
  for (const [id, hosts] of Object.entries(options.sites ?? DEFAULT_SITES)) {
    sites[id] = hosts.map(h => h.toLowerCase())
  }
  const usage: Record<string, EsaSiteUsage> = {}
  for (const id of Object.keys(sites)) {
    const used = zeroes()
    const used30Day = zeroes()
    for (const type of QUOTA_TYPES) {
      used[type] = options.quotas?.[type]?.usage ?? 0
      used30Day[type] = options.quotas?.[type]?.usage30Day ?? 0
    }
    usage[id] = { used, used30Day, preloadUsed: 0 }
  }
  const state: EsaEmulatorState = {
    sites,
    usage,
    day: dayOf(now()),
    tasks: [],
    nextTaskId: 159_000_001
  }

  function rollDay(): void {
    const today = dayOf(now())
    if (today !== state.day) {
      state.day = today
      for (const site of Object.values(state.usage)) {
        site.used = zeroes()
        site.preloadUsed = 0
      }
    }
  }

  function usageOf(siteId: string): EsaSiteUsage {
    const site = state.usage[siteId]
    if (!site) throw new Error(`unknown site ${siteId}`)
    return site
  }

  function remaining(siteId: string, type: EsaQuotaType): number {
    rollDay()
    const site = usageOf(siteId)
    const daily = Math.max(0, quota[type].daily - site.used[type])
    if (quota[type].thirty === 0) return daily
    return Math.min(daily, Math.max(0, quota[type].thirty - site.used30Day[type]))
  }

  function preloadRemaining(siteId: string): number {
    rollDay()
    return Math.max(0, preloadQuota - usageOf(siteId).preloadUsed)
  }

  /** The known site a request names. */
  function site(params: Record<string, string>): string {
    const raw = params.SiteId
    if (raw === undefined || raw === '') throw missingParameter('SiteId')
    if (!/^\d+$/.test(raw)) {
      // Emulator's choice of code.
      throw new ApiError(
        400,
        'InvalidParameter.SiteId',
        `Specified SiteId "${raw}" is not an integer.`
      )
    }
    if (!Object.hasOwn(state.sites, raw)) {
      // Emulator's choice of code.
      throw new ApiError(
        404,
        'InvalidSite.NotFound',
        `The site ${raw} does not exist in this account.`
      )
    }
    return raw
  }

  function quotaType(raw: string): EsaQuotaType {
    if (!(QUOTA_TYPES as readonly string[]).includes(raw)) {
      // Emulator's choice of code.
      throw new ApiError(400, 'InvalidParameter.Type', `Specified Type "${raw}" is not valid.`)
    }
    const type = raw as EsaQuotaType
    if (unsupported.has(type)) {
      // Emulator's choice of code.
      throw new ApiError(
        400,
        'PurgeType.NotSupported',
        `The plan of this site does not include ${type} purges.`
      )
    }
    return type
  }

  function parseJson(raw: string | undefined, name: string): unknown {
    if (raw === undefined || raw === '') throw missingParameter(name)
    try {
      return JSON.parse(raw) as unknown
    } catch {
      // Emulator's choice of code.
      throw new ApiError(400, `InvalidParameter.${name}`, `Specified ${name} is not valid JSON.`)
    }
  }

  /** Checks one URL: absolute http(s), not too long, on a host of the site. */
  function checkUrl(url: unknown, siteId: string, name: string): string {
    let parsed: URL | undefined
    if (typeof url === 'string') {
      try {
        parsed = new URL(url)
      } catch {
        parsed = undefined
      }
    }
    if (
      typeof url !== 'string' ||
      !parsed ||
      !/^https?:\/\/[^/?#\\]/i.test(url) ||
      !/^https?:$/.test(parsed.protocol) ||
      url.length > limits.maxUrlLength
    ) {
      // Emulator's choice of code.
      throw new ApiError(
        400,
        `InvalidParameter.${name}`,
        `Specified ${name} holds a malformed URL: ${JSON.stringify(url).slice(0, 100)}`
      )
    }
    const host = parsed.host.toLowerCase()
    if (!state.sites[siteId]?.includes(host)) {
      // Emulator's choice of code.
      throw new ApiError(400, 'HostNotInSite', `${host} is not a host of site ${siteId}.`)
    }
    return url
  }

  function openTask(task: Omit<EsaTask, 'taskId' | 'at'>): string {
    const taskId = String(state.nextTaskId++)
    const full: EsaTask = { ...task, taskId, at: now() }
    for (const key of Object.keys(full) as (keyof EsaTask)[]) {
      if (full[key] === undefined) delete full[key]
    }
    state.tasks.push(full)
    return taskId
  }

  function purge(params: Record<string, string>): Record<string, string> {
    const siteId = site(params)
    if (params.Type === undefined || params.Type === '') throw missingParameter('Type')
    const qt = quotaType(params.Type)
    if (!Object.hasOwn(CONTENT_KEY, qt)) {
      // A valid ESA type (cachetag, hostname, purgeall) the emulator does not carry out.
      throw new ApiError(
        400,
        'InvalidParameter.Type',
        `The emulator does not implement ${qt} purges.`
      )
    }
    const type = qt as EsaPurgeType
    const edgeComputePurge = booleanParam(params, 'EdgeComputePurge')
    const force = booleanParam(params, 'Force')
    const content = parseJson(params.Content, 'Content')
    const key = CONTENT_KEY[type]
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      throw new ApiError(400, 'InvalidParameter.Content', 'Specified Content is not a JSON object.')
    }
    const keys = Object.keys(content)
    if (keys.length !== 1 || keys[0] !== key) {
      throw new ApiError(
        400,
        'InvalidParameter.Content',
        `A ${type} purge takes Content {"${key}":[...]} only, not keys ${JSON.stringify(keys)}.`
      )
    }
    const list = (content as Record<string, unknown>)[key]
    if (!Array.isArray(list) || list.length === 0) {
      throw new ApiError(
        400,
        'InvalidParameter.Content',
        `Content.${key} must be a non-empty array.`
      )
    }
    const perRequest = limits[type]
    if (list.length > perRequest) {
      // Emulator's choice of code (DCDN's for the same limit).
      throw new ApiError(
        400,
        'SingleRequest.OverLimit',
        `A ${type} purge may carry at most ${perRequest} entries; this one has ${list.length}.`
      )
    }
    // Files items may also be objects {Url, Headers} (typed interface{} in the SDK; UNCONFIRMED).
    const urls = list.map(item =>
      checkUrl(
        type === 'file' && typeof item === 'object' && item !== null && 'Url' in item
          ? (item as { Url: unknown }).Url
          : item,
        siteId,
        'Content'
      )
    )
    const left = remaining(siteId, type)
    if (urls.length > left) {
      throw new ApiError(
        400,
        quotaCode,
        `The ${type} purge quota of site ${siteId} is exhausted (${left} left).`
      )
    }
    const use = usageOf(siteId)
    use.used[type] += urls.length
    use.used30Day[type] += urls.length
    return {
      TaskId: openTask({ action: 'PurgeCaches', siteId, type, urls, edgeComputePurge, force })
    }
  }

  function preload(params: Record<string, string>): Record<string, string> {
    const siteId = site(params)
    const content = parseJson(params.Content, 'Content')
    if (!Array.isArray(content) || content.length === 0) {
      throw new ApiError(
        400,
        'InvalidParameter.Content',
        'Specified Content is not a non-empty JSON array of URLs.'
      )
    }
    if (content.length > limits.preload) {
      // Emulator's choice of code.
      throw new ApiError(
        400,
        'SingleRequest.OverLimit',
        `A prefetch may carry at most ${limits.preload} URLs; this one has ${content.length}.`
      )
    }
    const urls = content.map(url => checkUrl(url, siteId, 'Content'))
    let headers: Record<string, string> | undefined
    if (params.Headers !== undefined) {
      const parsed = parseJson(params.Headers, 'Headers')
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        Array.isArray(parsed) ||
        Object.values(parsed).some(v => typeof v !== 'string')
      ) {
        throw new ApiError(
          400,
          'InvalidParameter.Headers',
          'Specified Headers is not a JSON object of strings.'
        )
      }
      headers = parsed as Record<string, string>
    }
    const left = preloadRemaining(siteId)
    if (urls.length > left) {
      throw new ApiError(
        400,
        preloadQuotaCode,
        `The prefetch quota of site ${siteId} is exhausted (${left} left).`
      )
    }
    usageOf(siteId).preloadUsed += urls.length
    return { TaskId: openTask({ action: 'PreloadCaches', siteId, urls, headers }) }
  }

  function getPurgeQuota(params: Record<string, string>): Record<string, string> {
    // The doc marks SiteId optional; quotas here are per site, so the emulator requires it.
    const siteId = site(params)
    const type = quotaType(params.Type ?? 'file')
    rollDay()
    const use = usageOf(siteId)
    return {
      Quota: String(quota[type].daily),
      Usage: String(use.used[type]),
      Quota30Day: String(quota[type].thirty),
      Usage30Day: String(use.used30Day[type])
    }
  }

  function describe(action: 'PurgeCaches' | 'PreloadCaches') {
    return (params: Record<string, string>): Record<string, unknown> => {
      const siteId = site(params)
      const pageNumber = Number(params.PageNumber ?? '1')
      const pageSize = Number(params.PageSize ?? '20')
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > 100_000) {
        throw new ApiError(400, 'InvalidParameter.PageNumber', 'PageNumber must be 1 to 100000.')
      }
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) {
        throw new ApiError(400, 'InvalidParameter.PageSize', 'PageSize must be 1 to 50.')
      }
      // StartTime / EndTime: UTC ISO-8601 (providers.md §4); a task counts by when it was opened.
      const bound = (name: string): number | undefined => {
        const raw = params[name]
        if (raw === undefined) return undefined
        const t = Date.parse(raw)
        if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(raw) || Number.isNaN(t)) {
          // Emulator's choice of code.
          throw new ApiError(
            400,
            `InvalidParameter.${name}`,
            `${name} must be yyyy-MM-ddTHH:mm:ssZ.`
          )
        }
        return t
      }
      const [start, end] = [bound('StartTime'), bound('EndTime')]
      const status = {
        pending: 'Refreshing',
        running: 'Refreshing',
        complete: 'Complete',
        failed: 'Failed'
      }
      // One entry per URL, newest task first; without taskProgress every task is Complete at once.
      const entries = state.tasks
        .filter(t => t.action === action && t.siteId === siteId)
        .filter(t => params.Type === undefined || t.type === params.Type)
        .filter(t => (start === undefined || t.at >= start) && (end === undefined || t.at <= end))
        .reverse()
        .flatMap(t => {
          const p = options.taskProgress
            ? progressAt(t, now(), options.taskProgress)
            : { phase: 'complete' as const, percent: 100, reason: undefined }
          return t.urls.map(url => ({
            TaskId: t.taskId,
            Content: url,
            ...(t.type === undefined ? {} : { Type: t.type }),
            Status: status[p.phase],
            Process: `${p.percent}%`,
            Description: p.reason ?? '',
            CreateTime: formatCreateTime(t.at, offsetMs)
          }))
        })
        .filter(e => params.Content === undefined || e.Content === params.Content)
        .filter(e => params.Status === undefined || e.Status === params.Status)
      return {
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalCount: entries.length,
        Tasks: entries.slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
      }
    }
  }

  const actions: Record<EsaAction, ActionHandler> = {
    PurgeCaches: purge,
    PreloadCaches: preload,
    GetPurgeQuota: getPurgeQuota,
    DescribePurgeTasks: describe('PurgeCaches'),
    DescribePreloadTasks: describe('PreloadCaches')
  }
  const gateway = await startAlibabaGateway({
    version: VERSION,
    product: 'ESA',
    recommendProduct: 'ESA',
    hostId: 'esa.cn-hangzhou.aliyuncs.com',
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
    preloadRemaining,
    inject: (action, ...faults) => gateway.inject(action, ...faults),
    close: () => gateway.close()
  }
}

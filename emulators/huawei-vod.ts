// A local stand-in for Huawei Cloud VOD CDN pre-loading (CreatePreheatingAsset,
// ShowPreheatingAsset) and the IAM project lookup, on one base URL, for tests, the README demo and
// end-to-end runs. It verifies every request's SDK-HMAC-SHA256 signature with Huawei's own signer
// (official-huawei-signer.ts), so the project's signer is checked by a second implementation, and
// it enforces VOD's documented limits on its own clock. Where Huawei's real answer is unknown
// (codes, wording), the one used here is the emulator's choice and says so.
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAfterAcceptFault, type AfterAcceptFault, type EmulatorFault } from './faults.js'
import { listenOnLoopback } from './loopback-server.js'
import {
  headerValue,
  playAfterAccept,
  playTransportFault,
  readRequest,
  recordedHeaders
} from './request-parts.js'
import { DEFAULT_QUOTA_ERROR_CODES } from '../src/providers/huawei/api.js'
import { officialHuaweiSign, UnrepresentableRequestError } from './official-huawei-signer.js'

export type VodRoute = 'ListProjects' | 'CreatePreheatingAsset' | 'ShowPreheatingAsset'

/** What the next request of a route gets instead of normal processing. */
export type VodFault = EmulatorFault

export interface EmulatorHuaweiCredential {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests with this AK must carry exactly this X-Security-Token. */
  securityToken?: string
}

/** The fixed AK/SK the emulator accepts unless told otherwise. Test-only values. */
export const EMULATOR_HUAWEI_CREDENTIALS: EmulatorHuaweiCredential = {
  accessKeyId: 'HWEMULATORTESTAKID0001',
  accessKeySecret: 'EmulatorHuaweiTestSecret0123456789abcdefgh'
}

/** The project of cn-north-4 unless told otherwise (32 hex digits, like real project IDs). */
export const EMULATOR_HUAWEI_PROJECT_ID = '0e5d1fa2b3c44d6e8f9a0b1c2d3e4f50'

export interface HuaweiVodEmulatorOptions {
  /** AK/SKs accepted, all of one tenant; default [EMULATOR_HUAWEI_CREDENTIALS]. */
  credentials?: EmulatorHuaweiCredential[]
  /** Region → project ID of the tenant; default { 'cn-north-4': EMULATOR_HUAWEI_PROJECT_ID }. */
  projects?: Record<string, string>
  /** Epoch ms; drives the X-Sdk-Date check, throttling, the day rollover and task progress. */
  now?: () => number
  /** Published assets → their playback URLs. When set, other asset IDs answer VOD.10062. */
  assets?: Record<string, readonly string[]>
  /** Pre-loads per tenant per day (each URL and each asset is one); default 1,000. */
  dailyLimit?: number
  /** Offset of the quota day from UTC in minutes; default +480 (China Standard Time). */
  utcOffsetMinutes?: number
  /** Code for the exhausted daily limit; UNCONFIRMED for VOD, default the client's first guess. */
  quotaErrorCode?: string
  /** VOD requests (pre-load and query) allowed per window; unlimited when absent. */
  rateLimit?: { requests: number; windowMs: number }
  /** When set, throttled answers carry `Retry-After: <n>` (whether Huawei sends it is UNCONFIRMED). */
  throttleRetryAfterSeconds?: number
  /** How long a task stays `processing`; default 4 minutes (VOD FAQ: 3–5 minutes). */
  preheatDurationMs?: number
  /** URLs whose pre-load ends `failed` instead of `succeed`. */
  failingUrls?: readonly string[]
  /** URLs whose pre-load never ends (stays `processing`), for wait-timeout tests. */
  stuckUrls?: readonly string[]
  /** Status spelling: the doc's lower case (default) or the older SDK enum's upper case. */
  statusCase?: 'lower' | 'upper'
}

export interface PreheatTask {
  taskId: string
  projectId: string
  /** The URLs pre-loaded: those sent, or the asset's playback URLs. */
  urls: string[]
  assetId?: string
  at: number
}

export interface RecordedRequest {
  route: VodRoute | 'unknown'
  method: string
  path: string
  query: Record<string, string | string[]>
  /** Headers with credentials redacted. */
  headers: Record<string, string>
  /** The parsed JSON body, or the raw text when it is not JSON; undefined without a body. */
  body: unknown
  status: number
  code?: string
  fault?: string
}

export interface HuaweiVodEmulatorState {
  /** Pre-loads counted on `day`. */
  used: number
  /** Quota day (days since the epoch in the configured offset) that `used` belongs to. */
  day: number
  tasks: PreheatTask[]
}

export interface HuaweiVodEmulator {
  /** Base URL of both VOD and IAM, e.g. http://127.0.0.1:43117 */
  url: string
  state: HuaweiVodEmulatorState
  requests: RecordedRequest[]
  /** Queues faults for the next requests of `route` ('*': any route), applied in order. */
  inject(route: VodRoute | '*', ...faults: VodFault[]): void
  /** Pre-loads left today. */
  remaining(): number
  close(): Promise<void>
}

const MAX_SKEW_MS = 15 * 60_000
const URLS_PER_REQUEST = 10
const AUTH_PATTERN =
  /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/
const DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const PREHEAT_PATH = /^\/v1\.0\/([^/]+)\/asset\/preheating$/
// Huawei's gateway prefixes every AK/SK failure with this (providers.md §5.4: APIGW.0301).
const IAM_AUTH = 'Incorrect IAM authentication information'

class ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string
  ) {}
}

const illegal = (field: string) =>
  new ApiError(400, 'VOD.10053', `The request parameter is illegal, illegal field: {${field}}.`)
const notFound = () =>
  new ApiError(400, 'VOD.10062', 'Media asset or resource does not exist, please check.')
const unauthorized = (detail: string) => new ApiError(401, 'APIGW.0301', `${IAM_AUTH}: ${detail}`)

const hex32 = (): string => randomBytes(16).toString('hex')

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  return recordedHeaders(headers, (name, value) =>
    name === 'authorization'
      ? value.replace(/Signature=\w+/, 'Signature=[REDACTED]')
      : name === 'x-security-token'
        ? '[REDACTED]'
        : undefined
  )
}

/** Query decoding as sent by RFC 3986 clients: `+` stays a plus; a repeated name gives an array. */
function decodeQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const part of raw.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    let name: string
    let value: string
    try {
      name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq))
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1))
    } catch {
      throw new ApiError(400, 'APIGW.0201', 'Request query is not correctly percent-encoded.')
    }
    const prior = out[name]
    out[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value]
  }
  return out
}

function routeOf(method: string, path: string): VodRoute | 'unknown' {
  if (path === '/v3/projects' && method === 'GET') return 'ListProjects'
  if (PREHEAT_PATH.test(path)) {
    if (method === 'POST') return 'CreatePreheatingAsset'
    if (method === 'GET') return 'ShowPreheatingAsset'
  }
  return 'unknown'
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export async function startHuaweiVodEmulator(
  options: HuaweiVodEmulatorOptions = {}
): Promise<HuaweiVodEmulator> {
  const now = options.now ?? Date.now
  const credentials = options.credentials ?? [EMULATOR_HUAWEI_CREDENTIALS]
  const projects = options.projects ?? { 'cn-north-4': EMULATOR_HUAWEI_PROJECT_ID }
  const dailyLimit = options.dailyLimit ?? 1000
  const quotaCode = options.quotaErrorCode ?? DEFAULT_QUOTA_ERROR_CODES[0] ?? 'VOD.10099'
  const duration = options.preheatDurationMs ?? 4 * 60_000
  const failing = new Set(options.failingUrls ?? [])
  const stuck = new Set(options.stuckUrls ?? [])
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000
  const dayOf = (t: number): number => Math.floor((t + offsetMs) / 86_400_000)

  const state: HuaweiVodEmulatorState = { used: 0, day: dayOf(now()), tasks: [] }
  const requests: RecordedRequest[] = []
  const faults = new Map<string, VodFault[]>()
  const recentVodCalls: number[] = []

  function rollDay(): void {
    const today = dayOf(now())
    if (today !== state.day) {
      state.day = today
      state.used = 0
    }
  }

  function remaining(): number {
    rollDay()
    return Math.max(0, dailyLimit - state.used)
  }

  function verify(
    req: IncomingMessage,
    route: VodRoute,
    path: string,
    query: Record<string, string | string[]>,
    body: Buffer
  ): void {
    const match = AUTH_PATTERN.exec(headerValue(req, 'authorization') ?? '')
    if (!match) throw unauthorized('the Authorization header is missing or not SDK-HMAC-SHA256.')
    const [, accessKeyId = '', signedList = '', signature = ''] = match
    const credential = credentials.find(c => c.accessKeyId === accessKeyId)
    // Emulator's wording; the real one is UNCONFIRMED beyond the APIGW.0301 prefix.
    if (!credential) throw unauthorized(`ak ${accessKeyId} not exist.`)

    const signedNames = signedList.split(';')
    const mustSign = ['host', 'x-sdk-date']
    if (body.length > 0) mustSign.push('content-type')
    if (route !== 'ListProjects') mustSign.push('x-project-id')
    if (headerValue(req, 'x-security-token') !== undefined) mustSign.push('x-security-token')
    const unsigned = mustSign.find(
      n => !signedNames.includes(n) || headerValue(req, n) === undefined
    )
    if (unsigned) throw unauthorized(`header ${unsigned} must be present and signed.`)

    const date = headerValue(req, 'x-sdk-date') ?? ''
    const d = DATE_PATTERN.exec(date)
    const at = d ? Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!) : NaN
    if (Number.isNaN(at) || Math.abs(at - now()) > MAX_SKEW_MS) {
      throw unauthorized(`X-Sdk-Date ${date} is more than 15 minutes away from the server time.`)
    }

    const token = headerValue(req, 'x-security-token')
    if (credential.securityToken !== token) {
      throw unauthorized('the security token is missing, expired or not issued for this ak.')
    }

    const contentHash = headerValue(req, 'x-sdk-content-sha256')
    if (
      contentHash !== undefined &&
      contentHash !== 'UNSIGNED-PAYLOAD' &&
      contentHash !== createHash('sha256').update(body).digest('hex')
    ) {
      throw unauthorized(
        'verify aksk signature fail: X-Sdk-Content-Sha256 does not match the body.'
      )
    }

    const signedHeaders: Record<string, string> = {}
    for (const name of signedNames) signedHeaders[name] = headerValue(req, name) ?? ''
    let expected: string
    try {
      expected = officialHuaweiSign({
        method: req.method ?? 'GET',
        path,
        query,
        headers: signedHeaders,
        body,
        accessKeyId,
        secretAccessKey: credential.accessKeySecret
      }).signature
    } catch (err) {
      if (!(err instanceof UnrepresentableRequestError)) throw err
      throw new ApiError(400, 'APIGW.0201', `Emulator limitation: ${err.message}`)
    }
    if (expected !== signature) throw unauthorized('verify aksk signature fail.')
  }

  /** The tenant's project in the path, matching X-Project-Id (emulator's choice of answers). */
  function projectOf(req: IncomingMessage, path: string): string {
    const projectId = PREHEAT_PATH.exec(path)?.[1] ?? ''
    if (headerValue(req, 'x-project-id') !== projectId) {
      throw unauthorized(`X-Project-Id does not match the project ${projectId} in the URL.`)
    }
    if (!Object.values(projects).includes(projectId)) {
      throw unauthorized(`project ${projectId} does not exist or does not belong to this account.`)
    }
    return projectId
  }

  function throttle(): void {
    const limit = options.rateLimit
    if (!limit) return
    const t = now()
    while (recentVodCalls.length > 0 && t - (recentVodCalls[0] ?? t) >= limit.windowMs) {
      recentVodCalls.shift()
    }
    if (recentVodCalls.length >= limit.requests) {
      const unit =
        limit.windowMs % 60_000 === 0
          ? `${limit.windowMs / 60_000} minute`
          : `${limit.windowMs / 1000} second`
      throw new ApiError(
        429,
        'APIGW.0308',
        `The throttling threshold has been reached: policy user over ratelimit, limit:${limit.requests}, time:${unit}`
      )
    }
    recentVodCalls.push(t)
  }

  function listProjects(query: Record<string, string | string[]>): unknown {
    const name = query.name
    const listed = Object.entries(projects).filter(
      ([region]) => name === undefined || region === name
    )
    return {
      projects: listed.map(([region, id]) => ({
        id,
        name: region,
        domain_id: 'd0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5',
        parent_id: 'd0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5',
        is_domain: false,
        enabled: true,
        description: ''
      })),
      links: { self: '/v3/projects', next: null, previous: null }
    }
  }

  function createPreheat(projectId: string, req: IncomingMessage, raw: Buffer): unknown {
    if (!(headerValue(req, 'content-type') ?? '').startsWith('application/json')) {
      throw illegal('Content-Type')
    }
    const body = parseJson(raw.toString('utf8'))
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw illegal('body')
    const { urls, asset_id: assetId } = body as { urls?: unknown; asset_id?: unknown }
    if ((urls === undefined) === (assetId === undefined)) throw illegal('urls or asset_id')
    let accepted: { urls: string[]; assetId?: string }
    if (urls !== undefined) {
      const valid =
        Array.isArray(urls) &&
        urls.length > 0 &&
        urls.length <= URLS_PER_REQUEST &&
        urls.every(u => typeof u === 'string' && /^https?:\/\/[^/?#\s]+/i.test(u))
      if (!valid) throw illegal('urls')
      accepted = { urls: urls as string[] }
    } else {
      if (typeof assetId !== 'string' || assetId === '') throw illegal('asset_id')
      const known = options.assets?.[assetId]
      if (options.assets && !known) throw notFound()
      // Without a configured asset list, any ID is published with one synthetic playback URL.
      accepted = {
        assetId,
        urls: known ? [...known] : [`https://vod.emulator.invalid/asset/${assetId}/play.m3u8`]
      }
    }
    const count = accepted.assetId === undefined ? accepted.urls.length : 1
    if (count > remaining()) {
      // Emulator's wording; the real code and message are UNCONFIRMED (see api.ts).
      throw new ApiError(
        400,
        quotaCode,
        `The number of pre-loaded media assets exceeds the daily limit of ${dailyLimit} (${remaining()} left today).`
      )
    }
    state.used += count
    const taskId = hex32()
    state.tasks.push({ taskId, projectId, ...accepted, at: now() })
    return { task_id: taskId }
  }

  function showPreheat(projectId: string, query: Record<string, string | string[]>): unknown {
    const taskId = query.task_id
    if (typeof taskId !== 'string' || taskId === '') throw illegal('task_id')
    const task = state.tasks.find(t => t.taskId === taskId && t.projectId === projectId)
    if (!task) throw notFound()
    const done = now() - task.at >= duration
    return {
      preheating_results: task.urls.map(url => {
        const status =
          !done || stuck.has(url) ? 'processing' : failing.has(url) ? 'failed' : 'succeed'
        return { url, status: options.statusCase === 'upper' ? status.toUpperCase() : status }
      })
    }
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {}
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json;charset=UTF-8',
      'x-request-id': hex32(),
      ...headers
    })
    res.end(body)
  }

  function applyFault(
    fault: Exclude<VodFault, AfterAcceptFault>,
    route: VodRoute,
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): void {
    const okStatus = route === 'CreatePreheatingAsset' ? 202 : 200
    if (playTransportFault(fault, req, res, record, okStatus, { 'x-request-id': hex32() })) return
    if (fault === 'wrong-shape') {
      record.fault = 'wrong-shape'
      record.status = okStatus
      send(res, okStatus, JSON.stringify({ unexpected: true }))
      return
    }
    record.fault = `status ${fault.status}`
    record.status = fault.status
    record.code = fault.code
    const body =
      fault.body ??
      JSON.stringify({
        ...(fault.code === undefined ? {} : { error_code: fault.code }),
        ...(fault.message === undefined ? {} : { error_msg: fault.message })
      })
    send(res, fault.status, body, fault.headers)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, path: rawPath, query: rawQuery } = await readRequest(req)
    const method = req.method ?? ''
    const route = routeOf(method, rawPath)
    const record: RecordedRequest = {
      route,
      method,
      path: rawPath,
      query: {},
      headers: redact(req.headers),
      body: body.length > 0 ? parseJson(body.toString('utf8')) : undefined,
      status: 0
    }
    requests.push(record)

    const fault =
      route === 'unknown' ? undefined : (faults.get(route)?.shift() ?? faults.get('*')?.shift())
    if (fault !== undefined && route !== 'unknown' && !isAfterAcceptFault(fault)) {
      applyFault(fault, route, req, res, record)
      return
    }
    // Processed as usual, then its answer is lost or spoiled.
    const afterAccept = fault !== undefined && isAfterAcceptFault(fault) ? fault : undefined

    try {
      if (route === 'unknown') {
        throw new ApiError(
          404,
          'APIGW.0101',
          'The API does not exist or has not been published in the environment.'
        )
      }
      const query = decodeQuery(rawQuery)
      record.query = query
      let path: string
      try {
        path = rawPath.split('/').map(decodeURIComponent).join('/')
      } catch {
        throw new ApiError(400, 'APIGW.0201', 'Request path is not correctly percent-encoded.')
      }
      verify(req, route, path, query, body)
      let result: unknown
      let status = 200
      if (route === 'ListProjects') {
        result = listProjects(query)
      } else {
        const projectId = projectOf(req, path)
        throttle()
        if (route === 'CreatePreheatingAsset') {
          result = createPreheat(projectId, req, body)
          status = 202
        } else {
          result = showPreheat(projectId, query)
        }
      }
      record.status = status
      if (afterAccept !== undefined) {
        const headers = { 'x-request-id': hex32() }
        playAfterAccept(afterAccept, req, res, record, status, JSON.stringify(result), headers)
        return
      }
      send(res, status, JSON.stringify(result))
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError(500, 'VOD.10051', 'Internal system error.')
      record.status = e.status
      record.code = e.code
      const headers: Record<string, string> = {}
      if (e.code === 'APIGW.0308' && options.throttleRetryAfterSeconds !== undefined) {
        headers['retry-after'] = String(options.throttleRetryAfterSeconds)
      }
      const requestId = hex32()
      send(
        res,
        e.status,
        JSON.stringify({
          error_code: e.code,
          error_msg: e.message,
          ...(e.code.startsWith('APIGW.') ? { request_id: requestId } : {})
        }),
        { ...headers, 'x-request-id': requestId }
      )
    }
  }

  const server = await listenOnLoopback(handle)
  return {
    url: server.url,
    state,
    requests,
    remaining,
    inject(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list])
    },
    close: () => server.close()
  }
}

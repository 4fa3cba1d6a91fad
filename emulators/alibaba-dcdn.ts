// A local stand-in for the Alibaba Cloud DCDN API (RefreshDcdnObjectCaches, PreloadDcdnObjectCaches,
// DescribeDcdnRefreshQuota) for tests, the README demo and end-to-end runs of the bundled action.
// It checks every request's ACS3 signature with the official @alicloud/openapi-util helpers, so the
// project's own signer is verified by a second implementation, and it enforces DCDN's documented
// limits and quotas on its own clock. Where DCDN's real error code is unknown, the code used here is
// the emulator's choice and says so.
import { createHash, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorFault } from './faults.js'
import { listenOnLoopback } from './loopback-server.js'
import { officialAlibabaUtil as openApiUtil } from './official-alibaba-util.js'

export type DcdnAction =
  'RefreshDcdnObjectCaches' | 'PreloadDcdnObjectCaches' | 'DescribeDcdnRefreshQuota'

/** What the next request of a route gets instead of normal processing. */
export type DcdnFault = EmulatorFault

export interface EmulatorCredential {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests with this AccessKey must carry exactly this STS token. */
  securityToken?: string
}

/** The fixed AccessKey the emulator accepts unless told otherwise. Test-only values. */
export const EMULATOR_CREDENTIALS: EmulatorCredential = {
  accessKeyId: 'LTAI5tEmulatorTestKeyId',
  accessKeySecret: 'EmulatorTestSecret0123456789abcd'
}

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
}

export interface AcceptedTask {
  action: 'RefreshDcdnObjectCaches' | 'PreloadDcdnObjectCaches'
  taskId: string
  /** The task's host; the emulator opens one task per host of a request. */
  host: string
  urls: string[]
  area?: string
  at: number
}

export interface RecordedRequest {
  action: string
  method: string
  path: string
  /** Headers with credentials redacted. */
  headers: Record<string, string>
  query: Record<string, string>
  body: Record<string, string>
  /** Where the business parameters were found. */
  paramsIn: 'query' | 'body' | 'both' | 'none'
  status: number
  code?: string
  fault?: string
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
const HOST_ID = 'dcdn.aliyuncs.com'
const MAX_SKEW_MS = 15 * 60_000
const REFRESH_PER_REQUEST = 1000
const PRELOAD_PER_REQUEST = 100
const HOSTS_PER_REQUEST = 10
const MAX_URL_LENGTH = 1024

class ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string
  ) {}
}

/** Query-string and form decoding as a server does it: `+` is a space, then percent-decoding. */
function decodeParams(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of raw.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : part.slice(eq + 1)
    try {
      out[decodeURIComponent(name.replace(/\+/g, ' '))] = decodeURIComponent(
        value.replace(/\+/g, ' ')
      )
    } catch {
      throw new ApiError(
        400,
        'InvalidParameter',
        `The parameter "${name}" is not correctly percent-encoded.`
      )
    }
  }
  return out
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined) continue
    const value = Array.isArray(v) ? v.join(', ') : v
    if (name === 'authorization')
      out[name] = value.replace(/Signature=[0-9a-fA-F]+/, 'Signature=[REDACTED]')
    else if (name === 'x-acs-security-token') out[name] = '[REDACTED]'
    else out[name] = value
  }
  return out
}

const AUTH_PATTERN =
  /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const REQUIRED_SIGNED = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version'
]

export async function startDcdnEmulator(options: DcdnEmulatorOptions = {}): Promise<DcdnEmulator> {
  const now = options.now ?? Date.now
  const credentials = options.credentials ?? [EMULATOR_CREDENTIALS]
  const perMinute = options.urlsPerHostPerMinute ?? 1000
  const paramsInBody = options.paramsInBody ?? true
  const preloadQuotaCode = options.preloadQuotaErrorCode ?? 'QuotaExceeded.Preload'
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000
  const listenHost = options.listenHost ?? '127.0.0.1'
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
  const requests: RecordedRequest[] = []
  const faults = new Map<string, DcdnFault[]>()
  const nonces = new Map<string, number>()
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

  function verify(req: IncomingMessage, body: Buffer, query: Record<string, string>): void {
    const auth = headerValue(req, 'authorization')
    const match = auth ? AUTH_PATTERN.exec(auth) : null
    if (!match) {
      throw new ApiError(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards.'
      )
    }
    const [, accessKeyId = '', signedList = '', signatureHex = ''] = match
    const credential = credentials.find(c => c.accessKeyId === accessKeyId)
    if (!credential)
      throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')

    const signedNames = signedList.split(';')
    const mustSign = [...REQUIRED_SIGNED]
    if (body.length > 0) mustSign.push('content-type')
    for (const name of Object.keys(req.headers)) {
      if (name.startsWith('x-acs-') && !mustSign.includes(name)) mustSign.push(name)
    }
    const unsigned = mustSign.find(
      name => !signedNames.includes(name) || headerValue(req, name) === undefined
    )
    if (unsigned)
      throw new ApiError(
        400,
        'IncompleteSignature',
        `The header "${unsigned}" must be present and signed.`
      )

    if (credential.securityToken !== undefined) {
      const token = headerValue(req, 'x-acs-security-token')
      if (token === undefined)
        throw new ApiError(400, 'InvalidSecurityToken.Malformed', 'The security token is missing.')
      if (
        token !== credential.securityToken ||
        headerValue(req, 'x-acs-accesskey-id') !== accessKeyId
      ) {
        throw new ApiError(
          400,
          'InvalidSecurityToken.MismatchWithAccessKey',
          'The security token does not match the access key.'
        )
      }
    }

    const date = headerValue(req, 'x-acs-date') ?? ''
    if (!DATE_PATTERN.test(date))
      throw new ApiError(
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.'
      )
    if (Math.abs(Date.parse(date) - now()) > MAX_SKEW_MS) {
      throw new ApiError(
        400,
        'InvalidTimeStamp.Expired',
        'Specified time stamp or date value is expired.'
      )
    }

    const payloadHash = headerValue(req, 'x-acs-content-sha256') ?? ''
    if (payloadHash !== createHash('sha256').update(body).digest('hex')) {
      // Emulator's choice of code: DCDN's answer to a body that does not match its hash is unknown.
      throw new ApiError(
        400,
        'InvalidParameter.ContentSha256',
        'x-acs-content-sha256 does not match the request body.'
      )
    }

    const signedHeaders: Record<string, string> = {}
    for (const name of signedNames) signedHeaders[name] = headerValue(req, name) ?? ''
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const expected = openApiUtil.getAuthorization(
      { method: req.method ?? 'POST', pathname: path, query, headers: signedHeaders },
      'ACS3-HMAC-SHA256',
      payloadHash,
      accessKeyId,
      credential.accessKeySecret
    )
    if (
      expected !==
      `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signedList},Signature=${signatureHex}`
    ) {
      throw new ApiError(
        400,
        'SignatureDoesNotMatch',
        'Specified signature does not match our calculation.'
      )
    }

    // Checked after the signature so a forged request cannot burn nonces.
    const nonce = headerValue(req, 'x-acs-signature-nonce') ?? ''
    for (const [seen, at] of nonces) if (now() - at > 2 * MAX_SKEW_MS) nonces.delete(seen)
    if (nonces.has(nonce))
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    nonces.set(nonce, now())

    if (headerValue(req, 'x-acs-version') !== VERSION) {
      throw new ApiError(
        400,
        'InvalidVersion',
        `Specified parameter Version is not valid; DCDN is ${VERSION}.`
      )
    }
  }

  function objectPaths(params: Record<string, string>): string[] {
    const raw = params.ObjectPath
    const paths = (raw ?? '').split(/\r?\n/).filter(p => p !== '')
    if (paths.length === 0) {
      throw new ApiError(
        400,
        'MissingParameter',
        'The input parameter "ObjectPath" that is mandatory for processing this request is not supplied.'
      )
    }
    return paths
  }

  /** Groups valid URLs by lower-case host; rejects the request on the first bad one. */
  function byHost(urls: string[], perRequest: number): Map<string, string[]> {
    if (urls.length > perRequest) {
      throw new ApiError(
        400,
        'SingleRequest.OverLimit',
        `A single request may carry at most ${perRequest} URLs; this one has ${urls.length}.`
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
    action: AcceptedTask['action'],
    hosts: Map<string, string[]>,
    area: string | undefined
  ): string {
    const ids: string[] = []
    for (const [host, urls] of hosts) {
      const taskId = String(state.nextTaskId++)
      ids.push(taskId)
      state.tasks.push({ action, taskId, host, urls, area, at: now() })
    }
    return ids.join(',')
  }

  function refresh(params: Record<string, string>): Record<string, string> {
    const type = params.ObjectType ?? 'File'
    if (type !== 'File') {
      // The emulator implements file refresh only; DCDN also takes Directory, Regex, IgnoreParams.
      throw new ApiError(
        400,
        'InvalidObjectType.Malformed',
        `The emulator supports ObjectType File only, not ${type}.`
      )
    }
    const hosts = byHost(objectPaths(params), REFRESH_PER_REQUEST)
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
    const count = [...hosts.values()].reduce((sum, urls) => sum + urls.length, 0)
    rollDay()
    if (count > remaining('Url')) {
      throw new ApiError(
        400,
        'QuotaExceeded.Refresh',
        `The daily refresh quota is exhausted (${remaining('Url')} URLs left).`
      )
    }
    state.used.Url += count
    for (const [host, urls] of hosts) refreshLog.push({ at: t, host, count: urls.length })
    return { RefreshTaskId: openTasks('RefreshDcdnObjectCaches', hosts, undefined) }
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
    return { PreloadTaskId: openTasks('PreloadDcdnObjectCaches', hosts, area) }
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

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {}
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': headers['x-acs-request-id'] ?? randomUUID().toUpperCase(),
      ...headers
    })
    res.end(body)
  }

  function errorBody(
    requestId: string,
    code: string | undefined,
    message: string | undefined
  ): string {
    return JSON.stringify({
      RequestId: requestId,
      HostId: HOST_ID,
      ...(code === undefined ? {} : { Code: code }),
      ...(message === undefined ? {} : { Message: message }),
      ...(code === undefined
        ? {}
        : { Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Dcdn` })
    })
  }

  function applyFault(
    fault: DcdnFault,
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): void {
    const requestId = randomUUID().toUpperCase()
    if (fault === 'timeout') {
      record.fault = 'timeout'
      return // the socket is left open; close() destroys it
    }
    if (fault === 'reset') {
      record.fault = 'reset'
      req.socket.destroy()
      return
    }
    if (fault === 'malformed') {
      record.fault = 'malformed'
      record.status = 200
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><body>502 Bad Gateway</body></html>')
      return
    }
    if (fault === 'wrong-shape') {
      record.fault = 'wrong-shape'
      record.status = 200
      send(res, 200, JSON.stringify({ RequestId: requestId, Unexpected: true }))
      return
    }
    record.fault = `status ${fault.status}`
    record.status = fault.status
    record.code = fault.code
    const body = fault.body ?? errorBody(requestId, fault.code, fault.message)
    send(res, fault.status, body, { 'x-acs-request-id': requestId, ...fault.headers })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const action = headerValue(req, 'x-acs-action') ?? ''
    const record: RecordedRequest = {
      action,
      method: req.method ?? '',
      path: q < 0 ? rawUrl : rawUrl.slice(0, q),
      headers: redact(req.headers),
      query: {},
      body: {},
      paramsIn: 'none',
      status: 0
    }
    requests.push(record)

    const fault = faults.get(action)?.shift() ?? faults.get('*')?.shift()
    if (fault !== undefined) {
      applyFault(fault, req, res, record)
      return
    }

    const requestId = randomUUID().toUpperCase()
    try {
      const query = decodeParams(q < 0 ? '' : rawUrl.slice(q + 1))
      record.query = query
      const isForm = (headerValue(req, 'content-type') ?? '').startsWith(
        'application/x-www-form-urlencoded'
      )
      const form = isForm ? decodeParams(body.toString('utf8')) : {}
      record.body = form
      verify(req, body, query)
      // A gateway that only reads the query string never sees form parameters.
      const fromBody = paramsInBody ? form : {}
      const hasQuery = Object.keys(query).length > 0
      const hasBody = Object.keys(fromBody).length > 0
      record.paramsIn =
        hasQuery && hasBody ? 'both' : hasQuery ? 'query' : hasBody ? 'body' : 'none'
      const params = { ...query, ...fromBody }
      let result: Record<string, string>
      if (action === 'RefreshDcdnObjectCaches') result = refresh(params)
      else if (action === 'PreloadDcdnObjectCaches') result = preload(params)
      else if (action === 'DescribeDcdnRefreshQuota') result = describeQuota()
      else
        throw new ApiError(404, 'InvalidAction.NotFound', `Specified api "${action}" is not found.`)
      record.status = 200
      send(res, 200, JSON.stringify({ RequestId: requestId, ...result }), {
        'x-acs-request-id': requestId
      })
    } catch (err) {
      const e =
        err instanceof ApiError
          ? err
          : new ApiError(500, 'InternalError', 'The emulator failed to process the request.')
      record.status = e.status
      record.code = e.code
      send(res, e.status, errorBody(requestId, e.code, e.message), {
        'x-acs-request-id': requestId
      })
    }
  }

  // Long query strings (the SDK-style fallback carries up to 1,000 URLs) need a large header limit.
  const server = await listenOnLoopback(handle, {
    host: listenHost,
    maxHeaderSize: 8 * 1024 * 1024
  })
  return {
    url: server.url,
    state,
    requests,
    remaining,
    inject(action, ...list) {
      faults.set(action, [...(faults.get(action) ?? []), ...list])
    },
    close: () => server.close()
  }
}

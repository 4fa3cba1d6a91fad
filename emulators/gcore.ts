// A local stand-in for the Gcore CDN API (providers.md §6): purge by URL, by pattern and purge-all,
// prefetch, and the account limits, for tests, demos and end-to-end runs. It checks the API key,
// validates bodies as Gcore documents them and enforces the per-request counts and the per-minute
// limits of each CDN resource on its own clock. Gcore's validation texts are Django REST
// framework's defaults ("This field is required."), so where Gcore's exact answer is not documented
// the emulator answers with DRF's default for that case, or its own wording, and says so.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAfterAcceptFault, type AfterAcceptFault, type EmulatorFault } from './faults.js'
import { listenOnLoopback } from './loopback-server.js'
import { progressAt, type TaskProgressOptions } from './task-progress.js'
import {
  headerValue,
  playAfterAccept,
  playTransportFault,
  readRequest,
  recordedHeaders
} from './request-parts.js'

export type GcoreRoute = 'purge' | 'prefetch' | 'limits' | 'resource' | 'purge-statuses'

/** What the next request of a route gets instead of normal processing. */
export type GcoreFault = EmulatorFault

/** The key the emulator accepts unless told otherwise. A test value, shaped like a real token. */
export const EMULATOR_GCORE_API_KEY = '29841$emulatorTestKey0123456789abcdef'
/** The CDN resource the emulator knows unless told otherwise. */
export const EMULATOR_GCORE_RESOURCE_ID = 123456

export type GcorePurgeType = 'purge_by_url' | 'purge_by_pattern' | 'purge_all'
export type GcoreRequestType = GcorePurgeType | 'prefetch'

export interface GcoreEmulatorOptions {
  /** Keys accepted, all of one account; default [EMULATOR_GCORE_API_KEY]. */
  apiKeys?: readonly string[]
  /** The account's CDN resources; others answer 404. Default {123456: cdn.example.com}. */
  resources?: Record<number, { cname: string }>
  /** Epoch ms; drives the per-minute windows and the times recorded. */
  now?: () => number
  /** Items per request; default 100 URLs, 10 patterns, 100 prefetch paths. */
  perRequest?: { purgeUrls?: number; purgePatterns?: number; prefetchPaths?: number }
  /** Accepted requests per resource per rolling minute; default 2 by URL, 1 for the others. */
  perMinute?: Partial<Record<GcoreRequestType, number>>
  /** Whether 429s carry `Retry-After: <seconds until a slot frees>`; default true. */
  retryAfterHeader?: boolean
  /**
   * GET /cdn/clients/me/limits: 'absent' answers 404; an object's fields replace the defaults
   * (which mirror perRequest and perMinute, rates written `<n>/m`); an undefined value drops one.
   */
  limits?: 'absent' | Record<string, unknown>
  /** Status of an accepted purge or prefetch; default 201 (UNCONFIRMED, the SDKs read no body). */
  successStatus?: number
  /** How purges progress in GET /cdn/purge_statuses (task-progress.ts; default: done in a minute). */
  taskProgress?: TaskProgressOptions
  /** Answer purge_statuses with "Status report disabled" for every purge. */
  statusReportDisabled?: boolean
}

/** An accepted purge or prefetch, for assertions. */
export interface GcoreAcceptedRequest {
  at: number
  resourceId: number
  cname: string
  type: GcoreRequestType
  /** URLs, patterns or paths as sent; empty for purge_all. */
  items: string[]
}

export interface GcoreEmulatorState {
  accepted: GcoreAcceptedRequest[]
}

export interface GcoreRecordedRequest {
  route: GcoreRoute | 'unknown'
  method: string
  path: string
  /** Headers with the API key redacted (the scheme word stays, e.g. `APIKey [REDACTED]`). */
  headers: Record<string, string>
  /** The parsed JSON body, or the raw text when it is not JSON; undefined without a body. */
  body: unknown
  status: number
  resourceId?: number
  fault?: string
}

export interface GcoreEmulator {
  /** Base URL, e.g. http://127.0.0.1:43117 */
  url: string
  state: GcoreEmulatorState
  requests: GcoreRecordedRequest[]
  /** Queues faults for the next requests of `route` ('*': any route), applied in order. */
  inject(route: GcoreRoute | '*', ...faults: GcoreFault[]): void
  close(): Promise<void>
}

const WINDOW_MS = 60_000
const RESOURCE_PATH = /^\/cdn\/resources\/(\d+)\/(purge|prefetch)$/
const LIMITS_PATH = '/cdn/clients/me/limits'
// Gcore documents the keyword as case-insensitive, followed by a single space.
const AUTH_PATTERN = /^apikey (\S+)$/i

/** An error answer: `body` is sent as JSON. */
class ApiError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {}
  ) {}
}

const fieldErrors = (errors: Record<string, unknown>) => new ApiError(400, { errors })
// DRF's default texts.
const REQUIRED = 'This field is required.'
const BLANK = 'This field may not be blank.'
const EMPTY_LIST = 'This list may not be empty.'
const NOT_STRING = 'Not a valid string.'

function typeName(value: unknown): string {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'object') return 'dict'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (typeof value === 'boolean') return 'bool'
  return 'str'
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  // The scheme word stays (`APIKey [REDACTED]`); a value without one is redacted whole.
  return recordedHeaders(headers, (name, value) =>
    name !== 'authorization'
      ? undefined
      : /^\S+ /.test(value)
        ? value.replace(/^(\S+) .*$/s, '$1 [REDACTED]')
        : '[REDACTED]'
  )
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

interface Route {
  route: GcoreRoute
  method: 'GET' | 'POST'
  resourceId?: number
}

function routeOf(path: string): Route | undefined {
  if (path === LIMITS_PATH) return { route: 'limits', method: 'GET' }
  if (path === '/cdn/purge_statuses') return { route: 'purge-statuses', method: 'GET' }
  const resource = /^\/cdn\/resources\/(\d+)$/.exec(path)
  if (resource) return { route: 'resource', method: 'GET', resourceId: Number(resource[1]) }
  const m = RESOURCE_PATH.exec(path)
  if (!m) return undefined
  return { route: m[2] as 'purge' | 'prefetch', method: 'POST', resourceId: Number(m[1]) }
}

/**
 * The list in `body[field]` as strings, or the field errors DRF would give: the list's own type and
 * emptiness, then each item (keyed by index), then `itemError` for items that are strings.
 */
function stringList(
  body: Record<string, unknown>,
  field: string,
  allowEmpty: boolean,
  max: number,
  itemError: (item: string) => string | undefined
): string[] {
  const value = body[field]
  if (!Array.isArray(value)) {
    throw fieldErrors({ [field]: [`Expected a list of items but got type "${typeName(value)}".`] })
  }
  if (value.length === 0 && !allowEmpty) throw fieldErrors({ [field]: [EMPTY_LIST] })
  const itemErrors: Record<string, string[]> = {}
  value.forEach((item: unknown, i) => {
    const error =
      typeof item !== 'string' ? NOT_STRING : item.trim() === '' ? BLANK : itemError(item)
    if (error !== undefined) itemErrors[String(i)] = [error]
  })
  if (Object.keys(itemErrors).length > 0) throw fieldErrors({ [field]: itemErrors })
  if (value.length > max) {
    throw fieldErrors({ [field]: [`Ensure this field has no more than ${max} elements.`] })
  }
  return value as string[]
}

// Emulator's wording for the documented rules (paths without a domain; `*` only at the end). A
// path starting "//" is left alone: it is also what a URL with an empty first segment gives.
function urlItemError(item: string): string | undefined {
  return item.startsWith('/') ? undefined : 'Enter a path without a domain, starting with "/".'
}
function patternItemError(item: string): string | undefined {
  const star = item.indexOf('*')
  if (star >= 0 && star !== item.length - 1) return '"*" is allowed only at the end of a pattern.'
  return urlItemError(item)
}

export async function startGcoreEmulator(
  options: GcoreEmulatorOptions = {}
): Promise<GcoreEmulator> {
  const now = options.now ?? Date.now
  const apiKeys = new Set(options.apiKeys ?? [EMULATOR_GCORE_API_KEY])
  const resources = options.resources ?? {
    [EMULATOR_GCORE_RESOURCE_ID]: { cname: 'cdn.example.com' }
  }
  const perRequest = {
    purgeUrls: options.perRequest?.purgeUrls ?? 100,
    purgePatterns: options.perRequest?.purgePatterns ?? 10,
    prefetchPaths: options.perRequest?.prefetchPaths ?? 100
  }
  const perMinute: Record<GcoreRequestType, number> = {
    purge_by_url: 2,
    purge_by_pattern: 1,
    purge_all: 1,
    prefetch: 1,
    ...options.perMinute
  }
  const successStatus = options.successStatus ?? 201

  const state: GcoreEmulatorState = { accepted: [] }
  const requests: GcoreRecordedRequest[] = []
  const faults = new Map<string, GcoreFault[]>()
  // Accepted request times per `${resourceId}:${type}`, oldest first.
  const windows = new Map<string, number[]>()

  function limitsBody(): unknown {
    return {
      id: 1,
      resources_limit: 30,
      rules_limit: 50,
      origins_in_group_limit: 10,
      secondary_hostnames_limit: 10,
      purge_max_urls_limit: perRequest.purgeUrls,
      purge_pattern_limit: perRequest.purgePatterns,
      prefetch_pattern_limit: perRequest.prefetchPaths,
      // UNCONFIRMED format (providers.md §6.5); DRF's throttle-rate notation.
      purge_by_urls_request_limit: `${perMinute.purge_by_url}/m`,
      purge_request_limit: `${perMinute.purge_by_pattern}/m`,
      prefetch_request_limit: `${perMinute.prefetch}/m`,
      ...(options.limits === 'absent' ? {} : options.limits)
    }
  }

  function authenticate(req: IncomingMessage): void {
    const header = headerValue(req, 'authorization')
    // DRF's default texts for a missing and a refused credential.
    if (header === undefined) {
      throw new ApiError(401, { detail: 'Authentication credentials were not provided.' })
    }
    const key = AUTH_PATTERN.exec(header)?.[1]
    if (key === undefined || !apiKeys.has(key)) {
      throw new ApiError(401, { detail: 'Invalid token.' })
    }
  }

  /** Counts an accepted request against its window, or throws 429 (DRF's text and header). */
  function throttle(resourceId: number, type: GcoreRequestType): void {
    const key = `${resourceId}:${type}`
    const t = now()
    const times = (windows.get(key) ?? []).filter(at => t - at < WINDOW_MS)
    windows.set(key, times)
    if (times.length >= perMinute[type]) {
      // Only accepted requests are added, never beyond the limit: the oldest frees the next slot.
      const frees = (times[0] ?? t) + WINDOW_MS
      const seconds = Math.max(1, Math.ceil((frees - t) / 1000))
      throw new ApiError(
        429,
        { detail: `Request was throttled. Expected available in ${seconds} seconds.` },
        options.retryAfterHeader === false ? {} : { 'retry-after': String(seconds) }
      )
    }
    times.push(t)
  }

  function readBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const contentType = headerValue(req, 'content-type') ?? ''
    if (!/^application\/json\b/i.test(contentType)) {
      throw new ApiError(415, { detail: `Unsupported media type "${contentType}" in request.` })
    }
    let body: unknown
    try {
      body = JSON.parse(raw.toString('utf8'))
    } catch (err) {
      // The documented JSONParseError shape; the detail after the dash is Python's, not ours.
      throw new ApiError(400, { message: `JSON parse error - ${(err as Error).message}` })
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw fieldErrors({
        non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(body)}.`]
      })
    }
    return body as Record<string, unknown>
  }

  function purge(body: Record<string, unknown>): { type: GcorePurgeType; items: string[] } {
    const hasUrls = 'urls' in body
    const hasPaths = 'paths' in body
    // The documented answer to a body with neither.
    if (!hasUrls && !hasPaths) throw fieldErrors({ paths: [REQUIRED] })
    if (hasUrls && hasPaths) {
      throw fieldErrors({ non_field_errors: ['Specify either "urls" or "paths", not both.'] })
    }
    if (hasUrls) {
      const items = stringList(body, 'urls', false, perRequest.purgeUrls, urlItemError)
      return { type: 'purge_by_url', items }
    }
    const items = stringList(body, 'paths', true, perRequest.purgePatterns, patternItemError)
    return { type: items.length === 0 ? 'purge_all' : 'purge_by_pattern', items }
  }

  function prefetch(body: Record<string, unknown>): string[] {
    if (!('paths' in body)) throw fieldErrors({ paths: [REQUIRED] })
    // The documented example sends "test1.jpg": a leading "/" is optional here.
    return stringList(body, 'paths', false, perRequest.prefetchPaths, () => undefined)
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {}
  ): void {
    res.writeHead(status, {
      ...(body === '' ? {} : { 'content-type': 'application/json' }),
      ...headers
    })
    res.end(body)
  }

  function applyFault(
    fault: Exclude<GcoreFault, AfterAcceptFault>,
    route: GcoreRoute,
    req: IncomingMessage,
    res: ServerResponse,
    record: GcoreRecordedRequest
  ): void {
    const okStatus = route === 'limits' ? 200 : successStatus
    if (playTransportFault(fault, req, res, record, okStatus)) return
    record.fault = typeof fault === 'string' ? fault : `status ${fault.status}`
    if (fault === 'wrong-shape') {
      record.status = okStatus
      const body = route === 'limits' ? { purge_max_urls_limit: 'many' } : { unexpected: true }
      send(res, okStatus, JSON.stringify(body))
      return
    }
    record.status = fault.status
    let body = fault.body
    if (body === undefined && fault.code !== undefined) {
      body = JSON.stringify({ errors: { [fault.code]: [fault.message ?? 'Invalid.'] } })
    } else if (body === undefined) {
      body = fault.message === undefined ? '' : JSON.stringify({ message: fault.message })
    }
    send(res, fault.status, body, fault.headers)
  }

  /**
   * GET /cdn/purge_statuses (providers.md §6.4): the account's purges, newest first, filtered by
   * cname, creation window, type and status; a bare array without `limit`, an envelope with it.
   */
  function purgeStatuses(q: URLSearchParams): unknown {
    const time = (name: string): number | undefined => {
      const raw = q.get(name)
      if (raw === null) return undefined
      const t = Date.parse(raw)
      if (Number.isNaN(t)) throw fieldErrors({ [name]: ['Enter a valid date/time.'] })
      return t
    }
    const [from, to] = [time('from_created'), time('to_created')]
    const text = {
      running: 'In progress',
      pending: 'In progress',
      complete: 'Successful',
      failed: 'Failed'
    }
    const all = state.accepted
      .map((a, i) => ({ a, purgeId: i + 1 }))
      .filter(({ a }) => a.type !== 'prefetch')
      .map(({ a, purgeId }) => ({
        purge_id: purgeId,
        created: new Date(a.at).toISOString(),
        purge_type: a.type,
        payload: a.type === 'purge_by_url' ? { urls: a.items } : { paths: a.items },
        resource: { id: a.resourceId, cname: a.cname },
        status: options.statusReportDisabled
          ? 'Status report disabled'
          : text[progressAt({ at: a.at, urls: a.items }, now(), options.taskProgress).phase]
      }))
      .filter(p => (q.get('cname') ?? p.resource.cname) === p.resource.cname)
      .filter(p => (q.get('purge_type') ?? p.purge_type) === p.purge_type)
      .filter(p => (q.get('status') ?? p.status) === p.status)
      .filter(p => {
        const at = Date.parse(p.created)
        return (from === undefined || at >= from) && (to === undefined || at <= to)
      })
      .reverse()
    const limit = q.get('limit')
    if (limit === null) return all
    const offset = Number(q.get('offset') ?? '0')
    return { count: all.length, results: all.slice(offset, offset + Number(limit)) }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body: raw, path, query } = await readRequest(req)
    const method = req.method ?? ''
    const found = routeOf(path)
    const record: GcoreRecordedRequest = {
      route: found?.route ?? 'unknown',
      method,
      path,
      headers: redact(req.headers),
      body: raw.length > 0 ? parseJson(raw.toString('utf8')) : undefined,
      status: 0,
      ...(found?.resourceId === undefined ? {} : { resourceId: found.resourceId })
    }
    requests.push(record)

    const fault = found && (faults.get(found.route)?.shift() ?? faults.get('*')?.shift())
    if (found && fault !== undefined && !isAfterAcceptFault(fault)) {
      applyFault(fault, found.route, req, res, record)
      return
    }
    // Processed as usual, then its answer is lost or spoiled.
    const afterAccept = fault !== undefined && isAfterAcceptFault(fault) ? fault : undefined

    try {
      // DRF's order: routing, then the method, then authentication, then the view.
      if (!found) throw new ApiError(404, { detail: 'Not found.' })
      if (method !== found.method) {
        throw new ApiError(405, { detail: `Method "${method}" not allowed.` })
      }
      authenticate(req)
      if (found.route === 'limits') {
        if (options.limits === 'absent') throw new ApiError(404, { detail: 'Not found.' })
        record.status = 200
        if (afterAccept !== undefined) {
          playAfterAccept(afterAccept, req, res, record, 200, JSON.stringify(limitsBody()))
          return
        }
        send(res, 200, JSON.stringify(limitsBody()))
        return
      }
      if (found.route === 'purge-statuses') {
        record.status = 200
        send(res, 200, JSON.stringify(purgeStatuses(new URLSearchParams(query))))
        return
      }
      const resourceId = found.resourceId ?? 0
      const resource = resources[resourceId]
      if (resource === undefined) throw new ApiError(404, { detail: 'Not found.' })
      if (found.route === 'resource') {
        record.status = 200
        send(res, 200, JSON.stringify({ id: resourceId, cname: resource.cname, active: true }))
        return
      }
      const body = readBody(req, raw)
      const { type, items } =
        found.route === 'purge' ? purge(body) : { type: 'prefetch' as const, items: prefetch(body) }
      // Validation first: which window a purge counts against depends on its body.
      throttle(resourceId, type)
      state.accepted.push({ at: now(), resourceId, cname: resource.cname, type, items })
      record.status = successStatus
      if (afterAccept !== undefined) {
        playAfterAccept(afterAccept, req, res, record, successStatus, '')
        return
      }
      send(res, successStatus, '')
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, { detail: 'Server error.' })
      record.status = e.status
      send(res, e.status, JSON.stringify(e.body), e.headers)
    }
  }

  const server = await listenOnLoopback(handle)
  return {
    url: server.url,
    state,
    requests,
    inject(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list])
    },
    close: () => server.close()
  }
}

// Gcore CDN (providers.md §6): purge by URL, purge by pattern, prefetch and the account limits of
// one CDN resource, as data and as the wire protocol, independent of the pipeline. Authentication
// is a static API key; nothing is signed.
import * as z from 'zod/mini'
import {
  parseJsonBody,
  parseResponse,
  sendRequest,
  type HttpRequest,
  type HttpResponse
} from '../http.js'
import {
  ProviderError,
  silentLogger,
  type ErrorClass,
  type Logger,
  type RequestTimeout
} from '../provider.js'
import { retryAfterMs } from '../retry-after.js'
import { hasControlCharacter } from '../signing-encoding.js'
import { bodyExcerpt } from '../provider-text.js'

export const GCORE_ENDPOINT = 'https://api.gcore.com'
/** URLs per purge-by-URL request (documented default; `purge_max_urls_limit` per account). */
export const PURGE_URLS_PER_REQUEST = 100
/** Patterns per purge-by-pattern request (documented default; `purge_pattern_limit`). */
export const PURGE_PATTERNS_PER_REQUEST = 10
/** Paths per prefetch request (documented default; `prefetch_pattern_limit`). */
export const PREFETCH_PATHS_PER_REQUEST = 100
/** Purge-by-URL requests per CDN resource per minute. */
export const PURGE_URL_REQUESTS_PER_MINUTE = 2
/** Purge-by-pattern requests per CDN resource per minute (purge-all has its own, also 1). */
export const PURGE_PATTERN_REQUESTS_PER_MINUTE = 1
/** Prefetch requests per CDN resource per minute. */
export const PREFETCH_REQUESTS_PER_MINUTE = 1

export interface GcoreClientOptions {
  /** Base URL; default https://api.gcore.com. A path prefix (a proxy in front of it) is kept. */
  endpoint?: string
  /** Permanent API token, `<digits>$<rest>`; a leading `APIKey ` keyword is tolerated. */
  apiKey: string
  /** The CDN resource every purge and prefetch goes to. */
  resourceId: number
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  /** Epoch ms, for HTTP-date Retry-After values. */
  now?: () => number
  /**
   * Items per request; default the documented limits. An account may have others (`limits()`):
   * raising these lets larger batches through, lowering them refuses them before sending.
   */
  maxItems?: { purgeUrls?: number; purgePatterns?: number; prefetchPaths?: number }
}

/** An accepted purge or prefetch. Gcore returns no task ID and, usually, no body. */
export interface GcoreAccepted {
  status: number
  requestId?: string
}

/** The account's limits, as far as Gcore reports them and this client understands them. */
export interface GcoreLimits {
  /** `purge_max_urls_limit`; null when absent. */
  purgeUrlsPerRequest: number | null
  /** `purge_pattern_limit`; null when absent. */
  purgePatternsPerRequest: number | null
  /** `prefetch_pattern_limit`; null when absent. */
  prefetchPathsPerRequest: number | null
  /** From `purge_by_urls_request_limit`; null when absent or not understood (see parseRate). */
  purgeUrlRequestsPerMinute: number | null
  /** From `purge_request_limit` (purge by pattern); null when absent or not understood. */
  purgePatternRequestsPerMinute: number | null
  /** From `prefetch_request_limit`; null when absent or not understood. */
  prefetchRequestsPerMinute: number | null
  /** The rate texts as sent, so a caller can log one it could not use. */
  rateTexts: { purgeByUrls: string | null; purge: string | null; prefetch: string | null }
  requestId?: string
}

// --- rate-limit texts --------------------------------------------------------------------------

export interface Rate {
  requests: number
  windowMs: number
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const UNIT_MS: Record<string, number> = {
  s: SECOND,
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: 24 * HOUR,
  day: 24 * HOUR,
  days: 24 * HOUR
}

// "2", "2/m", "2/min", "2r/m", "2 per minute", "2 requests/minute", "5/10s", "1 per 30 seconds".
const RATE_TEXT =
  /^(\d+)\s*(?:r|reqs?|requests?)?\s*(?:(?:\/|\bper\b|\ba\b|\bevery\b)\s*(\d+)?\s*([a-z]+))?$/
// "2 rpm", "1rps".
const RATE_ABBREVIATION = /^(\d+)\s*rp([smhd])$/

/**
 * The rate in a limits text, e.g. `2/m` → 2 per 60,000 ms. UNCONFIRMED format (providers.md
 * §6.5): Gcore's validation messages are Django REST framework's, whose throttle rates read
 * `<n>/<unit>` (`2/m`, `2/min`, `120/hour`), so that is the likely one; nginx (`2r/m`) and prose
 * (`2 per minute`) forms are read too, and a bare number counts per minute. Anything else, and
 * zero, is null: a caller then keeps the documented limit rather than pacing on a guess.
 */
export function parseRate(text: string): Rate | null {
  const t = text.trim().toLowerCase()
  const abbreviation = RATE_ABBREVIATION.exec(t)
  const match = abbreviation === null ? RATE_TEXT.exec(t) : null
  if (abbreviation === null && match === null) return null
  const count = abbreviation?.[1] ?? match?.[1]
  const multiplier = match?.[2]
  const unit = abbreviation?.[2] ?? match?.[3]
  // hasOwn: "2/constructor" must not find Object.prototype's members.
  const unitMs =
    unit === undefined ? MINUTE : Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit] : undefined
  const requests = Number(count)
  const times = multiplier === undefined ? 1 : Number(multiplier)
  if (unitMs === undefined || !(requests > 0) || !(times > 0)) return null
  if (!Number.isSafeInteger(requests) || !Number.isSafeInteger(times)) return null
  return { requests, windowMs: times * unitMs }
}

/**
 * Requests per minute in a limits text (`120/h` → 2, `1/s` → 60), or null (see parseRate). May be
 * below 1 (`30/h` → 0.5): a per-minute window cannot pace that, parseRate's window can.
 */
export function parseRateLimit(text: string): number | null {
  const rate = parseRate(text)
  return rate === null ? null : (rate.requests * MINUTE) / rate.windowMs
}

// --- requests ------------------------------------------------------------------------------------

export interface GcoreCall {
  method: 'GET' | 'POST'
  /** Path below the endpoint, e.g. `/cdn/resources/123/purge`. */
  path: string
  body?: unknown
}

/** The HTTP request for one call (pure, so tests can check the exact headers). */
export function buildGcoreRequest(endpoint: string, apiKey: string, call: GcoreCall): HttpRequest {
  const base = new URL(endpoint)
  const prefix = base.pathname.replace(/\/+$/, '')
  const body = call.body === undefined ? undefined : JSON.stringify(call.body)
  const headers: Record<string, string> = {
    authorization: `APIKey ${apiKey}`,
    accept: 'application/json'
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return { method: call.method, url: `${base.origin}${prefix}${call.path}`, headers, body }
}

/**
 * Removes the API key from text that may reach logs or reports: the whole key, its URL-encoded
 * form, and the secret part after `$` on its own (the digits before it only number the token).
 */
export function scrubApiKey(text: string, apiKey: string): string {
  const secrets = [apiKey, encodeURIComponent(apiKey)]
  const dollar = apiKey.indexOf('$')
  if (dollar >= 0) secrets.push(apiKey.slice(dollar + 1))
  let out = text
  // Longest first, so the whole key is replaced before its secret part could split it.
  for (const secret of secrets.sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]')
  }
  return out
}

// --- errors --------------------------------------------------------------------------------------

/**
 * Milliseconds to wait before retrying: `retry-after-ms` (the Stainless SDKs' header, preferred
 * over Retry-After as they do, fractions rounded up), else the standard `Retry-After`.
 */
export function gcoreRetryAfterMs(
  headers: Readonly<Record<string, string>>,
  nowMs: number
): number | undefined {
  const ms = headers['retry-after-ms']?.trim()
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms))
  return retryAfterMs(headers, nowMs)
}

// Django REST framework's throttling text, a fallback when no header says how long to wait.
const THROTTLE_WAIT = /\bavailable in (\d+) seconds?\b/i

// `errors` is documented; `message` too (JSON parse errors); `detail` is DRF's default for the
// rest (401, 403, 404, 429). Read loosely: an odd shape must not hide the text it carries.
const errorBodySchema = z.partial(
  z.looseObject({ errors: z.unknown(), message: z.unknown(), detail: z.unknown() })
)

/** What was sent, so a per-item error (`{"paths": {"3": [...]}}`) can name the item. */
export interface SentItems {
  field: 'urls' | 'paths'
  items: readonly string[]
}

const MAX_ISSUES = 5
const MAX_ITEM_CHARS = 100

function quoteItem(item: string): string {
  const short = item.length > MAX_ITEM_CHARS ? `${item.slice(0, MAX_ITEM_CHARS)}…` : item
  return JSON.stringify(short)
}

/**
 * Gcore's `errors` document as readable lines: `{"paths": ["This field is required."]}` →
 * `paths: This field is required.`; per-item errors, keyed by index, name the item sent.
 */
export function flattenGcoreErrors(errors: unknown, sent?: SentItems): string[] {
  const out: string[] = []
  const walk = (value: unknown, path: string, field: string | undefined): void => {
    const prefix = path === '' ? '' : `${path}: `
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.push(`${prefix}${String(value)}`)
    } else if (Array.isArray(value)) {
      if (value.every(v => typeof v === 'string')) {
        if (value.length > 0) out.push(`${prefix}${value.join(' ')}`)
      } else {
        value.forEach((v, i) => walk(v, `${path}[${i}]`, undefined))
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'non_field_errors') {
          walk(v, path, undefined)
        } else if (/^\d+$/.test(key)) {
          const item = field !== undefined && field === sent?.field ? sent.items[+key] : undefined
          walk(v, `${path}[${key}]${item === undefined ? '' : ` ${quoteItem(item)}`}`, undefined)
        } else {
          walk(v, path === '' ? key : `${path}.${key}`, path === '' ? key : undefined)
        }
      }
    }
  }
  walk(errors, '', undefined)
  return out
}

/** What the client was doing, for the messages of the errors it classifies. */
export interface GcoreErrorContext {
  apiKey: string
  resourceId: number
  /** e.g. "purge-by-URL request", "limits request". */
  what: string
  /** Whether the path names the resource (a 404 then means the resource does not exist). */
  onResource: boolean
  nowMs: number
  sent?: SentItems
}

const API_KEY_HINT =
  'check `api-key`: it must be a permanent API token of the Gcore account ("<digits>$<secret>"); it may be mistyped, expired or deleted, or a shell or YAML may have expanded the "$" in it'

function codeOf(status: number, onResource: boolean): string {
  if (status === 400) return 'BadRequest'
  if (status === 401) return 'Unauthorized'
  if (status === 403) return 'Forbidden'
  if (status === 404) return onResource ? 'ResourceNotFound' : 'NotFound'
  if (status === 429) return 'TooManyRequests'
  return `HTTP${status}`
}

function classOf(status: number, onResource: boolean): ErrorClass {
  if (status === 408 || status === 409 || status === 429 || status >= 500) return 'retryable'
  if (status === 401 || status === 403) return 'auth'
  // The resource is in every purge and prefetch path: if it does not exist, none can succeed.
  if (status === 404 && onResource) return 'auth'
  return 'permanent'
}

/** Maps a non-2xx response to a ProviderError; the API key never appears in it. */
export function classifyGcoreError(
  response: HttpResponse,
  context: GcoreErrorContext
): ProviderError {
  const { status } = response
  const json = parseJsonBody(response.body)
  const parsed = errorBodySchema.safeParse(json)
  const fields = parsed.success ? parsed.data : {}
  const lines = [
    ...flattenGcoreErrors(fields.errors, context.sent),
    ...flattenGcoreErrors(fields.message),
    ...flattenGcoreErrors(fields.detail)
  ].filter(line => line.trim() !== '')
  let said: string
  if (lines.length > 0) {
    const more = lines.length - MAX_ISSUES
    said = lines.slice(0, MAX_ISSUES).join('; ') + (more > 0 ? ` (and ${more} more)` : '')
  } else if (json === undefined && response.body.trim() !== '') {
    // Secrets removed before the cut, so that one straddling it cannot leak its start.
    said = `a body that is not JSON: ${bodyExcerpt(response.body, text => scrubApiKey(text, context.apiKey), 120)}`
  } else {
    said = 'no error message'
  }

  const errorClass = classOf(status, context.onResource)
  const id = context.resourceId
  const gcoreSaid = `Gcore answered HTTP ${status}: ${said}`
  let message: string
  if (status === 401) {
    message = `The API key was not accepted: ${API_KEY_HINT}. ${gcoreSaid}`
  } else if (status === 403) {
    message = context.onResource
      ? `Access to CDN resource ${id} was denied: the key may not access resource ${id}. Check \`resource-id\` (it must be a resource of the account of \`api-key\`) and the role of \`api-key\` (it must be allowed to purge and prefetch). ${gcoreSaid}`
      : `Access was denied: check the role of \`api-key\` (it must be allowed to read the CDN settings of the account). ${gcoreSaid}`
  } else if (status === 404 && context.onResource) {
    message = `Gcore knows no CDN resource ${id} for this API key: check \`resource-id\` (the numeric ID of a CDN resource) and that the resource belongs to the account of \`api-key\`. ${gcoreSaid}`
  } else if (status === 429) {
    const target = context.onResource ? ` for CDN resource ${id}` : ''
    message = `Gcore is rate-limiting ${context.what}s${target}. ${gcoreSaid}`
  } else if (errorClass === 'retryable') {
    message = `The ${context.what} failed on Gcore's side. ${gcoreSaid}`
  } else {
    message = `Gcore refused the ${context.what}. ${gcoreSaid}`
  }

  let retryAfter: number | undefined
  if (errorClass === 'retryable') {
    retryAfter = gcoreRetryAfterMs(response.headers, context.nowMs)
    const wait = THROTTLE_WAIT.exec(lines.join(' '))?.[1]
    if (retryAfter === undefined && wait !== undefined) retryAfter = Number(wait) * SECOND
  }
  return new ProviderError({
    code: codeOf(status, context.onResource),
    errorClass,
    message: scrubApiKey(message, context.apiKey),
    httpStatus: status,
    retryAfterMs: retryAfter,
    requestId: response.headers['x-request-id']
  })
}

// --- client --------------------------------------------------------------------------------------

function invalid(code: string, message: string): ProviderError {
  return new ProviderError({ code, errorClass: 'permanent', message })
}

const count = z.pipe(
  z.nullish(z.number().check(z.int())),
  z.transform(n => (n === undefined || n === null || n <= 0 ? null : n))
)
// Typed as strings in both SDKs; a number is read as the same text rather than failing the call.
const rateText = z.pipe(
  z.nullish(z.union([z.string(), z.pipe(z.number(), z.transform(String))])),
  z.transform(s => s ?? null)
)
const limitsSchema = z.looseObject({
  purge_max_urls_limit: count,
  purge_pattern_limit: count,
  prefetch_pattern_limit: count,
  purge_by_urls_request_limit: rateText,
  purge_request_limit: rateText,
  prefetch_request_limit: rateText
})

type Operation = 'purgeUrls' | 'purgePatterns' | 'prefetch'

interface OperationInfo {
  what: string
  noun: string
  field: 'urls' | 'paths'
  route: 'purge' | 'prefetch'
}

const OPERATIONS: Record<Operation, OperationInfo> = {
  purgeUrls: { what: 'purge-by-URL request', noun: 'URL', field: 'urls', route: 'purge' },
  purgePatterns: {
    what: 'purge-by-pattern request',
    noun: 'pattern',
    field: 'paths',
    route: 'purge'
  },
  prefetch: { what: 'prefetch request', noun: 'path', field: 'paths', route: 'prefetch' }
}

export class GcoreClient {
  private readonly endpoint: string
  private readonly apiKey: string
  private readonly resourceId: number
  private readonly requestTimeoutMs: RequestTimeout
  private readonly logger: Logger
  private readonly now: () => number
  private readonly maxItems: Record<Operation, number>

  constructor(options: GcoreClientOptions) {
    // Checked here, not at the first call: a bad value would otherwise surface as a retried
    // network error (Node refuses such a header) or as a request to some other path.
    if (!Number.isSafeInteger(options.resourceId) || options.resourceId <= 0) {
      throw new RangeError(`\`resource-id\` must be a positive integer, not ${options.resourceId}.`)
    }
    // The portal's examples show the header value, keyword included; people paste it whole.
    const apiKey = options.apiKey.replace(/^apikey +/i, '')
    if (apiKey === '' || /\s/.test(apiKey) || hasControlCharacter(apiKey)) {
      throw new RangeError(
        '`api-key` is empty or contains whitespace or a control character (a trailing newline?).'
      )
    }
    const endpoint = options.endpoint ?? GCORE_ENDPOINT
    if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
      throw new RangeError(`The Gcore endpoint must be an http(s) URL, not ${endpoint}.`)
    }
    this.endpoint = endpoint
    this.apiKey = apiKey
    this.resourceId = options.resourceId
    this.requestTimeoutMs = options.requestTimeoutMs
    this.logger = options.logger ?? silentLogger
    this.now = options.now ?? Date.now
    this.maxItems = {
      purgeUrls: options.maxItems?.purgeUrls ?? PURGE_URLS_PER_REQUEST,
      purgePatterns: options.maxItems?.purgePatterns ?? PURGE_PATTERNS_PER_REQUEST,
      prefetch: options.maxItems?.prefetchPaths ?? PREFETCH_PATHS_PER_REQUEST
    }
  }

  /** Purges up to PURGE_URLS_PER_REQUEST paths, each with its query string, e.g. `/a.js?v=2`. */
  purgeUrls(paths: readonly string[]): Promise<GcoreAccepted> {
    return this.write('purgeUrls', paths)
  }

  /**
   * Purges everything under up to PURGE_PATTERNS_PER_REQUEST patterns, e.g. `/images/*` (`*`
   * only at the end; query strings are ignored). Never purges the whole resource: Gcore reads an
   * empty pattern list as "purge all", so an empty list is refused here instead of sent.
   */
  purgePatterns(patterns: readonly string[]): Promise<GcoreAccepted> {
    return this.write('purgePatterns', patterns)
  }

  /** Prefetches up to PREFETCH_PATHS_PER_REQUEST file paths into the CDN caches. */
  prefetch(paths: readonly string[]): Promise<GcoreAccepted> {
    return this.write('prefetch', paths)
  }

  /** The account's CDN limits (GET /cdn/clients/me/limits). */
  async limits(): Promise<GcoreLimits> {
    const path = '/cdn/clients/me/limits'
    const response = await this.send({ method: 'GET', path }, 'limits request', false)
    const requestId = response.headers['x-request-id']
    const d = parseResponse(
      response,
      limitsSchema,
      `GET ${path}`,
      text => scrubApiKey(text, this.apiKey),
      requestId
    )
    const perMinute = (name: string, text: string | null): number | null => {
      if (text === null) return null
      const rate = parseRateLimit(text)
      if (rate === null) this.logger.debug(`Gcore ${name} ${JSON.stringify(text)} is not a rate.`)
      return rate
    }
    return {
      purgeUrlsPerRequest: d.purge_max_urls_limit,
      purgePatternsPerRequest: d.purge_pattern_limit,
      prefetchPathsPerRequest: d.prefetch_pattern_limit,
      purgeUrlRequestsPerMinute: perMinute(
        'purge_by_urls_request_limit',
        d.purge_by_urls_request_limit
      ),
      purgePatternRequestsPerMinute: perMinute('purge_request_limit', d.purge_request_limit),
      prefetchRequestsPerMinute: perMinute('prefetch_request_limit', d.prefetch_request_limit),
      rateTexts: {
        purgeByUrls: d.purge_by_urls_request_limit,
        purge: d.purge_request_limit,
        prefetch: d.prefetch_request_limit
      },
      requestId
    }
  }

  private async write(operation: Operation, items: readonly string[]): Promise<GcoreAccepted> {
    this.check(operation, items)
    const info = OPERATIONS[operation]
    const response = await this.send(
      {
        method: 'POST',
        path: `/cdn/resources/${this.resourceId}/${info.route}`,
        body: { [info.field]: [...items] }
      },
      info.what,
      true,
      { field: info.field, items }
    )
    const requestId = response.headers['x-request-id']
    // The SDKs expect no body, so a JSON one is not read. A body that is not JSON (a proxy's HTML
    // page) is no proof that Gcore got the request, nor that it did not: never resent.
    if (response.body.trim() !== '' && parseJsonBody(response.body) === undefined) {
      throw new ProviderError({
        code: 'MalformedResponse',
        errorClass: 'retryable',
        message: `The ${info.what} was answered HTTP ${response.status} with a body that is not JSON (Gcore sends none): ${bodyExcerpt(response.body, text => scrubApiKey(text, this.apiKey), 120)}`,
        httpStatus: response.status,
        requestId,
        mayHaveBeenAccepted: true
      })
    }
    return { status: response.status, requestId }
  }

  /** Refuses, before anything is sent, what Gcore would refuse or misread. */
  private check(operation: Operation, items: readonly string[]): void {
    const { noun, what } = OPERATIONS[operation]
    const Noun = noun === 'URL' ? noun : `${noun[0]?.toUpperCase()}${noun.slice(1)}`
    if (items.length === 0) {
      throw invalid(
        'EmptyRequest',
        operation === 'purgePatterns'
          ? 'No patterns to purge (an empty pattern list would purge the whole CDN resource, so it is never sent).'
          : `No ${noun}s for the ${what}.`
      )
    }
    const max = this.maxItems[operation]
    if (items.length > max) {
      throw invalid(
        'TooManyItems',
        `Gcore takes at most ${max} ${noun}s per ${what}; this one has ${items.length}.`
      )
    }
    items.forEach((item, i) => {
      const which = `${Noun} ${i + 1} of ${items.length}`
      if (hasControlCharacter(item)) {
        throw invalid(
          'InvalidPath',
          `${which} contains a line break or other control character: ${quoteItem(item)}`
        )
      }
      if (!item.startsWith('/')) {
        throw invalid(
          'InvalidPath',
          `${which} does not start with "/": Gcore takes paths without scheme and host, e.g. "/images/a.png". Got ${quoteItem(item)}`
        )
      }
      const star = item.indexOf('*')
      if (operation === 'purgePatterns' && star >= 0 && star !== item.length - 1) {
        throw invalid(
          'InvalidPattern',
          `${which} has a "*" before its end; Gcore allows "*" only as the last character: ${quoteItem(item)}`
        )
      }
    })
  }

  /** One request; any 2xx is returned, anything else thrown as a classified ProviderError. */
  private async send(
    call: GcoreCall,
    what: string,
    onResource: boolean,
    sent?: SentItems
  ): Promise<HttpResponse> {
    const response = await sendRequest(buildGcoreRequest(this.endpoint, this.apiKey, call), {
      timeoutMs: this.requestTimeoutMs,
      logger: this.logger
    })
    if (response.status >= 200 && response.status < 300) return response
    throw classifyGcoreError(response, {
      apiKey: this.apiKey,
      resourceId: this.resourceId,
      what,
      onResource,
      nowMs: this.now(),
      sent
    })
  }
}

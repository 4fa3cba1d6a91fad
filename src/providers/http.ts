// The one HTTP transport of every provider adapter. It goes through @actions/http-client so the
// runner's proxy settings (https_proxy, no_proxy) apply, and it never retries: the shared
// submitter owns retries, so one call here is exactly one request on the wire.
import type {
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestOptions
} from 'node:http'
import type * as z from 'zod/mini'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import {
  ProviderError,
  requestTimeoutNow,
  silentLogger,
  type Logger,
  type RequestTimeout
} from './provider.js'
import { bodyExcerpt } from './provider-text.js'

export interface HttpRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpResponse {
  status: number
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>
  body: string
}

export interface SendOptions {
  /**
   * Deadline for the whole exchange, from connecting to the last body byte; a function is asked
   * as the request starts (time left in the run). Zero or less: nothing is sent.
   */
  timeoutMs: RequestTimeout
  logger?: Logger
}

const USER_AGENT = 'cdn-refresh-action'
const REDACTED = '[REDACTED]'

// Header names whose values are credentials or derived from them, for any provider.
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api[-_]?key|credential|signature$/i
// Query parameter names that carry credentials in some APIs (Alibaba V2, presigned URLs).
const SECRET_PARAM = /token|secret|password|signature$|^signature|api[-_]?key|credential/i

/**
 * Copy of `headers` with credential-bearing values replaced. An Authorization value keeps its scheme
 * word (e.g. `ACS3-HMAC-SHA256`, `APIKey`) so logs still show which method was used.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    if (!SECRET_HEADER.test(name)) {
      out[name] = value
      continue
    }
    const scheme = /^(authorization|proxy-authorization)$/i.test(name)
      ? /^([A-Za-z0-9-]+) /.exec(value)?.[1]
      : undefined
    out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED
  }
  return out
}

/** The URL with credential-bearing query values (and any userinfo) replaced. */
export function redactUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return REDACTED
  }
  if (parsed.username || parsed.password) {
    parsed.username = 'REDACTED'
    parsed.password = ''
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, REDACTED)
  }
  return parsed.toString()
}

/** Scheme, host and path only: what error messages may name without leaking query values. */
function describeTarget(method: string, url: string): string {
  try {
    const u = new URL(url)
    return `${method} ${u.origin}${u.pathname}`
  } catch {
    return method
  }
}

// Lets the deadline abort the underlying request, which http-client does not expose.
function abortOn(signal: AbortSignal): RequestHandler {
  return {
    prepareRequest(options: RequestOptions) {
      options.signal = signal
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not supported'))
  }
}

/**
 * Lets a URL with an IPv6 literal (`http://[::1]:8080/`) connect. http-client passes the URL's
 * `hostname`, brackets included, as `host`, and Node then looks `[::1]` up in DNS. Without the
 * brackets Node connects to the address and still sends `Host: [::1]:8080` (an explicit `host`
 * header is kept). Through a proxy tunnel the bracketed form stays: the tunnel only names it in
 * its CONNECT line, where the brackets belong.
 */
const ipv6Literals: RequestHandler = {
  prepareRequest(options: RequestOptions) {
    // node:http is already loaded here (http-client is sending); read at the call, not with the
    // provider, so that a run that sends nothing does not load it.
    const { Agent } = process.getBuiltinModule('node:http')
    if (options.agent !== undefined && !(options.agent instanceof Agent)) return
    for (const key of ['host', 'hostname'] as const) {
      const value = options[key]
      if (typeof value === 'string' && value.startsWith('[') && value.endsWith(']')) {
        options[key] = value.slice(1, -1)
      }
    }
  },
  canHandleAuthentication: () => false,
  handleAuthentication: () => Promise.reject(new Error('not supported'))
}

/**
 * Hands the ClientRequest that http-client creates to `seen`, so that we can tell whether the
 * request went out (its 'finish' event: the headers and body were handed to the operating system,
 * which only happens on an established connection). http-client exposes neither the request nor
 * a hook, so its agent is wrapped: Node passes every request through `agent.addRequest`.
 */
function watchRequest(seen: (req: ClientRequest) => void): RequestHandler {
  return {
    prepareRequest(options: RequestOptions) {
      type Adds = Agent & { addRequest(req: ClientRequest, opts: unknown): void }
      const agent = options.agent as Adds | boolean | undefined
      if (typeof agent !== 'object' || typeof agent.addRequest !== 'function') return
      const wrapped = Object.create(agent) as Adds
      wrapped.addRequest = (req, opts) => {
        seen(req)
        agent.addRequest(req, opts)
      }
      options.agent = wrapped
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not supported'))
  }
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    message.on('data', (chunk: Buffer) => chunks.push(chunk))
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    message.on('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
    message.on('close', () => {
      if (!message.complete) {
        reject(Object.assign(new Error('response closed early'), { code: 'ECONNRESET' }))
      }
    })
  })
}

function lowerCaseHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

/**
 * Sends one request and reads the whole response. Any HTTP status is a response (the caller
 * classifies it); only failures to get a response throw: `NetworkError` or `Timeout`, both
 * retryable. When the request had been sent (and no answer saying it was refused arrived: no
 * status, or a 2xx whose body broke off) the error carries `mayHaveBeenAccepted`: a write may have
 * taken effect. Error messages name the method, host and path, never headers, query or body.
 */
export async function sendRequest(req: HttpRequest, opts: SendOptions): Promise<HttpResponse> {
  const logger = opts.logger ?? silentLogger
  const target = describeTarget(req.method, req.url)
  const timeoutMs = Math.floor(requestTimeoutNow(opts.timeoutMs))
  if (!(timeoutMs > 0)) {
    logger.debug(`HTTP ${req.method} ${redactUrl(req.url)} not sent: no time left`)
    throw new ProviderError({
      code: 'Timeout',
      errorClass: 'retryable',
      message: `No time left for ${target} before the run's timeout; not sent.`
    })
  }
  const controller = new AbortController()
  let deadlinePassed = false
  const timer = setTimeout(() => {
    deadlinePassed = true
    controller.abort()
  }, timeoutMs)
  let sent = false
  let status: number | undefined
  let requestId: string | undefined
  const watch = watchRequest(request => request.once('finish', () => (sent = true)))
  // Loaded on the first request: @actions/http-client brings undici, ~50 ms of start-up that a dry
  // run without credentials never needs.
  const { HttpClient } = await import('@actions/http-client')
  const client = new HttpClient(USER_AGENT, [abortOn(controller.signal), ipv6Literals, watch], {
    allowRetries: false,
    allowRedirects: false,
    keepAlive: false,
    socketTimeout: timeoutMs
  })
  const started = Date.now()
  logger.debug(
    `HTTP ${req.method} ${redactUrl(req.url)} headers=${JSON.stringify(redactHeaders(req.headers))} body=${Buffer.byteLength(req.body ?? '')}B`
  )
  try {
    const headers: OutgoingHttpHeaders = { ...req.headers }
    const res = await client.request(req.method, req.url, req.body ?? '', headers)
    status = res.message.statusCode
    // Alibaba's and Huawei's/Gcore's request ID headers, for a body that then breaks off.
    const id = res.message.headers['x-acs-request-id'] ?? res.message.headers['x-request-id']
    requestId = typeof id === 'string' ? id : undefined
    const body = await readBody(res.message)
    const response: HttpResponse = {
      status: res.message.statusCode ?? 0,
      headers: lowerCaseHeaders(res.message.headers),
      body
    }
    logger.debug(
      `HTTP ${response.status} from ${target} in ${Date.now() - started}ms headers=${JSON.stringify(redactHeaders(response.headers))} body=${Buffer.byteLength(body)}B`
    )
    return response
  } catch (err) {
    // Tear down whatever is still open (http-client's own socket timeout only half-closes).
    controller.abort()
    const message = err instanceof Error ? err.message : String(err)
    const timedOut = deadlinePassed || message.startsWith('Request timeout')
    // An error status is the provider's refusal, even when its body broke off; no status (or a
    // 2xx) after the request went out leaves the outcome of a write unknown.
    const replyLost = sent && (status === undefined || (status >= 200 && status < 300))
    const after = replyLost
      ? status === undefined
        ? ' after the request was sent'
        : ` after HTTP ${status} headers`
      : ''
    const failure = new ProviderError({
      code: timedOut ? 'Timeout' : 'NetworkError',
      errorClass: 'retryable',
      message: timedOut
        ? `No complete response within ${timeoutMs} ms from ${target}${after}.`
        : `Network error (${errorCode(err) ?? 'unknown'}) during ${target}${after}.`,
      httpStatus: status,
      requestId,
      mayHaveBeenAccepted: replyLost
    })
    logger.debug(
      `HTTP ${failure.code} from ${target} after ${Date.now() - started}ms (${sent ? 'sent' : 'not sent'})`
    )
    throw failure
  } finally {
    clearTimeout(timer)
    client.dispose()
  }
}

// The fields that carry task IDs in the answers of every provider: RefreshTaskId, PreloadTaskId,
// TaskId, task_id.
const TASK_ID_KEY = /task_?id$/i

/**
 * A 2xx body validated with `schema`. A body that is not the expected JSON is a retryable
 * `MalformedResponse` (a proxy page or a truncated answer, not a verdict on the request), or
 * `NoTaskId` when what is wrong is the task ID field (missing, empty or not an ID); either way the
 * provider answered 2xx, so a write may have been accepted (`mayHaveBeenAccepted`). The message
 * quotes the start of the body, credentials (`scrub`) and signatures removed before it is cut.
 */
export function parseResponse<T>(
  response: HttpResponse,
  schema: z.ZodMiniType<T>,
  what: string,
  scrub: (text: string) => string,
  requestId?: string
): T {
  const result = schema.safeParse(parseJsonBody(response.body))
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path ?? []
  const where = path.length > 0 ? ` at ${path.join('.')}` : ''
  const last = path[path.length - 1]
  const taskId = typeof last === 'string' && TASK_ID_KEY.test(last)
  const problem = taskId
    ? `without a valid task ID${where}`
    : `with a body that is not the expected JSON${where}`
  throw new ProviderError({
    code: taskId ? 'NoTaskId' : 'MalformedResponse',
    errorClass: 'retryable',
    message: scrub(
      `${what} answered HTTP ${response.status} ${problem}: ${bodyExcerpt(response.body, scrub, 200)}`
    ),
    httpStatus: response.status,
    requestId,
    mayHaveBeenAccepted: response.status >= 200 && response.status < 300
  })
}

/** A response body as JSON, or undefined when it is not JSON (schemas then report the shape). */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

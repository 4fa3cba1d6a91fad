// One signed Alibaba Cloud RPC call (V3 signature), its response validation and the mapping of
// Alibaba error codes to the shared error classes (providers.md §1.5, §2.1, §2.2).
import * as z from 'zod/mini'
import {
  ProviderError,
  silentLogger,
  type ErrorClass,
  type Logger,
  type RequestTimeout
} from '../provider.js'
import {
  parseJsonBody,
  parseResponse,
  sendRequest,
  type HttpRequest,
  type HttpResponse
} from '../http.js'
import { nodeCrypto } from '../signing-encoding.js'
import { retryAfterMs } from '../retry-after.js'
import { scrubKeyPair } from '../credentials.js'
import { canonicalQuery, encodeForm, formatAcsDate, sha256Hex, signAcs3 } from './acs3.js'

export interface AlibabaCredentials {
  accessKeyId: string
  accessKeySecret: string
  /** STS token; sent as x-acs-security-token together with x-acs-accesskey-id. */
  securityToken?: string
}

export interface RpcClientOptions {
  /** Base URL: https://dcdn.aliyuncs.com, or http://127.0.0.1:PORT for an emulator. */
  endpoint: string
  credentials: AlibabaCredentials
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  /** Epoch ms for x-acs-date and HTTP-date Retry-After values. */
  now?: () => number
  /** Value of x-acs-signature-nonce; must differ on every request. */
  nonce?: () => string
}

/** Where business parameters travel: a signed form body, or the signed query string (SDK style). */
export type ParamPlacement = 'body' | 'query'

export interface RpcCall {
  action: string
  version: string
  params: Readonly<Record<string, string>>
  placement: ParamPlacement
}

export interface RpcResult<T> {
  data: T
  requestId?: string
}

/** 32 random lower-case hex digits. */
export function randomNonce(): string {
  return nodeCrypto().randomBytes(16).toString('hex')
}

/** The signed HTTP request for one call, given its date and nonce (pure, so tests can pin it). */
export function buildRpcRequest(
  endpoint: string,
  credentials: AlibabaCredentials,
  call: RpcCall,
  date: string,
  nonce: string
): HttpRequest {
  const base = new URL(endpoint)
  const inBody = call.placement === 'body' && Object.keys(call.params).length > 0
  const query = inBody ? {} : call.params
  const body = inBody ? encodeForm(call.params) : ''
  const payloadHash = sha256Hex(body)
  const signed: Record<string, string> = {
    host: base.host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': date,
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': payloadHash
  }
  if (inBody) signed['content-type'] = 'application/x-www-form-urlencoded'
  if (credentials.securityToken) {
    signed['x-acs-security-token'] = credentials.securityToken
    signed['x-acs-accesskey-id'] = credentials.accessKeyId
  }
  const { authorization } = signAcs3({
    method: 'POST',
    path: '/',
    query,
    headers: signed,
    payloadHash,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret
  })
  const search = canonicalQuery(query)
  return {
    method: 'POST',
    url: `${base.origin}/${search ? `?${search}` : ''}`,
    // accept is sent but, as in the official runtime, not signed.
    headers: { ...signed, accept: 'application/json', authorization },
    body: inBody ? body : undefined
  }
}

// --- retry hints -----------------------------------------------------------------------------

/**
 * Milliseconds to wait before retrying, from `Retry-After` (seconds or an HTTP date) and
 * `x-acs-retry-after`. The unit of x-acs-retry-after is UNCONFIRMED in providers.md. The official
 * runtimes read it as milliseconds (aliyun tea-openapi ThrottlingBackoffTest waits ~80 ms for "80";
 * the .NET GetThrottlingTimeLeft returns 2000 for "2000"), so we do too. That is also the safe
 * reading: if it were really seconds we would merely retry early and meet the submitter's own
 * backoff, whereas reading milliseconds as seconds could stall a run for half an hour. Only positive
 * integers count, as in the runtime. With both headers present the longer wait wins.
 */
export function parseRetryAfterMs(
  headers: Readonly<Record<string, string>>,
  nowMs: number
): number | undefined {
  const candidates: number[] = []
  const standard = retryAfterMs(headers, nowMs)
  if (standard !== undefined) candidates.push(standard)
  const acs = headers['x-acs-retry-after']?.trim()
  if (acs && /^\d+$/.test(acs) && Number(acs) > 0) candidates.push(Number(acs))
  return candidates.length > 0 ? Math.max(...candidates) : undefined
}

// --- error classification --------------------------------------------------------------------

const RETRYABLE_CODES = new Set([
  'ServiceUnavailable',
  'QuotaPerMinuteExceeded.Refresh',
  'TooMany.Refresh',
  'PreloadQueueFull',
  // A fresh nonce is drawn for every request, so a collision does not repeat on retry.
  'SignatureNonceUsed'
])

interface AuthRule {
  test: (code: string) => boolean
  hint: string
}

const AUTH_RULES: AuthRule[] = [
  {
    test: c => c === 'SignatureDoesNotMatch' || c === 'IncompleteSignature',
    hint: 'The request signature was rejected: check `access-key-secret` (it must belong to `access-key-id`).'
  },
  {
    test: c => c.startsWith('InvalidAccessKeyId'),
    hint: 'The AccessKey was not accepted: check `access-key-id` (it may be wrong, disabled or deleted).'
  },
  {
    test: c => c.startsWith('InvalidSecurityToken'),
    hint: 'The STS token was not accepted: check `security-token` (it may have expired or belong to another AccessKey).'
  },
  {
    test: c => c.startsWith('Forbidden') || c.startsWith('NoPermission'),
    hint: 'The credentials lack permission: check the RAM policy of this AccessKey (it must allow the DCDN refresh, preload and quota actions).'
  },
  {
    test: c => c === 'InvalidTimeStamp.Expired',
    hint: "The request time was rejected: the runner's clock is more than 15 minutes off; check its time synchronisation."
  }
]

const GENERIC_AUTH_HINT =
  'Access was denied: check `access-key-id`, `access-key-secret`, `security-token` and the RAM policy.'

function classOf(status: number, code: string | undefined, hinted: boolean): ErrorClass {
  if (code !== undefined) {
    if (code.startsWith('Throttling') || RETRYABLE_CODES.has(code)) return 'retryable'
    if (code.startsWith('QuotaExceeded.')) return 'quota'
    if (AUTH_RULES.some(rule => rule.test(code))) return 'auth'
  }
  if (status === 429 || status >= 500) return 'retryable'
  if (status === 401 || status === 403) return 'auth'
  // The official runtime treats any error carrying a positive x-acs-retry-after as throttling.
  if (hinted) return 'retryable'
  return 'permanent'
}

/** Removes every credential value from text that may reach logs or reports. */
export function scrubSecrets(text: string, credentials: AlibabaCredentials): string {
  return scrubKeyPair(text, credentials)
}

const errorBodySchema = z.looseObject({
  Code: z.optional(z.string()),
  code: z.optional(z.string()),
  Message: z.optional(z.string()),
  message: z.optional(z.string()),
  RequestId: z.optional(z.string()),
  requestId: z.optional(z.string())
})

/** Maps a non-2xx response to a ProviderError with class, code, message, status and request id. */
export function classifyErrorResponse(
  response: HttpResponse,
  credentials: AlibabaCredentials,
  nowMs: number
): ProviderError {
  const parsed = errorBodySchema.safeParse(parseJsonBody(response.body))
  const fields = parsed.success ? parsed.data : {}
  const code = fields.Code ?? fields.code
  const providerMessage = fields.Message ?? fields.message
  const requestId = fields.RequestId ?? fields.requestId ?? response.headers['x-acs-request-id']
  const retryAfterMs = parseRetryAfterMs(response.headers, nowMs)
  const hinted = response.headers['x-acs-retry-after'] !== undefined && retryAfterMs !== undefined
  const errorClass = classOf(response.status, code, hinted)

  let message = providerMessage ?? `HTTP ${response.status} without an Alibaba error body.`
  if (errorClass === 'auth') {
    const rule = code === undefined ? undefined : AUTH_RULES.find(r => r.test(code))
    message = `${rule?.hint ?? GENERIC_AUTH_HINT} Alibaba said: ${code ?? `HTTP ${response.status}`}${providerMessage ? `: ${providerMessage}` : ''}`
  }
  return new ProviderError({
    code: code ?? `HTTP${response.status}`,
    errorClass,
    message: scrubSecrets(message, credentials),
    httpStatus: response.status,
    retryAfterMs: errorClass === 'retryable' ? retryAfterMs : undefined,
    requestId
  })
}

/**
 * Sends one signed call and returns the validated JSON body. Throws ProviderError for transport
 * failures, error responses, and 2xx bodies that are not the expected JSON (retryable
 * `MalformedResponse`: a proxy or a truncated answer, not a verdict on the request).
 */
export async function callRpc<T>(
  options: RpcClientOptions,
  call: RpcCall,
  schema: z.ZodMiniType<T>
): Promise<RpcResult<T>> {
  const now = options.now ?? Date.now
  const request = buildRpcRequest(
    options.endpoint,
    options.credentials,
    call,
    formatAcsDate(now()),
    (options.nonce ?? randomNonce)()
  )
  const response = await sendRequest(request, {
    timeoutMs: options.requestTimeoutMs,
    logger: options.logger ?? silentLogger
  })
  if (response.status < 200 || response.status >= 300) {
    throw classifyErrorResponse(response, options.credentials, now())
  }
  const requestIdHeader = response.headers['x-acs-request-id']
  const data = parseResponse(
    response,
    schema,
    call.action,
    text => scrubSecrets(text, options.credentials),
    requestIdHeader
  )
  const bodyRequestId =
    typeof data === 'object' && data !== null && 'RequestId' in data
      ? (data as { RequestId: unknown }).RequestId
      : undefined
  return {
    data,
    requestId: typeof bodyRequestId === 'string' ? bodyRequestId : requestIdHeader
  }
}

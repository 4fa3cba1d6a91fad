// Huawei Cloud APIG "SDK-HMAC-SHA256" request signing (providers.md §5.5).
// Every function is pure: the date travels in the x-sdk-date header, so tests can pin exact outputs.
import { EMPTY_BODY_SHA256, nodeCrypto, percentEncode, sha256Hex } from '../signing-encoding.js'

export { EMPTY_BODY_SHA256, percentEncode, sha256Hex }

export const SDK_HMAC_ALGORITHM = 'SDK-HMAC-SHA256'
/** Header that replaces the body hash, e.g. with `UNSIGNED-PAYLOAD` (documented by APIG). */
export const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256'

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
}

/** The path as sent on the wire: each `/`-separated segment of the unencoded path percent-encoded. */
export function encodePath(path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`
  return absolute.split('/').map(percentEncode).join('/')
}

/** The encoded path, always ending in `/` (the slash is added to the signature only, never sent). */
export function canonicalUri(path: string): string {
  const encoded = encodePath(path)
  return encoded.endsWith('/') ? encoded : `${encoded}/`
}

/** Query parameters by name; an array repeats the name once per value. */
export type QueryParams = Readonly<Record<string, string | readonly string[]>>

/** Ordinal (UTF-16 code unit) order: what Array.prototype.sort does in the official Node SDK. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Names sorted (unencoded, ordinally), each value `enc(name)=enc(value)`; array values sorted and
 * repeated; joined with `&`. An empty array contributes nothing. Also a valid query string to send.
 */
export function canonicalQueryString(query: QueryParams): string {
  const pairs: string[] = []
  for (const name of Object.keys(query).sort(ordinal)) {
    const raw = query[name] ?? ''
    const values = typeof raw === 'string' ? [raw] : [...raw].sort(ordinal)
    for (const value of values) pairs.push(`${percentEncode(name)}=${percentEncode(value)}`)
  }
  return pairs.join('&')
}

/** Encoded path plus `?query` when there is one: the request target that matches the signature. */
export function requestTarget(path: string, query: QueryParams = {}): string {
  const search = canonicalQueryString(query)
  return search ? `${encodePath(path)}?${search}` : encodePath(path)
}

export interface CanonicalHeaders {
  /** `name:value\n` per signed header, lower-case names in ordinal order, values trimmed. */
  canonical: string
  /** The lower-case names joined with `;`. */
  signedHeaders: string
}

/**
 * Signs every header given. Values are trimmed as the API signing guide says; the official Node SDK
 * does not trim, which only matters for values with outer whitespace (Node's HTTP parser strips it
 * on the server side anyway). Two names differing only in case are a caller error: which value the
 * server would see is undefined.
 */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const byName = new Map<string, string>()
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (byName.has(lower))
      throw new Error(`Header "${lower}" is given twice (names differ in case).`)
    byName.set(lower, value.trim())
  }
  const names = [...byName.keys()].sort(ordinal)
  return {
    canonical: names.map(name => `${name}:${byName.get(name) ?? ''}\n`).join(''),
    signedHeaders: names.join(';')
  }
}

/** Hex SHA-256 of the exact body bytes (a string is hashed as UTF-8); no body hashes as empty. */
export function payloadHash(body: string | Uint8Array | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body)
}

export function stringToSign(sdkDate: string, canonicalRequest: string): string {
  return `${SDK_HMAC_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`
}

export function authorizationHeader(
  accessKeyId: string,
  signedHeaders: string,
  signatureHex: string
): string {
  return `${SDK_HMAC_ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signatureHex}`
}

export interface SdkHmacInput {
  method: string
  /** Unencoded path, e.g. `/v1.0/0123abcd/asset/preheating`; segments are encoded here. */
  path: string
  query?: QueryParams
  /**
   * Every header to sign, including `host` and `x-sdk-date`. An `x-sdk-content-sha256` header, when
   * given, replaces the body hash with its value (e.g. UNSIGNED-PAYLOAD) and is signed itself.
   */
  headers: Readonly<Record<string, string>>
  /** The exact bytes that will be sent. */
  body?: string | Uint8Array
  accessKeyId: string
  secretAccessKey: string
}

export interface SdkHmacSigned {
  canonicalRequest: string
  stringToSign: string
  signature: string
  signedHeaders: string
  authorization: string
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]?.trim()
}

/** The whole computation; intermediate values are returned for tests and emulators. */
export function signSdkHmac(input: SdkHmacInput): SdkHmacSigned {
  const date = headerValue(input.headers, 'x-sdk-date')
  if (!date) throw new Error('The x-sdk-date header is required: it is part of the string to sign.')
  if (!headerValue(input.headers, 'host')) throw new Error('The host header is required.')
  const headers = canonicalHeaders(input.headers)
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query ?? {}),
    headers.canonical,
    headers.signedHeaders,
    headerValue(input.headers, CONTENT_SHA256_HEADER) ?? payloadHash(input.body)
  ].join('\n')
  const toSign = stringToSign(date, canonicalRequest)
  const signature = nodeCrypto()
    .createHmac('sha256', input.secretAccessKey)
    .update(toSign)
    .digest('hex')
  return {
    canonicalRequest,
    stringToSign: toSign,
    signature,
    signedHeaders: headers.signedHeaders,
    authorization: authorizationHeader(input.accessKeyId, headers.signedHeaders, signature)
  }
}

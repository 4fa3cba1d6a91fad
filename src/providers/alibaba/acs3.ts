// ACS3-HMAC-SHA256 ("V3") request signing for Alibaba Cloud APIs (providers.md §1.4).
// Every function is pure: date and nonce are inputs, so tests can pin exact outputs.
import { EMPTY_BODY_SHA256, nodeCrypto, percentEncode, sha256Hex } from '../signing-encoding.js'

export { EMPTY_BODY_SHA256, percentEncode, sha256Hex }

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

/** Ordinal (UTF-16 code unit) order, as the official runtime's Array.prototype.sort uses. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Parameters sorted by name, each `enc(name)=enc(value)`, joined with `&`; empty values give `name=`. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort(ordinal)
    .map(name => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&')
}

/** Flat `k=v&...` form body with RFC 3986 encoding, in the order given. */
export function encodeForm(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&')
}

function isSignedHeader(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-')
}

export interface CanonicalHeaders {
  /** `name:value\n` for each signed header, sorted by lower-case name. */
  canonical: string
  /** The signed lower-case names joined with `;`. */
  signedHeaders: string
}

/**
 * Selects `host`, `content-type` and `x-acs-*`, lower-cases names and trims values. Names that differ
 * only in case are merged the way the official runtime does: values sorted, joined with `,`.
 */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const grouped = new Map<string, string[]>()
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (!isSignedHeader(lower)) continue
    const values = grouped.get(lower) ?? []
    values.push(value.trim())
    grouped.set(lower, values)
  }
  const names = [...grouped.keys()].sort(ordinal)
  const canonical = names
    .map(name => `${name}:${(grouped.get(name) ?? []).sort(ordinal).join(',')}\n`)
    .join('')
  return { canonical, signedHeaders: names.join(';') }
}

export interface CanonicalRequestInput {
  method: string
  /** `/` for RPC-style APIs. */
  path: string
  query: Readonly<Record<string, string>>
  headers: Readonly<Record<string, string>>
  /** Lower-case hex SHA-256 of the body bytes (x-acs-content-sha256). */
  payloadHash: string
}

export function canonicalRequest(input: CanonicalRequestInput): {
  canonicalRequest: string
  signedHeaders: string
} {
  const headers = canonicalHeaders(input.headers)
  const text = [
    input.method.toUpperCase(),
    input.path,
    canonicalQuery(input.query),
    headers.canonical,
    headers.signedHeaders,
    input.payloadHash
  ].join('\n')
  return { canonicalRequest: text, signedHeaders: headers.signedHeaders }
}

export function stringToSign(canonicalRequestText: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequestText)}`
}

/** Hex HMAC-SHA256 keyed with the raw secret (no `&` suffix, unlike V2). */
export function signature(accessKeySecret: string, stringToSignText: string): string {
  return nodeCrypto().createHmac('sha256', accessKeySecret).update(stringToSignText).digest('hex')
}

export function authorizationHeader(
  accessKeyId: string,
  signedHeaders: string,
  signatureHex: string
): string {
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signatureHex}`
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, the x-acs-date format. */
export function formatAcsDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `headers`: every header to send that takes part in signing, including host and the x-acs-* set. */
export interface SignInput extends CanonicalRequestInput {
  accessKeyId: string
  accessKeySecret: string
}

export interface Signed {
  canonicalRequest: string
  stringToSign: string
  signature: string
  signedHeaders: string
  authorization: string
}

/** The whole V3 computation; intermediate values are returned for tests and emulators. */
export function signAcs3(input: SignInput): Signed {
  const canonical = canonicalRequest(input)
  const toSign = stringToSign(canonical.canonicalRequest)
  const sig = signature(input.accessKeySecret, toSign)
  return {
    canonicalRequest: canonical.canonicalRequest,
    stringToSign: toSign,
    signature: sig,
    signedHeaders: canonical.signedHeaders,
    authorization: authorizationHeader(input.accessKeyId, canonical.signedHeaders, sig)
  }
}

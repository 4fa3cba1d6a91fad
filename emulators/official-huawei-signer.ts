// Huawei's own APIG signer (AKSKSigner of @huaweicloud/huaweicloud-sdk-core, a devDependency),
// wrapped so it takes the same request description as src/providers/huawei/sign.ts: a second,
// independent implementation that the emulator verifies signatures with and the signer tests
// compare against. Never imported by src/.
import { createHash, createHmac } from 'node:crypto'
import { parse as legacyParse } from 'node:url'
import * as akskModule from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js'

/** The request shape AKSKSigner reads (a subset of the SDK's IHttpRequest). */
interface OfficialRequest {
  method: string
  endpoint: string
  queryParams: Record<string, string | string[]>
  headers: Record<string, string>
  data?: unknown
}

// sign() is public; the other statics are `protected` in the typings but plain properties at
// run time. They are used only to expose the canonical request, which sign() keeps to itself.
interface AkskSigner {
  sign(
    request: OfficialRequest,
    credential: { getAk(): string; getSk(): string }
  ): Record<string, string>
  CanonicalURI(path: string): string
  CanonicalQueryString(request: OfficialRequest): string
  buildCanonicalHeaders(headers: Record<string, string>): string
  buildPayloadHash(request: OfficialRequest): string
  buildCanonicalRequest(
    method: string,
    uri: string,
    query: string,
    headers: string,
    signedHeaders: string,
    payloadHash: string
  ): string
}

// CommonJS; depending on the loader (Node ESM, tsx, jest) the class is a named export or sits
// under `default`.
function resolve(mod: unknown): AkskSigner {
  let current = mod
  for (let i = 0; i < 3; i++) {
    if (typeof current !== 'object' || current === null) break
    const candidate = current as { AKSKSigner?: Partial<AkskSigner>; default?: unknown }
    if (typeof candidate.AKSKSigner?.sign === 'function') return candidate.AKSKSigner as AkskSigner
    current = candidate.default
  }
  throw new Error('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner does not export AKSKSigner')
}

const signer = resolve(akskModule)

/** The official signer cannot express this request, so it cannot vouch for a signature over it. */
export class UnrepresentableRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnrepresentableRequestError'
  }
}

export interface OfficialSignInput {
  method: string
  /** Unencoded path, as src/providers/huawei/sign.ts takes it. */
  path: string
  query?: Readonly<Record<string, string | readonly string[]>>
  /** The signed headers, including host and x-sdk-date (any case). */
  headers: Readonly<Record<string, string>>
  /** The exact body bytes. */
  body?: string | Uint8Array
  accessKeyId: string
  secretAccessKey: string
}

export interface OfficialSigned {
  /** What AKSKSigner.sign() produced. */
  authorization: string
  signedHeaders: string
  signature: string
  /** Rebuilt from AKSKSigner's own helpers and checked against its signature. */
  canonicalRequest: string
}

// AKSKSigner looks these up by exact spelling: 'X-Sdk-Date' (else it stamps the current time),
// 'host' (else the endpoint's host) and 'X-Sdk-Content-Sha256' (else it hashes the body).
const OFFICIAL_SPELLING: Record<string, string> = {
  'x-sdk-date': 'X-Sdk-Date',
  host: 'host',
  'x-sdk-content-sha256': 'X-Sdk-Content-Sha256'
}

/**
 * The SDK hashes JSON.stringify(request.data), never raw bytes, so a body is only expressible when
 * it is exactly what JSON.stringify writes for its own parse (true of every body our client sends).
 */
function bodyAsData(body: string | Uint8Array | undefined): unknown {
  if (body === undefined || body.length === 0) return undefined
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  if (typeof body !== 'string' && !Buffer.from(text, 'utf8').equals(Buffer.from(body))) {
    throw new UnrepresentableRequestError('The body is not valid UTF-8.')
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UnrepresentableRequestError('The body is not JSON.')
  }
  // A falsy value (0, false, "", null) would make the SDK hash an empty body instead.
  if (!data || JSON.stringify(data) !== text) {
    throw new UnrepresentableRequestError('The body is not JSON in the form JSON.stringify writes.')
  }
  return data
}

/**
 * Signs with the official AKSKSigner. Throws UnrepresentableRequestError when the SDK cannot take
 * the request as given: its path goes through the legacy url.parse(), which escapes spaces, quotes
 * and a few other characters before the SDK encodes them again, and it hashes JSON data, not bytes.
 */
export function officialHuaweiSign(input: OfficialSignInput): OfficialSigned {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.headers)) {
    headers[OFFICIAL_SPELLING[name.toLowerCase()] ?? name] = value
  }
  const host = headers.host
  const date = headers['X-Sdk-Date']
  if (!host || !date) throw new Error('host and x-sdk-date headers are required')
  const endpoint = `http://${host}${input.path}`
  const parsed = legacyParse(endpoint)
  if (
    !input.path.startsWith('/') ||
    parsed.pathname !== input.path ||
    parsed.search ||
    parsed.hash
  ) {
    throw new UnrepresentableRequestError(
      `The path ${JSON.stringify(input.path)} does not survive url.parse() unchanged.`
    )
  }
  // Copies: the SDK sorts array values in place.
  const queryParams: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(input.query ?? {})) {
    queryParams[name] = typeof value === 'string' ? value : [...value]
  }
  const request: OfficialRequest = {
    method: input.method,
    endpoint,
    queryParams,
    headers,
    data: bodyAsData(input.body)
  }
  const credential = { getAk: () => input.accessKeyId, getSk: () => input.secretAccessKey }
  const signed = signer.sign(request, credential)
  const authorization = signed.Authorization ?? ''
  const match = /SignedHeaders=([^,]*), Signature=([0-9a-f]+)$/.exec(authorization)
  if (!match) throw new Error(`AKSKSigner returned an unexpected Authorization: ${authorization}`)
  const [, signedHeaders = '', signature = ''] = match

  const allHeaders: Record<string, string> = { ...headers }
  delete allHeaders.Authorization
  const canonicalRequest = signer.buildCanonicalRequest(
    input.method,
    signer.CanonicalURI(parsed.pathname ?? '/'),
    signer.CanonicalQueryString(request),
    signer.buildCanonicalHeaders(allHeaders),
    signedHeaders,
    signer.buildPayloadHash(request)
  )
  const stringToSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`
  const check = createHmac('sha256', input.secretAccessKey).update(stringToSign).digest('hex')
  if (check !== signature) {
    throw new Error(
      'The rebuilt canonical request does not reproduce AKSKSigner.sign(): the SDK changed.'
    )
  }
  return { authorization, signedHeaders, signature, canonicalRequest }
}

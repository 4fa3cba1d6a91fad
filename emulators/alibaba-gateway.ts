// The Alibaba Cloud RPC gateway the DCDN and ESA emulators share: parameter decoding, ACS3
// signature verification with the official @alicloud/openapi-util helpers (so the project's own
// signer is checked by a second implementation), nonce and clock checks, the Alibaba error document,
// request records and injected faults. Each emulator supplies its version and its actions.
import { createHash, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAfterAcceptFault, type AfterAcceptFault, type EmulatorFault } from './faults.js'
import {
  headerValue,
  playAfterAccept,
  playTransportFault,
  readRequest,
  recordedHeaders
} from './request-parts.js'
import { listenOnLoopback } from './loopback-server.js'
import { officialAlibabaUtil as openApiUtil } from './official-alibaba-util.js'

export interface EmulatorCredential {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests with this AccessKey must carry exactly this STS token. */
  securityToken?: string
}

/** The fixed AccessKey the Alibaba emulators accept unless told otherwise. Test-only values. */
export const EMULATOR_CREDENTIALS: EmulatorCredential = {
  accessKeyId: 'LTAI5tEmulatorTestKeyId',
  accessKeySecret: 'EmulatorTestSecret0123456789abcd'
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

/** An error answer: HTTP status, Alibaba error code and message. */
export class ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string
  ) {}
}

/** Answers one action: its JSON fields besides RequestId, or an ApiError thrown. */
export type ActionHandler = (
  params: Record<string, string>,
  method: string
) => Record<string, unknown>

export interface GatewayOptions {
  /** API version every request must carry in x-acs-version. */
  version: string
  /** Product name in messages, e.g. "DCDN". */
  product: string
  /** `product` of the troubleshooting link in error documents, e.g. "Dcdn". */
  recommendProduct: string
  /** `HostId` of error documents, e.g. dcdn.aliyuncs.com. */
  hostId: string
  credentials: EmulatorCredential[]
  now: () => number
  /** Whether business parameters are read from a form body, or only from the query string. */
  paramsInBody: boolean
  listenHost: '127.0.0.1' | '::1'
  actions: Readonly<Record<string, ActionHandler>>
}

export interface Gateway {
  url: string
  requests: RecordedRequest[]
  /** Queues faults for the next requests of `action` ('*': any action), applied in order. */
  inject(action: string, ...faults: EmulatorFault[]): void
  close(): Promise<void>
}

const MAX_SKEW_MS = 15 * 60_000

/** Query-string and form decoding as a server does it: `+` is a space, then percent-decoding. */
export function decodeParams(raw: string): Record<string, string> {
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

/** The MissingParameter answer the RPC gateways give for an absent mandatory parameter. */
export function missingParameter(name: string): ApiError {
  return new ApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`
  )
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  return recordedHeaders(headers, (name, value) =>
    name === 'authorization'
      ? value.replace(/Signature=[0-9a-fA-F]+/, 'Signature=[REDACTED]')
      : name === 'x-acs-security-token'
        ? '[REDACTED]'
        : undefined
  )
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

export async function startAlibabaGateway(options: GatewayOptions): Promise<Gateway> {
  const { now, credentials } = options
  const requests: RecordedRequest[] = []
  const faults = new Map<string, EmulatorFault[]>()
  const nonces = new Map<string, number>()

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
      // Emulator's choice of code: Alibaba's answer to a body that does not match its hash is unknown.
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

    if (headerValue(req, 'x-acs-version') !== options.version) {
      throw new ApiError(
        400,
        'InvalidVersion',
        `Specified parameter Version is not valid; ${options.product} is ${options.version}.`
      )
    }
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
      HostId: options.hostId,
      ...(code === undefined ? {} : { Code: code }),
      ...(message === undefined ? {} : { Message: message }),
      ...(code === undefined
        ? {}
        : {
            Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=${options.recommendProduct}`
          })
    })
  }

  function applyFault(
    fault: Exclude<EmulatorFault, AfterAcceptFault>,
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): void {
    const requestId = randomUUID().toUpperCase()
    if (playTransportFault(fault, req, res, record, 200)) return
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
    const { body, path, query: rawQuery } = await readRequest(req)
    const action = headerValue(req, 'x-acs-action') ?? ''
    const record: RecordedRequest = {
      action,
      method: req.method ?? '',
      path,
      headers: redact(req.headers),
      query: {},
      body: {},
      paramsIn: 'none',
      status: 0
    }
    requests.push(record)

    const fault = faults.get(action)?.shift() ?? faults.get('*')?.shift()
    if (fault !== undefined && !isAfterAcceptFault(fault)) {
      applyFault(fault, req, res, record)
      return
    }
    // Processed as usual, then its answer is lost or spoiled.
    const afterAccept = fault !== undefined && isAfterAcceptFault(fault) ? fault : undefined

    const requestId = randomUUID().toUpperCase()
    try {
      const query = decodeParams(rawQuery)
      record.query = query
      const isForm = (headerValue(req, 'content-type') ?? '').startsWith(
        'application/x-www-form-urlencoded'
      )
      const form = isForm ? decodeParams(body.toString('utf8')) : {}
      record.body = form
      verify(req, body, query)
      // A gateway that only reads the query string never sees form parameters.
      const fromBody = options.paramsInBody ? form : {}
      const hasQuery = Object.keys(query).length > 0
      const hasBody = Object.keys(fromBody).length > 0
      record.paramsIn =
        hasQuery && hasBody ? 'both' : hasQuery ? 'query' : hasBody ? 'body' : 'none'
      const params = { ...query, ...fromBody }
      const handler = Object.hasOwn(options.actions, action) ? options.actions[action] : undefined
      if (!handler)
        throw new ApiError(404, 'InvalidAction.NotFound', `Specified api "${action}" is not found.`)
      const result = handler(params, req.method ?? 'POST')
      record.status = 200
      const answer = JSON.stringify({ RequestId: requestId, ...result })
      if (afterAccept !== undefined) {
        const headers = { 'x-acs-request-id': requestId }
        playAfterAccept(afterAccept, req, res, record, 200, answer, headers)
        return
      }
      send(res, 200, answer, { 'x-acs-request-id': requestId })
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
    host: options.listenHost,
    maxHeaderSize: 8 * 1024 * 1024
  })
  return {
    url: server.url,
    requests,
    inject(action, ...list) {
      faults.set(action, [...(faults.get(action) ?? []), ...list])
    },
    close: () => server.close()
  }
}

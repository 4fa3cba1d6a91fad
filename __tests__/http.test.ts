import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { redactHeaders, redactUrl, sendRequest } from '../src/providers/http.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { thrownAsync } from './helpers/expect-error.js'

let server: Server
let base: string
const sockets = new Set<Socket>()

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req)
  const path = (req.url ?? '').split('?')[0]
  if (path === '/echo') {
    res.writeHead(201, { 'Content-Type': 'application/json', 'X-Multi': ['a', 'b'] })
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }))
  } else if (path === '/hang') {
    // never answers
  } else if (path === '/slow-body') {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.write('partial') // and never ends
  } else if (path === '/reset') {
    req.socket.destroy()
  } else if (path === '/reset-mid-body') {
    res.writeHead(200, { 'content-length': '100' })
    res.write('only part')
    setTimeout(() => req.socket.destroy(), 10)
  } else if (path === '/redirect') {
    res.writeHead(302, { location: '/echo' })
    res.end()
  } else {
    res.writeHead(404)
    res.end()
  }
}

function capture(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: m => lines.push(m),
    info: m => lines.push(m),
    warning: m => lines.push(m)
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void route(req, res))
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>(resolve => server.close(() => resolve()))
})

describe('sendRequest', () => {
  it('sends method, headers and body, and returns status, lower-cased headers and body', async () => {
    const res = await sendRequest(
      {
        method: 'POST',
        url: `${base}/echo?a=1`,
        headers: { 'X-Custom': 'v', 'content-type': 'text/plain' },
        body: 'héllo'
      },
      { timeoutMs: 5000 }
    )
    expect(res.status).toBe(201)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.headers['x-multi']).toBe('a, b')
    const echoed = JSON.parse(res.body) as {
      method: string
      url: string
      headers: Record<string, string>
      body: string
    }
    expect(echoed).toMatchObject({ method: 'POST', url: '/echo?a=1', body: 'héllo' })
    expect(echoed.headers['x-custom']).toBe('v')
    expect(echoed.headers['content-length']).toBe(String(Buffer.byteLength('héllo')))
  })

  it('returns redirects instead of following them', async () => {
    const res = await sendRequest(
      { method: 'GET', url: `${base}/redirect`, headers: {} },
      { timeoutMs: 5000 }
    )
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/echo')
  })

  it('turns a server that never answers into a retryable Timeout', async () => {
    const started = Date.now()
    const err = await thrownAsync(
      ProviderError,
      sendRequest(
        { method: 'POST', url: `${base}/hang?token=abc`, headers: {} },
        { timeoutMs: 150 }
      )
    )
    expect(err.code).toBe('Timeout')
    expect(err.errorClass).toBe('retryable')
    expect(Date.now() - started).toBeLessThan(3000)
    expect(err.message).toContain(`${base}/hang`)
    expect(err.message).not.toContain('token=abc')
  })

  it('applies the deadline to the whole exchange, including a body that stalls', async () => {
    const err = await thrownAsync(
      ProviderError,
      sendRequest({ method: 'GET', url: `${base}/slow-body`, headers: {} }, { timeoutMs: 200 })
    )
    expect(err.code).toBe('Timeout')
    expect(err.errorClass).toBe('retryable')
  })

  it('turns a connection reset into a retryable NetworkError', async () => {
    const err = await thrownAsync(
      ProviderError,
      sendRequest({ method: 'POST', url: `${base}/reset`, headers: {} }, { timeoutMs: 5000 })
    )
    expect(err.code).toBe('NetworkError')
    expect(err.errorClass).toBe('retryable')
    expect(err.message).toContain('ECONNRESET')
  })

  it('treats a response cut off mid-body as a NetworkError', async () => {
    const err = await thrownAsync(
      ProviderError,
      sendRequest(
        { method: 'GET', url: `${base}/reset-mid-body`, headers: {} },
        { timeoutMs: 5000 }
      )
    )
    expect(err.code).toBe('NetworkError')
  })

  it('turns a refused connection into a retryable NetworkError', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const err = await thrownAsync(
      ProviderError,
      sendRequest(
        { method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} },
        { timeoutMs: 5000 }
      )
    )
    expect(err.code).toBe('NetworkError')
    expect(err.message).toContain('ECONNREFUSED')
  })

  it('logs one debug line per request and response with credentials redacted', async () => {
    const logger = capture()
    await sendRequest(
      {
        method: 'POST',
        url: `${base}/echo?SecurityToken=sts-secret-token&x=1`,
        headers: {
          authorization:
            'ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host,Signature=deadbeefcafe',
          'x-acs-security-token': 'sts-secret-token',
          'x-acs-date': '2026-01-01T00:00:00Z'
        },
        body: 'a=b'
      },
      { timeoutMs: 5000, logger }
    )
    expect(logger.lines).toHaveLength(2)
    const all = logger.lines.join('\n')
    expect(all).not.toContain('sts-secret-token')
    expect(all).not.toContain('deadbeefcafe')
    expect(all).toContain('ACS3-HMAC-SHA256 [REDACTED]')
    expect(all).toContain('2026-01-01T00:00:00Z')
    expect(logger.lines[1]).toContain('HTTP 201')
  })

  it('logs failures without secrets too', async () => {
    const logger = capture()
    await thrownAsync(
      ProviderError,
      sendRequest(
        {
          method: 'POST',
          url: `${base}/reset?token=t0ps3cret`,
          headers: { 'x-auth-token': 't0ps3cret' }
        },
        { timeoutMs: 5000, logger }
      )
    )
    expect(logger.lines.join('\n')).not.toContain('t0ps3cret')
    expect(logger.lines[1]).toContain('NetworkError')
  })
})

describe('sendRequest to an IPv6 literal', () => {
  let v6: Server
  let v6Base: string
  beforeAll(async () => {
    v6 = createServer((req, res) => void route(req, res))
    await new Promise<void>(resolve => v6.listen(0, '::1', resolve))
    v6Base = `http://[::1]:${(v6.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    v6.closeAllConnections()
    await new Promise<void>(resolve => v6.close(() => resolve()))
  })

  function echoed(body: string): { url: string; headers: Record<string, string> } {
    return JSON.parse(body) as { url: string; headers: Record<string, string> }
  }

  it('connects to http://[::1]:port and sends the bracketed Host header', async () => {
    const res = await sendRequest(
      { method: 'GET', url: `${v6Base}/echo?x=1`, headers: {} },
      { timeoutMs: 5000 }
    )
    expect(res.status).toBe(201)
    const seen = echoed(res.body)
    expect(seen.url).toBe('/echo?x=1')
    expect(seen.headers.host).toBe(v6Base.slice('http://'.length))
  })

  it('keeps an explicit Host header, which a signature may cover', async () => {
    const res = await sendRequest(
      { method: 'GET', url: `${v6Base}/echo`, headers: { Host: 'cdn.example.com' } },
      { timeoutMs: 5000 }
    )
    expect(res.status).toBe(201)
    expect(echoed(res.body).headers.host).toBe('cdn.example.com')
  })
})

describe('redactHeaders', () => {
  it('hides credential values of every provider and keeps the rest', () => {
    expect(
      redactHeaders({
        Authorization: 'ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=abc',
        authorization2: 'x',
        'x-acs-security-token': 'tok',
        'X-Security-Token': 'hw',
        'X-Auth-Token': 'iam',
        'proxy-authorization': 'Basic dXNlcjpwYXNz',
        cookie: 'session=1',
        'x-api-key': 'k',
        'x-acs-signature-nonce': 'nonce',
        'x-acs-date': 'date',
        'set-cookie': ['a=1', 'b=2'],
        'x-empty': undefined
      })
    ).toEqual({
      Authorization: 'ACS3-HMAC-SHA256 [REDACTED]',
      authorization2: 'x',
      'x-acs-security-token': '[REDACTED]',
      'X-Security-Token': '[REDACTED]',
      'X-Auth-Token': '[REDACTED]',
      'proxy-authorization': 'Basic [REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-acs-signature-nonce': 'nonce',
      'x-acs-date': 'date',
      'set-cookie': '[REDACTED]'
    })
  })

  it('keeps the scheme word of Gcore and Huawei Authorization values only', () => {
    expect(redactHeaders({ authorization: 'APIKey 29841$c767abc' }).authorization).toBe(
      'APIKey [REDACTED]'
    )
    expect(
      redactHeaders({ authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=x' })
        .authorization
    ).toBe('SDK-HMAC-SHA256 [REDACTED]')
    expect(redactHeaders({ authorization: 'opaque-token-without-scheme' }).authorization).toBe(
      '[REDACTED]'
    )
  })
})

describe('redactUrl', () => {
  it('hides credential query values and userinfo', () => {
    const out = redactUrl(
      'https://user:pw@h.example/p?Signature=s1&SecurityToken=s2&AccessKeyId=ak&X-Amz-Signature=s3&api_key=s4&x=1'
    )
    for (const secret of ['pw', 's1', 's2', 's3', 's4']) expect(out).not.toContain(`=${secret}`)
    expect(out).not.toContain(':pw@')
    expect(out).toContain('AccessKeyId=ak')
    expect(out).toContain('x=1')
  })

  it('leaves URLs without credentials untouched and hides unparseable ones', () => {
    const plain =
      'https://dcdn.aliyuncs.com/?ObjectPath=https%3A%2F%2Fa.example%2Fx%20y&ObjectType=File'
    expect(redactUrl(plain)).toBe(plain)
    expect(redactUrl('not a url')).toBe('[REDACTED]')
  })
})

// sendRequest tells a request that never left (retry it) from one whose answer was lost after it
// was sent (a write may have been accepted), and never waits past the time it is given.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import * as z from 'zod/mini'
import { parseResponse, sendRequest } from '../src/providers/http.js'
import { ProviderError } from '../src/providers/provider.js'
import { redactSignatures } from '../src/providers/provider-text.js'
import { escapeControls } from '../src/workflow-text.js'
import { thrown, thrownAsync } from './helpers/expect-error.js'

const servers: Server[] = []
const sockets: Socket[] = []
afterEach(async () => {
  sockets.splice(0).forEach(s => s.destroy())
  await Promise.all(servers.splice(0).map(s => new Promise(resolve => s.close(resolve))))
})

/** A server whose every request is answered by `answer` once its body has been read. */
async function serve(
  answer: (res: import('node:http').ServerResponse, socket: Socket) => void
): Promise<{ url: string; seen: () => number }> {
  let seen = 0
  const server = createServer((req, res) => {
    seen++
    req.resume()
    req.on('end', () => answer(res, req.socket))
  })
  server.on('connection', s => sockets.push(s))
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, seen: () => seen }
}

const post = (url: string) => ({ method: 'POST', url, headers: {}, body: 'ObjectPath=x' })

describe('sendRequest: sent or not', () => {
  it('a refused connection was never sent: retryable, not maybe accepted', async () => {
    const { url } = await serve(() => {})
    await new Promise(resolve => servers.pop()!.close(resolve))
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: 2000 }))
    expect(err).toMatchObject({ code: 'NetworkError', errorClass: 'retryable' })
    expect(err.mayHaveBeenAccepted).toBeUndefined()
  })

  it('no answer after the request was sent may have been accepted', async () => {
    const { url } = await serve(() => {})
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: 300 }))
    expect(err).toMatchObject({ code: 'Timeout', mayHaveBeenAccepted: true })
    expect(err.message).toMatch(/after the request was sent/)
  })

  it('a reset after the request was sent may have been accepted', async () => {
    const { url } = await serve((_res, socket) => socket.destroy())
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: 2000 }))
    expect(err).toMatchObject({ code: 'NetworkError', mayHaveBeenAccepted: true })
  })

  it('200 headers then a reset may have been accepted, and keeps the request ID', async () => {
    const { url } = await serve((res, socket) => {
      res.writeHead(200, { 'x-acs-request-id': 'RID-1' })
      res.write('{"Refresh', () => socket.destroy())
    })
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: 2000 }))
    expect(err).toMatchObject({ mayHaveBeenAccepted: true, requestId: 'RID-1', httpStatus: 200 })
  })

  it('503 headers then a reset is the provider refusing: retryable, not maybe accepted', async () => {
    const { url } = await serve((res, socket) => {
      res.writeHead(503)
      res.write('{"Code', () => socket.destroy())
    })
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: 2000 }))
    expect(err).toMatchObject({ errorClass: 'retryable', httpStatus: 503 })
    expect(err.mayHaveBeenAccepted).toBeUndefined()
  })
})

describe('sendRequest: time given', () => {
  it('asks a timeout function as each request starts, and sends nothing without time left', async () => {
    const { url, seen } = await serve(() => {})
    const err = await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: () => 0 }))
    expect(err).toMatchObject({ code: 'Timeout', errorClass: 'retryable' })
    expect(err.mayHaveBeenAccepted).toBeUndefined()
    expect(seen()).toBe(0)

    const started = Date.now()
    await thrownAsync(ProviderError, sendRequest(post(url), { timeoutMs: () => 200 }))
    expect(Date.now() - started).toBeLessThan(1500)
    expect(seen()).toBe(1)
  })
})

describe('parseResponse', () => {
  const schema = z.object({ RefreshTaskId: z.string().check(z.regex(/^\d+$/)) })
  const SECRET = 'S3cr3tValueThatMustNeverLeak0123456789'
  const scrub = (text: string) => text.split(SECRET).join('[REDACTED]')

  it('removes a secret straddling the 200-character cut before cutting', () => {
    const body = `${'x'.repeat(190)}${SECRET}`
    const err = thrown(ProviderError, () =>
      parseResponse({ status: 200, headers: {}, body }, schema, 'Refresh', scrub)
    )
    expect(err.code).toBe('MalformedResponse')
    expect(err.message).not.toContain(SECRET.slice(0, 6))
  })

  it('redacts an echoed Signature and Authorization value', () => {
    const sig = 'a'.repeat(64)
    const body = `<Error><Auth>ACS3-HMAC-SHA256 Credential=LTAIkey,SignedHeaders=host,Signature=${sig}</Auth></Error>`
    const err = thrown(ProviderError, () =>
      parseResponse({ status: 200, headers: {}, body }, schema, 'Refresh', scrub)
    )
    expect(err.message).not.toContain(sig.slice(0, 16))
    expect(err.message).not.toContain('LTAIkey')
  })

  it('a 2xx without a valid task ID is NoTaskId, maybe accepted, one line', () => {
    const err = thrown(ProviderError, () =>
      parseResponse(
        { status: 200, headers: {}, body: '{"RefreshTaskId":"1\\n::error::x"}' },
        schema,
        'Refresh',
        scrub
      )
    )
    expect(err).toMatchObject({ code: 'NoTaskId', mayHaveBeenAccepted: true })
    expect(err.message).not.toMatch(/\n/)
  })
})

describe('provider text', () => {
  it('escapes every control character, so that no workflow command can start a line', () => {
    expect(escapeControls('a\n::error::b\r\t\u0007\u2028')).toBe(
      'a\\n::error::b\\r\\t\\u0007\\u2028'
    )
  })

  it('ProviderError escapes the message, code and request ID, and redacts signatures', () => {
    const err = new ProviderError({
      code: 'Bad\nCode',
      errorClass: 'permanent',
      message:
        'denied\n::add-mask::x Authorization: SDK-HMAC-SHA256 Access=AK, Signature=abcdef0123456789',
      requestId: 'r\n::set-output name=x::y'
    })
    expect(`${err.code}${err.message}${err.requestId}`).not.toMatch(/[\n\r]/)
    expect(err.message).not.toContain('abcdef0123456789')
    expect(err.message).not.toContain('Access=AK')
  })

  it('redacts signature query parameters and token headers', () => {
    const text = redactSignatures(
      'GET /?Signature=Zm9vYmFyYmF6cXV4&SecurityToken=tok123 x-acs-security-token: tok456'
    )
    expect(text).not.toMatch(/Zm9vYmFy|tok123|tok456/)
  })
})

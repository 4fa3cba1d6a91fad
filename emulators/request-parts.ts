// Reading requests and answering transport faults, the same in every provider emulator.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorFault } from './faults.js'

/** One header's value; repeated headers joined with `,`. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

/**
 * The request headers for a record, with `redact(name, value)` replacing what must not be kept
 * (it returns undefined to keep a value as it is).
 */
export function recordedHeaders(
  headers: IncomingMessage['headers'],
  redact: (name: string, value: string) => string | undefined
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined) continue
    const value = Array.isArray(v) ? v.join(', ') : v
    out[name] = redact(name, value) ?? value
  }
  return out
}

/** The whole request body, and the URL split into path and raw query. */
export async function readRequest(
  req: IncomingMessage
): Promise<{ body: Buffer; path: string; query: string }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const rawUrl = req.url ?? '/'
  const q = rawUrl.indexOf('?')
  return {
    body: Buffer.concat(chunks),
    path: q < 0 ? rawUrl : rawUrl.slice(0, q),
    query: q < 0 ? '' : rawUrl.slice(q + 1)
  }
}

/**
 * Plays the faults that do not depend on the provider: 'timeout' (no answer; close() destroys the
 * socket), 'reset', and 'malformed' (a success status with an HTML proxy page). Returns whether it
 * handled `fault`; the caller answers 'wrong-shape' and status faults in its provider's format.
 */
export function playTransportFault(
  fault: EmulatorFault,
  req: IncomingMessage,
  res: ServerResponse,
  record: { fault?: string; status: number },
  okStatus: number,
  headers: Record<string, string> = {}
): fault is 'timeout' | 'reset' | 'malformed' {
  if (fault === 'timeout' || fault === 'reset') {
    record.fault = fault
    if (fault === 'reset') req.socket.destroy()
    return true
  }
  if (fault === 'malformed') {
    record.fault = 'malformed'
    record.status = okStatus
    res.writeHead(okStatus, { 'content-type': 'text/html', ...headers })
    res.end('<html><body>502 Bad Gateway</body></html>')
    return true
  }
  return false
}

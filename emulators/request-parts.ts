// Reading requests and answering transport faults, the same in every provider emulator.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AfterAcceptFault, EmulatorFault } from './faults.js'

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
  fault: Exclude<EmulatorFault, AfterAcceptFault>,
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

/**
 * Answers a request that was processed and accepted (`status`, `body`) as an after-accept fault
 * says: no answer, a reset, 2xx headers then a reset, a body that is not JSON, or the body without
 * its task ID fields (any key ending in `TaskId` / `task_id`).
 */
export function playAfterAccept(
  fault: AfterAcceptFault,
  req: IncomingMessage,
  res: ServerResponse,
  record: { fault?: string; status: number },
  status: number,
  body: string,
  headers: Record<string, string> = {}
): void {
  record.fault = fault
  record.status = status
  switch (fault) {
    case 'accept-then-timeout':
      return
    case 'accept-then-reset':
      req.socket.destroy()
      return
    case 'accept-then-cut':
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.flushHeaders()
      res.write(body.slice(0, Math.floor(body.length / 2)) || '{', () => req.socket.destroy())
      return
    case 'accept-then-malformed':
      res.writeHead(status, { 'content-type': 'text/html', ...headers })
      res.end('<html><body>502 Bad Gateway</body></html>')
      return
    case 'accept-without-task-id': {
      let out = body
      try {
        const parsed = JSON.parse(body) as unknown
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          const kept = Object.entries(parsed).filter(([key]) => !/task_?id$/i.test(key))
          out = JSON.stringify(Object.fromEntries(kept))
        }
      } catch {
        // Not JSON (Gcore's empty body): there is no task ID to leave out.
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(out)
    }
  }
}

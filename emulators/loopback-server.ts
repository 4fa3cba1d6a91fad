// The HTTP server every provider emulator runs on: a random port on a loopback address, and a
// close() that does not wait for held connections (the 'timeout' fault keeps sockets open).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:43117 or http://[::1]:43117 */
  url: string
  close(): Promise<void>
}

export async function listenOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { host?: '127.0.0.1' | '::1'; maxHeaderSize?: number } = {}
): Promise<LoopbackServer> {
  const host = options.host ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const server = createServer({ maxHeaderSize: options.maxHeaderSize }, (req, res) => {
    handle(req, res).catch(() => req.socket.destroy())
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
    close() {
      closing ??= new Promise<void>(resolve => {
        server.close(() => resolve())
        // Held ('timeout') and idle sockets would otherwise keep close() waiting.
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}

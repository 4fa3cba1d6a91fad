// Every provider's emulator, registered once: how to start it, the inputs of a run against it, its
// own answers for each fault kind, and what it accepted. The fault matrix (__tests__/e2e/
// fault-matrix*.test.ts) runs over this registry, so a provider added later joins the matrix by
// adding its entry here (a test checks that every PROVIDER_NAME has one).
//
// Each emulator runs behind a FaultProxy: a loopback HTTP proxy that forwards every request
// unchanged (signatures stay valid: the Host header is kept), records the raw Authorization
// headers (to look for signatures in the action's output), and can act on the nth request of a
// route: queue an emulator fault just before forwarding it, or let the emulator process the request
// and then lose, delay or break the reply (the provider accepted the write; the action cannot know).
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Operation } from '../src/model.js'
import type { ProviderName } from '../src/providers/provider.js'
import {
  startDcdnEmulator,
  type DcdnAction,
  type DcdnEmulator,
  type EmulatorCredential
} from './alibaba-dcdn.js'
import { startEsaEmulator, type EsaAction, type EsaEmulator } from './alibaba-esa.js'
import type { EmulatorFault } from './faults.js'
import {
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreRoute
} from './gcore.js'
import {
  startHuaweiVodEmulator,
  type EmulatorHuaweiCredential,
  type HuaweiVodEmulator,
  type VodRoute
} from './huawei-vod.js'
import { listenOnLoopback } from './loopback-server.js'
import { readRequest } from './request-parts.js'

// --- the proxy -----------------------------------------------------------------------------------

/** What the proxy does with the reply of a request the emulator processed. */
export type ReplyFault =
  | { kind: 'delay'; ms: number } //   the reply comes after `ms` (longer than the client waits)
  | { kind: 'garbage' } //             200 with an HTML page instead of the provider's answer
  | { kind: 'headers-then-reset' } //  200 headers, then the connection is reset

/** One request as the proxy saw it, before the emulator redacted anything. */
export interface ProxiedRequest {
  route: string
  method: string
  path: string
  authorization?: string
  /** The raw query string and body, to tell which URLs a write carried. */
  raw: string
  at: number
  /** Set when the reply was replaced or delayed. */
  replyFault?: ReplyFault['kind']
}

interface Trigger {
  route: string
  /** 1-based count of this route's requests at which the trigger fires. */
  nth: number
  /** Called with the raw request just before it is forwarded (e.g. to queue an emulator fault). */
  before?: (req: ProxiedRequest) => void
  reply?: ReplyFault
}

export interface FaultProxy {
  url: string
  requests: ProxiedRequest[]
  /** Acts on the `nth` request of `route` counted from the start (see Trigger). */
  on(route: string, nth: number, action: Omit<Trigger, 'route' | 'nth'>): void
  close(): Promise<void>
}

export async function startFaultProxy(
  target: string,
  routeOf: (req: IncomingMessage, path: string) => string
): Promise<FaultProxy> {
  const { hostname, port } = new URL(target)
  const requests: ProxiedRequest[] = []
  const counts = new Map<string, number>()
  const triggers: Trigger[] = []
  const held = new Set<NodeJS.Timeout>()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, path, query } = await readRequest(req)
    const route = routeOf(req, path)
    const seen: ProxiedRequest = {
      route,
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      raw: `${query}\n${body.toString('utf8')}`,
      at: Date.now()
    }
    requests.push(seen)
    const nth = (counts.get(route) ?? 0) + 1
    counts.set(route, nth)
    const trigger = triggers.find(t => t.route === route && t.nth === nth)
    trigger?.before?.(seen)
    const reply = trigger?.reply
    if (reply) seen.replyFault = reply.kind

    const upstream = httpRequest({
      host: hostname,
      port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent: false
    })
    upstream.on('response', answer => {
      const chunks: Buffer[] = []
      answer.on('data', (c: Buffer) => chunks.push(c))
      answer.on('end', () => {
        const headers = { ...answer.headers }
        delete headers['transfer-encoding']
        delete headers['content-length']
        delete headers.connection
        if (reply?.kind === 'garbage') {
          res.writeHead(200, { 'content-type': 'text/html' })
          res.end('<html><body>Service temporarily unavailable</body></html>')
        } else if (reply?.kind === 'headers-then-reset') {
          res.writeHead(200, { ...headers, 'content-length': '4096' })
          res.write('{"')
          setImmediate(() => req.socket.destroy())
        } else {
          const send = () => {
            if (res.destroyed) return
            res.writeHead(answer.statusCode ?? 502, headers)
            res.end(Buffer.concat(chunks))
          }
          if (reply?.kind === 'delay') {
            const timer = setTimeout(() => {
              held.delete(timer)
              send()
            }, reply.ms)
            held.add(timer)
          } else send()
        }
      })
    })
    // The emulator reset or closed the connection: so does the proxy.
    upstream.on('error', () => req.socket.destroy())
    upstream.end(body)
  }

  const server = await listenOnLoopback(handle)
  return {
    url: server.url,
    requests,
    on(route, nth, action) {
      triggers.push({ route, nth, ...action })
    },
    close() {
      for (const timer of held) clearTimeout(timer)
      return server.close()
    }
  }
}

// --- the registry --------------------------------------------------------------------------------

/** An accepted write, URLs as the action's report names them. */
export interface Acceptance {
  operation: Operation
  urls: string[]
  /** The provider's task ID(s), when it gives any. */
  taskIds: string[]
}

export interface RunningEmulator {
  /** The proxy in front of the emulator: the `endpoint` of a run. */
  proxy: FaultProxy
  /** Inputs of a run besides rules, limits and the run settings: provider, endpoint, credentials. */
  inputs: Record<string, string>
  /** Credential values that must never show in the log, outputs, summary or report. */
  secrets: string[]
  /** Queues `faults` on the emulator for every route ('*'). */
  injectEverywhere(...faults: EmulatorFault[]): void
  /** Queues `fault` on the emulator for the next request of `route`. */
  inject(route: string, fault: EmulatorFault): void
  /** Everything the emulator accepted, in order. */
  accepted(): Acceptance[]
  close(): Promise<void>
}

export interface EmulatorRegistration {
  provider: ProviderName
  /** The operations the provider can do (the matrix's rules ask only for these). */
  operations: Operation[]
  /** The host of the URLs the matrix maps files to (one the emulator accepts). */
  host: string
  /** Inputs the provider needs for the matrix's small files (e.g. Gcore's prefetch size range). */
  extraInputs?: Record<string, string>
  /** The route (emulator action/route name) of each operation's write. */
  writeRoute: Partial<Record<Operation, string>>
  /**
   * The operations whose write, when its reply is lost, the action looks up in the provider's task
   * list (DCDN and Edge Routine: DescribeDcdnRefreshTasks): a task listed there makes the batch
   * submitted.
   */
  taskList?: Operation[]
  start(): Promise<RunningEmulator>
  /** The provider's answers, in its own format, for each kind of fault. */
  faults: {
    /** 429 asking to retry after `seconds`. */
    throttle(seconds: number): EmulatorFault
    /** The daily quota of `operation` used up; a string says why the provider has no such case. */
    quotaExhausted: ((operation: Operation) => EmulatorFault) | string
    /** Credentials refused; the provider echoes the request's Authorization header (as some do). */
    authRefused(echo: string): EmulatorFault
    /**
     * Why a 2xx JSON answer to a write cannot violate the provider's schema, for a provider whose
     * accepted writes have no body the action reads (it then has no schema-violating case).
     */
    noWriteSchema?: string
    /** Why the provider has no "accepted, but the task ID is missing" case (it returns none). */
    noTaskIds?: string
  }
}

/** The matrix's credentials: distinctive, so that any piece of them in the output is found. */
export const MATRIX_ALIBABA: Required<EmulatorCredential> = {
  accessKeyId: 'LTAI5tMatrixQ7vXkZp3RwYd',
  accessKeySecret: 'MatrixAliSecretHq8Ws2Lm5Tn9Vb4Cx7Jd',
  securityToken: 'CAISMatrixStsTokenFv6Gy1Ku8Pe3Rz0Na5'
}
export const MATRIX_HUAWEI: Required<EmulatorHuaweiCredential> = {
  accessKeyId: 'HWMATRIXAKQ4ZT8NV2XK6BR3',
  accessKeySecret: 'MatrixHwSecretYt7Ub2Ni9Oc4Pe6Ra1Sw3Dx',
  securityToken: 'MatrixHwTokenGh5Jk8Lq2Mz7Nx4Bv1Cw'
}
export const MATRIX_GCORE_KEY = '48213$MatrixGcoreKeyRt6Yu9Io2Pa5Sd8Fg1Hj'

function alibabaInputs(url: string): Record<string, string> {
  return {
    endpoint: url,
    'access-key-id': MATRIX_ALIBABA.accessKeyId,
    'access-key-secret': MATRIX_ALIBABA.accessKeySecret,
    'security-token': MATRIX_ALIBABA.securityToken
  }
}

const ALIBABA_SECRETS = Object.values(MATRIX_ALIBABA)
const alibabaRoute = (req: IncomingMessage): string =>
  String(req.headers['x-acs-action'] ?? 'unknown')

/** Alibaba's error documents for throttling and refused credentials (DCDN, ER and ESA share them). */
const alibabaThrottle = (seconds: number): EmulatorFault => ({
  status: 429,
  code: 'Throttling.User',
  message: 'Request was denied due to user flow control.',
  headers: { 'retry-after': String(seconds) }
})
// Padded so that a secret in the echo straddles any cut of the message at 200 characters.
const PAD = 'Please check the request. '.repeat(7)
const alibabaAuth = (echo: string): EmulatorFault => ({
  status: 403,
  code: 'InvalidAccessKeyId.Inactive',
  message: `Specified access key is disabled. ${PAD}Request: Authorization: ${echo}`
})

async function startDcdnBehindProxy(): Promise<{ emu: DcdnEmulator; proxy: FaultProxy }> {
  // Large quotas and rates: the matrix's faults are injected, never reached by accident.
  const emu = await startDcdnEmulator({ credentials: [MATRIX_ALIBABA] })
  const proxy = await startFaultProxy(emu.url, alibabaRoute)
  return { emu, proxy }
}

function dcdnRunning(
  emu: DcdnEmulator,
  proxy: FaultProxy,
  provider: 'alibaba-dcdn' | 'alibaba-edge-routine'
): RunningEmulator {
  return {
    proxy,
    inputs: {
      provider,
      ...alibabaInputs(proxy.url),
      ...(provider === 'alibaba-edge-routine' ? { 'routine-id': 'matrix.mysubdomain' } : {})
    },
    secrets: ALIBABA_SECRETS,
    injectEverywhere: (...faults) => emu.inject('*', ...faults),
    inject: (route, fault) => emu.inject(route as DcdnAction, fault),
    accepted: () =>
      emu.state.tasks.map(t => ({
        operation: t.action === 'PreloadDcdnObjectCaches' ? 'prefetch' : 'refresh',
        urls: t.urls,
        taskIds: [t.taskId]
      })),
    close: async () => {
      await proxy.close()
      await emu.close()
    }
  }
}

const HOST = 'www.example.com'

export const EMULATOR_REGISTRY: readonly EmulatorRegistration[] = [
  {
    provider: 'alibaba-dcdn',
    operations: ['refresh', 'prefetch'],
    host: HOST,
    writeRoute: { refresh: 'RefreshDcdnObjectCaches', prefetch: 'PreloadDcdnObjectCaches' },
    taskList: ['refresh', 'prefetch'],
    async start() {
      const { emu, proxy } = await startDcdnBehindProxy()
      return dcdnRunning(emu, proxy, 'alibaba-dcdn')
    },
    faults: {
      throttle: alibabaThrottle,
      quotaExhausted: op => ({
        status: 400,
        code: op === 'refresh' ? 'QuotaExceeded.Refresh' : 'QuotaExceeded.Preload',
        message: `The daily ${op} quota is exhausted (0 left).`
      }),
      authRefused: alibabaAuth
    }
  },
  {
    provider: 'alibaba-edge-routine',
    operations: ['refresh'],
    host: HOST,
    writeRoute: { refresh: 'RefreshErObjectCaches' },
    taskList: ['refresh'],
    async start() {
      const { emu, proxy } = await startDcdnBehindProxy()
      return dcdnRunning(emu, proxy, 'alibaba-edge-routine')
    },
    faults: {
      throttle: alibabaThrottle,
      quotaExhausted: () => ({
        status: 400,
        code: 'QuotaExceeded.Refresh',
        message: 'The daily File refresh quota is exhausted (0 left).'
      }),
      authRefused: alibabaAuth
    }
  },
  {
    provider: 'alibaba-esa',
    operations: ['refresh', 'prefetch'],
    host: HOST,
    writeRoute: { refresh: 'PurgeCaches', prefetch: 'PreloadCaches' },
    async start() {
      const emu: EsaEmulator = await startEsaEmulator({ credentials: [MATRIX_ALIBABA] })
      const proxy = await startFaultProxy(emu.url, alibabaRoute)
      return {
        proxy,
        inputs: { provider: 'alibaba-esa', 'site-id': '123456789', ...alibabaInputs(proxy.url) },
        secrets: ALIBABA_SECRETS,
        injectEverywhere: (...faults) => emu.inject('*', ...faults),
        inject: (route, fault) => emu.inject(route as EsaAction, fault),
        accepted: () =>
          emu.state.tasks.map(t => ({
            operation: t.action === 'PreloadCaches' ? 'prefetch' : 'refresh',
            urls: t.urls,
            taskIds: [t.taskId]
          })),
        close: async () => {
          await proxy.close()
          await emu.close()
        }
      }
    },
    faults: {
      throttle: alibabaThrottle,
      quotaExhausted: op => ({
        status: 400,
        code: op === 'refresh' ? 'QuotaExceeded.Purge' : 'QuotaExceeded.Preload',
        message: `The ${op} quota of site 123456789 is exhausted (0 left).`
      }),
      authRefused: alibabaAuth
    }
  },
  {
    provider: 'huawei-vod',
    operations: ['prefetch'],
    host: 'vod.example.com',
    writeRoute: { prefetch: 'CreatePreheatingAsset' },
    async start() {
      const emu: HuaweiVodEmulator = await startHuaweiVodEmulator({ credentials: [MATRIX_HUAWEI] })
      const proxy = await startFaultProxy(emu.url, (req, path): VodRoute | 'unknown' =>
        path === '/v3/projects'
          ? 'ListProjects'
          : /\/asset\/preheating$/.test(path)
            ? req.method === 'POST'
              ? 'CreatePreheatingAsset'
              : 'ShowPreheatingAsset'
            : 'unknown'
      )
      return {
        proxy,
        inputs: {
          provider: 'huawei-vod',
          endpoint: proxy.url,
          'iam-endpoint': proxy.url,
          'access-key-id': MATRIX_HUAWEI.accessKeyId,
          'access-key-secret': MATRIX_HUAWEI.accessKeySecret,
          'security-token': MATRIX_HUAWEI.securityToken
        },
        secrets: Object.values(MATRIX_HUAWEI),
        injectEverywhere: (...faults) => emu.inject('*', ...faults),
        inject: (route, fault) => emu.inject(route as VodRoute, fault),
        accepted: () =>
          emu.state.tasks.map(t => ({ operation: 'prefetch', urls: t.urls, taskIds: [t.taskId] })),
        close: async () => {
          await proxy.close()
          await emu.close()
        }
      }
    },
    faults: {
      throttle: seconds => ({
        status: 429,
        code: 'APIGW.0308',
        message: 'The throttling threshold has been reached: policy user over ratelimit',
        headers: { 'retry-after': String(seconds) }
      }),
      quotaExhausted: () => ({
        status: 400,
        code: 'VOD.10099',
        message: 'The number of pre-loaded media assets exceeds the daily limit (0 left today).'
      }),
      authRefused: echo => ({
        status: 401,
        code: 'APIGW.0301',
        message: `Incorrect IAM authentication information: ak is disabled. ${PAD}Authorization: ${echo}`
      })
    }
  },
  {
    provider: 'gcore',
    operations: ['refresh', 'prefetch'],
    host: 'cdn.example.com',
    // The matrix's files are a few bytes.
    extraInputs: {
      'resource-id': String(EMULATOR_GCORE_RESOURCE_ID),
      'prefetch-min-size': '1',
      'prefetch-max-size': '1MB'
    },
    writeRoute: { refresh: 'purge', prefetch: 'prefetch' },
    async start() {
      // Rates high enough that only the `limits` input paces the matrix's runs.
      const emu: GcoreEmulator = await startGcoreEmulator({
        apiKeys: [MATRIX_GCORE_KEY],
        perMinute: { purge_by_url: 1000, prefetch: 1000 }
      })
      const proxy = await startFaultProxy(emu.url, (_req, path): GcoreRoute | 'unknown' =>
        path === '/cdn/clients/me/limits'
          ? 'limits'
          : path.endsWith('/purge')
            ? 'purge'
            : path.endsWith('/prefetch')
              ? 'prefetch'
              : 'unknown'
      )
      return {
        proxy,
        inputs: { provider: 'gcore', endpoint: proxy.url, 'api-key': MATRIX_GCORE_KEY },
        secrets: [MATRIX_GCORE_KEY],
        injectEverywhere: (...faults) => emu.inject('*', ...faults),
        inject: (route, fault) => emu.inject(route as GcoreRoute, fault),
        // Gcore takes paths of the resource's hostname: the URLs are that host plus the path.
        accepted: () =>
          emu.state.accepted.map(a => ({
            operation: a.type === 'prefetch' ? 'prefetch' : 'refresh',
            urls: a.items.map(path => `https://cdn.example.com${path}`),
            taskIds: []
          })),
        close: async () => {
          await proxy.close()
          await emu.close()
        }
      }
    },
    faults: {
      throttle: seconds => ({
        status: 429,
        body: JSON.stringify({
          detail: `Request was throttled. Expected available in ${seconds} seconds.`
        }),
        headers: { 'retry-after': String(seconds) }
      }),
      quotaExhausted:
        'Gcore has no daily quota: its only limits are requests per minute, answered with 429 (the throttle and pacing cases).',
      authRefused: echo => ({
        status: 401,
        body: JSON.stringify({ detail: `Invalid token. ${PAD}Authorization: ${echo}` })
      }),
      noWriteSchema:
        'Gcore documents no body for an accepted purge or prefetch: its 2xx status is the whole answer.',
      noTaskIds: 'Gcore returns no task IDs: a 2xx without one is its normal answer.'
    }
  }
]

export function registrationOf(provider: ProviderName): EmulatorRegistration {
  const found = EMULATOR_REGISTRY.find(r => r.provider === provider)
  if (!found) throw new Error(`no emulator registered for ${provider}`)
  return found
}

// Alibaba Cloud Edge Routine cache refresh: RefreshErObjectCaches, a DCDN action (host
// dcdn.aliyuncs.com, version 2018-01-15) that purges caches written by the Edge Routine Cache API and
// by fetch subrequests (providers.md §3; seed 004). Refresh only: there is no Edge Routine prefetch.
import * as z from 'zod/mini'
import { countField, taskIdField } from './response-fields.js'
import type { ObjectType, Operation, Quota } from '../../model.js'
import {
  ProviderError,
  silentLogger,
  type Logger,
  type RequestTimeout,
  type ProviderClient,
  type SubmitResult
} from '../provider.js'
import {
  checkUrlList,
  createObjectPathCaller,
  dcdnObjectType,
  unsupported,
  withoutQuery
} from './object-path-call.js'
import { splitTaskIds } from './dcdn.js'
import { findAcceptedTasks } from './dcdn-confirm.js'
import { describeTasksById } from './dcdn-tasks.js'
import type { AlibabaCredentials, RpcClientOptions } from './rpc.js'

export const EDGE_ROUTINE_VERSION = '2018-01-15'
export const EDGE_ROUTINE_ENDPOINT = 'https://dcdn.aliyuncs.com'

/**
 * RefreshErObjectCaches limits [DOC, providers.md §3, seed 004], as data for the provider spec:
 * every URL of a request on one domain; 1,000 URLs or 100 directories a request; 1,000 URLs per
 * domain per minute; URLs of up to 1,024 characters; 10,000 URLs and 100 directories a day.
 */
export const EDGE_ROUTINE_LIMITS = {
  perRequest: 1000,
  directoriesPerRequest: 100,
  hostsPerRequest: 1,
  urlsPerHostPerMinute: 1000,
  maxUrlLength: 1024,
  urlsPerDay: 10_000,
  directoriesPerDay: 100
} as const

export interface EdgeRoutineClientOptions {
  /** Base URL; default https://dcdn.aliyuncs.com (or http://127.0.0.1:PORT for an emulator). */
  endpoint?: string
  credentials: AlibabaCredentials
  /**
   * `RoutineId` ("Name.Subdomain"): set it to purge what the routine wrote with the Cache API;
   * leave it out to purge the caches of fetch subrequests (RefreshErObjectCaches doc).
   */
  routineId?: string
  /** `MergeDomainName`: domains whose scheduling nodes the refresh also covers (sent comma-joined). */
  mergeDomainNames?: string[]
  /**
   * `Force` for directory refreshes: true refreshes everything under the directory, false (the
   * provider's default) only what changed at the origin. Sent with every directory request.
   */
  force?: boolean
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  now?: () => number
  nonce?: () => string
}

const refreshSchema = z.object({ RefreshTaskId: taskIdField, RequestId: z.optional(z.string()) })

const quotaSchema = z.object({
  UrlRemain: countField,
  DirRemain: countField,
  // In the SDK model, but older answers may lack it; then ignore-params refreshes are reported as
  // sharing the URL quota (as for DCDN).
  IgnoreParamsRemain: z.optional(countField),
  RequestId: z.optional(z.string())
})

/** Refuses (permanent) URLs on more than one host (lower-case, with a non-default port). */
function requireOneHost(urls: readonly string[]): void {
  const hosts = new Set<string>()
  for (const [i, url] of urls.entries()) {
    let host: string
    try {
      host = new URL(url).host.toLowerCase()
    } catch {
      throw new ProviderError({
        code: 'InvalidUrl',
        errorClass: 'permanent',
        message: `URL ${i + 1} of ${urls.length} is not an absolute URL: ${JSON.stringify(url)}`
      })
    }
    hosts.add(host)
  }
  if (hosts.size > 1) {
    throw new ProviderError({
      code: 'MultipleHosts',
      errorClass: 'permanent',
      message: `RefreshErObjectCaches takes URLs of one domain a request; this one has ${hosts.size}: ${[...hosts].join(', ')}.`
    })
  }
}

export function createEdgeRoutineClient(options: EdgeRoutineClientOptions): ProviderClient {
  const logger = options.logger ?? silentLogger
  const rpc: RpcClientOptions = {
    endpoint: options.endpoint ?? EDGE_ROUTINE_ENDPOINT,
    credentials: options.credentials,
    requestTimeoutMs: options.requestTimeoutMs,
    logger,
    now: options.now,
    nonce: options.nonce
  }
  const caller = createObjectPathCaller(rpc, {
    version: EDGE_ROUTINE_VERSION,
    product: 'DCDN (Edge Routine)',
    logger
  })
  const mergeDomainName = (options.mergeDomainNames ?? [])
    .map(name => name.trim())
    .filter(name => name !== '')
    .join(',')

  return {
    taskStatus: (_operation, tasks) => describeTasksById(caller, tasks),

    /**
     * A write whose answer was lost, looked up in DescribeDcdnRefreshTasks as DCDN's are.
     * UNCONFIRMED (providers.md §3): whether that list holds Edge Routine tasks. Both ways are
     * safe: a listed task proves the write; an unlisted one leaves it "may have been accepted"
     * (the spec's taskListCaveat says why), never resent.
     */
    findAccepted: (operation, urls, objectType, sentAt) =>
      findAcceptedTasks(caller, operation, urls, objectType, sentAt),

    /**
     * DescribeDcdnRefreshQuota. UNCONFIRMED (providers.md §3, §7 item 5): whether Edge Routine
     * refreshes count against DCDN's daily counters; the issue says they are shared, so the DCDN
     * quota is what limits them, and a DCDN run on the same account uses the same numbers.
     */
    async readQuota(): Promise<Quota> {
      const { data } = await caller.call('DescribeDcdnRefreshQuota', {}, quotaSchema)
      return {
        remaining: { refresh: data.UrlRemain },
        remainingByType: {
          directory: data.DirRemain,
          ...(data.IgnoreParamsRemain === undefined
            ? {}
            : { 'ignore-params': data.IgnoreParamsRemain })
        },
        details: { 'refresh-url': data.UrlRemain, 'refresh-dir': data.DirRemain }
      }
    },

    async submit(
      operation: Operation,
      objects: readonly string[],
      objectType: ObjectType = 'file'
    ): Promise<SubmitResult> {
      if (operation !== 'refresh') {
        throw unsupported('Edge Routine caches can only be refreshed; there is no prefetch.')
      }
      const type = dcdnObjectType(objectType)
      checkUrlList(operation, objects)
      requireOneHost(objects)
      const urls = objectType === 'ignore-params' ? withoutQuery(objects) : [...objects]
      // ObjectType is required by the doc (seed 004), so it is always sent, File included.
      const params: Record<string, string> = { ObjectPath: urls.join('\n'), ObjectType: type }
      if (objectType === 'directory') params.Force = options.force ? 'true' : 'false'
      if (options.routineId) params.RoutineId = options.routineId
      if (mergeDomainName) params.MergeDomainName = mergeDomainName
      const { data, requestId } = await caller.call('RefreshErObjectCaches', params, refreshSchema)
      return { taskIds: splitTaskIds(data.RefreshTaskId), requestId }
    }
  }
}

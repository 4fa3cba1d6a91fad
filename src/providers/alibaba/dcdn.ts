// Alibaba Cloud DCDN (API version 2018-01-15): the provider's limits as data, and its wire adapter.
import * as z from 'zod/mini'
import { countField, taskIdField } from './response-fields.js'
import type { ObjectType, Operation, Quota } from '../../model.js'
import { endpointUrl, oneOf } from '../../input-fields.js'
import { readKeyPair } from '../credentials.js'
import { ALIBABA_CREDENTIAL_ENV, DCDN_INPUTS } from './inputs.js'
import {
  checkUrlList,
  createObjectPathCaller,
  dcdnObjectType,
  withoutQuery
} from './object-path-call.js'
import {
  ProviderError,
  silentLogger,
  type Logger,
  type RequestTimeout,
  type ProviderClient,
  type ProviderModule,
  type ProviderSpec,
  type SubmitResult
} from '../provider.js'
import type { AlibabaCredentials, RpcClientOptions } from './rpc.js'
import { DCDN_STATUS, describeTasksById } from './dcdn-tasks.js'
import { findAcceptedTasks } from './dcdn-confirm.js'

export const DCDN_VERSION = '2018-01-15'
export const DCDN_ENDPOINT = 'https://dcdn.aliyuncs.com'

export const dcdnSpec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Alibaba Cloud DCDN',
  refresh: {
    perRequest: 1000,
    hostsPerRequest: 10,
    // UNCONFIRMED: the 2025 pages say 10,000 URLs per domain per minute, the 2024 page and the SDK
    // comment 1,000. The smaller value is the default; the `limits` input can raise it.
    urlsPerHostPerMinute: 1000,
    maxUrlLength: 1024,
    // ObjectType=Directory: 100 a request (and 100 a day by default, read from the quota);
    // IgnoreParams: as files, against its own daily quota.
    objectTypes: { directory: { perRequest: 100 }, 'ignore-params': { perRequest: 1000 } }
  },
  prefetch: { perRequest: 100, hostsPerRequest: 10, maxUrlLength: 1024 },
  quotaApi: true,
  taskIds: true,
  // Refresh and preload tasks are both listed by DescribeDcdnRefreshTaskById.
  status: { refresh: DCDN_STATUS, prefetch: DCDN_STATUS }
}

export interface DcdnClientOptions {
  /** Base URL, e.g. https://dcdn.aliyuncs.com or http://127.0.0.1:PORT. */
  endpoint: string
  credentials: AlibabaCredentials
  /**
   * Prefetch region. Not sent when absent: the default is UNCONFIRMED (the SDK comment says
   * overseas, the zh doc says the domain's own acceleration region), so we leave it to DCDN.
   */
  area?: 'domestic' | 'overseas'
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  now?: () => number
  nonce?: () => string
}

const refreshSchema = z.object({ RefreshTaskId: taskIdField, RequestId: z.optional(z.string()) })
const preloadSchema = z.object({ PreloadTaskId: taskIdField, RequestId: z.optional(z.string()) })

const quotaSchema = z.object({
  UrlRemain: countField,
  DirRemain: countField,
  PreloadRemain: countField,
  // Older answers may lack it; then ignore-params refreshes share the URL quota.
  IgnoreParamsRemain: z.optional(countField),
  RequestId: z.optional(z.string())
})

/** `"a, b,,c"` → `['a', 'b', 'c']`: DCDN may return several task IDs in one field. */
export function splitTaskIds(field: string): string[] {
  return field
    .split(',')
    .map(id => id.trim())
    .filter(id => id !== '')
}

export function createDcdnClient(options: DcdnClientOptions): ProviderClient {
  const logger = options.logger ?? silentLogger
  const rpc: RpcClientOptions = {
    endpoint: options.endpoint,
    credentials: options.credentials,
    requestTimeoutMs: options.requestTimeoutMs,
    logger,
    now: options.now,
    nonce: options.nonce
  }
  // Form body first, query string if the gateway ignores it (object-path-call.ts).
  const caller = createObjectPathCaller(rpc, { version: DCDN_VERSION, product: 'DCDN', logger })
  const { call } = caller

  return {
    taskStatus: (_operation, tasks) => describeTasksById(caller, tasks),
    findAccepted: (operation, urls, objectType, sentAt) =>
      findAcceptedTasks(caller, operation, urls, objectType, sentAt),

    async readQuota(): Promise<Quota> {
      const { data } = await call('DescribeDcdnRefreshQuota', {}, quotaSchema)
      return {
        remaining: { refresh: data.UrlRemain, prefetch: data.PreloadRemain },
        remainingByType: { directory: data.DirRemain, 'ignore-params': data.IgnoreParamsRemain },
        details: {
          'refresh-url': data.UrlRemain,
          'refresh-dir': data.DirRemain,
          prefetch: data.PreloadRemain
        }
      }
    },

    async submit(
      operation: Operation,
      urls: readonly string[],
      objectType: ObjectType = 'file'
    ): Promise<SubmitResult> {
      checkUrlList(operation, urls)
      // The CDN refreshes an ignore-params URL whatever its query: it is sent without one.
      const objectPath = (objectType === 'ignore-params' ? withoutQuery(urls) : urls).join('\n')
      if (operation === 'refresh') {
        const { data, requestId } = await call(
          'RefreshDcdnObjectCaches',
          { ObjectPath: objectPath, ObjectType: dcdnObjectType(objectType) },
          refreshSchema
        )
        return { taskIds: splitTaskIds(data.RefreshTaskId), requestId }
      }
      if (objectType !== 'file') {
        throw new ProviderError({
          code: 'Unsupported',
          errorClass: 'permanent',
          message: `DCDN prefetches files only, not ${objectType} objects.`
        })
      }
      const params: Record<string, string> = { ObjectPath: objectPath }
      if (options.area) params.Area = options.area
      const { data, requestId } = await call('PreloadDcdnObjectCaches', params, preloadSchema)
      return { taskIds: splitTaskIds(data.PreloadTaskId), requestId }
    }
  }
}

export const dcdnProvider: ProviderModule = {
  spec: dcdnSpec,
  quotaKeys: ['refresh-url', 'refresh-dir', 'prefetch'],
  inputs: DCDN_INPUTS,
  configure(read, env, live) {
    const credentials = readKeyPair(read, env, ALIBABA_CREDENTIAL_ENV, live)
    const endpointInput = read('endpoint').trim()
    const endpoint = endpointInput
      ? endpointUrl('endpoint', endpointInput, DCDN_ENDPOINT)
      : DCDN_ENDPOINT
    const areaInput = read('area').trim()
    const area = areaInput ? oneOf('area', areaInput, ['domestic', 'overseas'] as const) : undefined
    return {
      directTargets: [],
      createClient: ({ requestTimeoutMs, logger }) =>
        credentials
          ? createDcdnClient({ endpoint, credentials, area, requestTimeoutMs, logger })
          : null
    }
  }
}

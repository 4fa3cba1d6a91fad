// Alibaba Cloud ESA (Edge Security Acceleration, API version 2024-09-10): PurgeCaches, PreloadCaches
// and GetPurgeQuota on one site (providers.md §4). Same RPC transport and V3 signing as DCDN (§1);
// a site is named by its SiteId, and URLs of several hosts of the site may share one request.
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
import { splitTaskIds } from './dcdn.js'
import {
  checkUrlList,
  createObjectPathCaller,
  unsupported,
  withoutQuery
} from './object-path-call.js'
import type { AlibabaCredentials, RpcClientOptions } from './rpc.js'
import { describeEsaTasks } from './esa-tasks.js'

export const ESA_VERSION = '2024-09-10'

/** The two sites of the ESA API: China and international (the SDK endpoint map, providers.md §1.2). */
export type EsaRegion = 'cn-hangzhou' | 'ap-southeast-1'
export const ESA_REGIONS: readonly EsaRegion[] = ['cn-hangzhou', 'ap-southeast-1']

export function esaEndpoint(region: EsaRegion): string {
  return `https://esa.${region}.aliyuncs.com`
}

export const ESA_ENDPOINT = esaEndpoint('cn-hangzhou')

/**
 * Per-request limits. UNCONFIRMED (providers.md §4, §7 item 6): the ESA pages state none, so these
 * are DCDN's (1,000 URLs or 100 directories a purge, 100 URLs a prefetch), the safe guess until the
 * provider says otherwise. Daily quotas are read live from GetPurgeQuota; there is no preload quota
 * API, so a prefetch quota is only learnt from an error.
 */
export const ESA_DEFAULT_LIMITS = {
  purgePerRequest: 1000,
  directoriesPerRequest: 100,
  ignoreParamsPerRequest: 1000,
  prefetchPerRequest: 100
} as const

/** The PurgeCaches / GetPurgeQuota `Type` values this client uses. */
export type EsaPurgeType = 'file' | 'directory' | 'ignoreParams'

const CONTENT_KEY: Record<EsaPurgeType, string> = {
  file: 'Files',
  directory: 'Directories',
  ignoreParams: 'IgnoreParams'
}

/** `file` → file, `directory` → directory, `ignore-params` → ignoreParams; else Unsupported. */
export function esaPurgeType(objectType: ObjectType): EsaPurgeType {
  switch (objectType) {
    case 'file':
      return 'file'
    case 'directory':
      return 'directory'
    case 'ignore-params':
      return 'ignoreParams'
    default:
      throw unsupported(`Alibaba Cloud ESA cannot purge ${objectType} objects.`)
  }
}

/** The PurgeCaches `Content` parameter: `{"Files":[...]}`, `{"Directories":[...]}` or `{"IgnoreParams":[...]}`. */
export function esaPurgeContent(type: EsaPurgeType, urls: readonly string[]): string {
  return JSON.stringify({ [CONTENT_KEY[type]]: urls })
}

export interface EsaClientOptions {
  /** Base URL; default https://esa.cn-hangzhou.aliyuncs.com (see esaEndpoint). */
  endpoint?: string
  credentials: AlibabaCredentials
  /** The site (ListSites). Int64: pass a string of digits if it exceeds Number.MAX_SAFE_INTEGER. */
  siteId: number | string
  /** `EdgeComputePurge=true`: also purge Edge Routine caches (ESA's replacement for RefreshErObjectCaches). */
  edgeComputePurge?: boolean
  /** `Force` for directory purges (true: everything under it; false: only what changed); sent when set. */
  force?: boolean
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  now?: () => number
  nonce?: () => string
}

const taskSchema = z.object({ TaskId: taskIdField, RequestId: z.optional(z.string()) })

const quotaSchema = z.object({
  Quota: countField,
  Usage: countField,
  Quota30Day: z.optional(countField),
  Usage30Day: z.optional(countField),
  RequestId: z.optional(z.string())
})

/** A GetPurgeQuota answer with its numeric strings read as numbers. */
export interface EsaPurgeQuotaAnswer {
  Quota: number
  Usage: number
  Quota30Day?: number
  Usage30Day?: number
}

/**
 * What is left of one purge type today: Quota − Usage, floored at 0, and within the 30-day quota
 * when one is configured (`Quota30Day` "0" means none, GetPurgeQuota doc).
 */
export function remainingPurgeQuota(answer: EsaPurgeQuotaAnswer): number {
  const daily = Math.max(0, answer.Quota - answer.Usage)
  if (!answer.Quota30Day) return daily
  return Math.min(daily, Math.max(0, answer.Quota30Day - (answer.Usage30Day ?? 0)))
}

/**
 * ESA codes that rpc.ts's generic rules (Throttling*, QuotaExceeded.*, auth codes, HTTP 429/5xx)
 * would class wrongly. ESA error codes are UNCONFIRMED (providers.md §7 item 6); each entry names
 * where it was seen.
 */
const ESA_RETRYABLE_CODES = new Set([
  // HTTP 400 "Too many requests. Please try again later." in the error tables of the ESA 2024-09-10
  // API pages GetPurgeQuota and UploadFile (alibabacloud.com/help/en/edge-security-acceleration/esa/
  // api-esa-2024-09-10-getpurgequota, …-uploadfile).
  'TooManyRequests'
])

function reclassify(err: unknown): unknown {
  if (
    err instanceof ProviderError &&
    err.errorClass === 'permanent' &&
    ESA_RETRYABLE_CODES.has(err.code)
  ) {
    return new ProviderError({
      code: err.code,
      errorClass: 'retryable',
      message: err.message,
      httpStatus: err.httpStatus,
      requestId: err.requestId
    })
  }
  return err
}

const QUOTA_TYPES: readonly EsaPurgeType[] = ['file', 'directory', 'ignoreParams']

export function createEsaClient(options: EsaClientOptions): ProviderClient {
  const logger = options.logger ?? silentLogger
  const siteId = String(options.siteId).trim()
  if (!/^[1-9]\d*$/.test(siteId)) {
    throw new Error(`ESA siteId must be a positive integer, not ${JSON.stringify(options.siteId)}`)
  }
  const rpc: RpcClientOptions = {
    endpoint: options.endpoint ?? ESA_ENDPOINT,
    credentials: options.credentials,
    requestTimeoutMs: options.requestTimeoutMs,
    logger,
    now: options.now,
    nonce: options.nonce
  }
  // The SDK sends every parameter in the query string; a Content of 1,000 URLs belongs in a body.
  const caller = createObjectPathCaller(rpc, { version: ESA_VERSION, product: 'ESA', logger })

  async function call<T>(
    action: string,
    params: Record<string, string>,
    schema: z.ZodMiniType<T>
  ): Promise<{ data: T; requestId?: string }> {
    try {
      return await caller.call(action, params, schema)
    } catch (err) {
      throw reclassify(err)
    }
  }

  /** One type's remaining count; null when ESA answers that type with a permanent error. */
  async function readType(type: EsaPurgeType): Promise<number | null> {
    try {
      const { data } = await call('GetPurgeQuota', { SiteId: siteId, Type: type }, quotaSchema)
      return remainingPurgeQuota(data)
    } catch (err) {
      if (!(err instanceof ProviderError) || err.errorClass !== 'permanent') throw err
      logger.warning(
        `GetPurgeQuota for ${type} purges of site ${siteId} failed (${err.code}: ${err.message}); that quota is unknown.`
      )
      return null
    }
  }

  return {
    taskStatus: (operation, tasks, pace) =>
      describeEsaTasks(
        { call, placement: caller.placement },
        siteId,
        operation,
        tasks,
        options.now ?? Date.now,
        pace ?? (async () => {})
      ),

    async readQuota(): Promise<Quota> {
      // GetPurgeQuota takes one Type: one call per type, in turn.
      const left = {} as Record<EsaPurgeType, number | null>
      for (const type of QUOTA_TYPES) left[type] = await readType(type)
      const { file, directory, ignoreParams } = left
      const remainingByType: Quota['remainingByType'] = {}
      if (directory !== null) remainingByType.directory = directory
      if (ignoreParams !== null) remainingByType['ignore-params'] = ignoreParams
      return {
        remaining: file === null ? {} : { refresh: file },
        remainingByType,
        // No preload quota API in ESA 2024-09-10 (providers.md §4).
        details: { 'refresh-url': file, 'refresh-dir': directory, prefetch: null }
      }
    },

    async submit(
      operation: Operation,
      objects: readonly string[],
      objectType: ObjectType = 'file'
    ): Promise<SubmitResult> {
      if (operation === 'prefetch') {
        if (objectType !== 'file') {
          throw unsupported(`Alibaba Cloud ESA prefetches files only, not ${objectType} objects.`)
        }
        checkUrlList(operation, objects)
        const { data, requestId } = await call(
          'PreloadCaches',
          { SiteId: siteId, Content: JSON.stringify(objects) },
          taskSchema
        )
        return { taskIds: splitTaskIds(data.TaskId), requestId }
      }
      const type = esaPurgeType(objectType)
      checkUrlList(operation, objects)
      const urls = type === 'ignoreParams' ? withoutQuery(objects) : objects
      const params: Record<string, string> = {
        SiteId: siteId,
        Type: type,
        Content: esaPurgeContent(type, urls)
      }
      if (options.edgeComputePurge) params.EdgeComputePurge = 'true'
      if (type === 'directory' && options.force !== undefined) params.Force = String(options.force)
      const { data, requestId } = await call('PurgeCaches', params, taskSchema)
      return { taskIds: splitTaskIds(data.TaskId), requestId }
    }
  }
}

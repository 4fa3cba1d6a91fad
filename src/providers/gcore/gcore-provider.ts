// Gcore CDN as a pipeline provider: limits as data, its own inputs, and the thin adapter from the
// shared ProviderClient interface to GcoreClient (URLs → the path and query Gcore takes).
import * as z from 'zod/mini'
import { InputError } from '../../input-error.js'
import { byteSize, endpointUrl, field, inputOrEnv } from '../../input-fields.js'
import type { Quota } from '../../model.js'
import { formatCount } from '../../plural.js'
import {
  ProviderError,
  type Logger,
  type ProviderClient,
  type ProviderModule,
  type ProviderSpec
} from '../provider.js'
import {
  GCORE_ENDPOINT,
  GcoreClient,
  PREFETCH_PATHS_PER_REQUEST,
  PREFETCH_REQUESTS_PER_MINUTE,
  PURGE_PATTERN_REQUESTS_PER_MINUTE,
  PURGE_PATTERNS_PER_REQUEST,
  PURGE_URL_REQUESTS_PER_MINUTE,
  PURGE_URLS_PER_REQUEST,
  parseRate,
  type GcoreClientOptions,
  type GcoreLimits
} from './client.js'
import { API_KEY_ENV, GCORE_INPUTS } from './inputs.js'
import { GCORE_PURGE_STATUS, gcorePurgeStatus } from './gcore-tasks.js'

/** Gcore recommends prefetching only files above 200 MB and below 5 GB. */
export const PREFETCH_SIZE_RANGE: [number, number] = [200_000_000, 5_000_000_000]

export const gcoreSpec: ProviderSpec = {
  name: 'gcore',
  title: 'Gcore CDN',
  // Purge by URL: 100 URLs a request, 2 requests a minute per resource. Directories are purged by
  // pattern (`/docs/a/*`): 10 patterns a request, 1 request a minute, a window of their own.
  refresh: {
    perRequest: PURGE_URLS_PER_REQUEST,
    requestsPerMinute: PURGE_URL_REQUESTS_PER_MINUTE,
    objectTypes: {
      directory: {
        perRequest: PURGE_PATTERNS_PER_REQUEST,
        requestsPerMinute: PURGE_PATTERN_REQUESTS_PER_MINUTE
      }
    }
  },
  // Prefetch: 100 paths a request, 1 request a minute per resource, files of 200 MB to 5 GB.
  prefetch: {
    perRequest: PREFETCH_PATHS_PER_REQUEST,
    requestsPerMinute: PREFETCH_REQUESTS_PER_MINUTE,
    sizeRange: PREFETCH_SIZE_RANGE
  },
  quotaApi: true,
  quotaExplanation:
    'Gcore has no daily quota: these are the requests a minute per resource that its limits endpoint (GET /cdn/clients/me/limits) allows, and the run is paced to them; unknown when the account does not state them.',
  pathsOnly: true,
  taskIds: false,
  // Purges only: Gcore has no prefetch status API, so prefetches are "accepted, status unavailable".
  status: { refresh: GCORE_PURGE_STATUS }
}

const resourceIdSchema = z.pipe(
  z.string().check(z.regex(/^[1-9]\d{0,15}$/, { error: 'is not a positive whole number' })),
  z.transform(Number)
)

/** `https://h/a%20b.mp4?v=2` → `/a%20b.mp4?v=2`: path and query exactly as encoded, no host. */
export function gcorePath(url: string): string {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}

/** Unique paths in first-seen order: URLs on several hosts of one resource are one path. */
function uniquePaths(urls: readonly string[]): string[] {
  return [...new Set(urls.map(gcorePath))]
}

/** The account's rate as a window the pacer keeps (any length: `1/2s`, `30/h`), if understood. */
function window(text: string | null): { requests: number; windowMs: number } | undefined {
  const rate = text === null ? null : parseRate(text)
  return rate && rate.requests >= 1 && rate.windowMs > 0 ? rate : undefined
}
const positive = (n: number | null): number | undefined => (n !== null && n >= 1 ? n : undefined)

function quotaFrom(limits: GcoreLimits | null): Quota {
  return {
    remaining: {},
    details: {
      'purge-requests-per-minute': limits?.purgeUrlRequestsPerMinute ?? null,
      'prefetch-requests-per-minute': limits?.prefetchRequestsPerMinute ?? null
    },
    ...(limits && {
      limits: {
        refresh: {
          perRequest: positive(limits.purgeUrlsPerRequest),
          requestWindow: window(limits.rateTexts.purgeByUrls)
        },
        prefetch: {
          perRequest: positive(limits.prefetchPathsPerRequest),
          requestWindow: window(limits.rateTexts.prefetch)
        }
      }
    })
  }
}

/** The shared client interface over GcoreClient. Gcore answers no task IDs. */
export function gcoreProviderClient(options: GcoreClientOptions, logger: Logger): ProviderClient {
  let client = new GcoreClient(options)
  return {
    // Finds each purge by what submit() below sent: paths with their query, or directory patterns.
    taskStatus: gcorePurgeStatus(options, task =>
      task.objectType === 'directory'
        ? {
            type: 'purge_by_pattern',
            items: [...new Set(task.urls.map(url => `${new URL(url).pathname}*`))]
          }
        : { type: 'purge_by_url', items: uniquePaths(task.urls) }
    ),
    async readQuota() {
      let limits: GcoreLimits | null
      try {
        limits = await client.limits()
      } catch (e) {
        // The documented defaults apply when the account's limits cannot be read. A provider not
        // answering (retryable) is left to the run, which then fails what it cannot send.
        if (e instanceof ProviderError && (e.errorClass === 'auth' || e.errorClass === 'retryable'))
          throw e
        logger.info(
          `Gcore's limits endpoint did not answer (${e instanceof ProviderError ? e.code : String(e)}); using the documented limits.`
        )
        limits = null
      }
      if (limits) {
        // The account may allow larger requests than the documented defaults the client guards.
        client = new GcoreClient({
          ...options,
          maxItems: {
            purgeUrls: positive(limits.purgeUrlsPerRequest),
            prefetchPaths: positive(limits.prefetchPathsPerRequest)
          }
        })
      }
      return quotaFrom(limits)
    },
    async submit(operation, urls, objectType = 'file') {
      if (operation === 'refresh' && objectType === 'directory') {
        // `/docs/a/` → the pattern `/docs/a/*`: `*` only at the end, matching recursively.
        const patterns = [...new Set(urls.map(url => `${new URL(url).pathname}*`))]
        const accepted = await client.purgePatterns(patterns)
        return { taskIds: [], requestId: accepted.requestId }
      }
      if (objectType !== 'file') {
        throw new ProviderError({
          code: 'Unsupported',
          errorClass: 'permanent',
          message: `Gcore CDN cannot ${operation} ${objectType}s.`
        })
      }
      const paths = uniquePaths(urls)
      const accepted =
        operation === 'refresh' ? await client.purgeUrls(paths) : await client.prefetch(paths)
      return { taskIds: [], requestId: accepted.requestId }
    }
  }
}

export const gcoreProvider: ProviderModule = {
  spec: gcoreSpec,
  quotaKeys: ['purge-requests-per-minute', 'prefetch-requests-per-minute'],
  inputs: GCORE_INPUTS,
  configure(read, env, live) {
    const apiKey = inputOrEnv(read, env, 'api-key', [API_KEY_ENV]).replace(/^apikey\s+/i, '')
    if (live && apiKey === '') {
      throw new InputError(
        'api-key',
        `is empty, and a live run needs a Gcore API token. Pass it from a secret (api-key: \${{ secrets.GCORE_API_KEY }}, or set ${API_KEY_ENV}), or set dry-run: true.`
      )
    }
    if (/[\s\p{Cc}\p{Cf}]/u.test(apiKey)) {
      throw new InputError(
        'api-key',
        'contains white space, a line break or a control character (the value is a secret and is not shown). Paste the token alone (it looks like 12345$abcdef…), from a secret.'
      )
    }
    const resourceInput = read('resource-id').trim()
    if (resourceInput === '') {
      throw new InputError(
        'resource-id',
        'is required: the ID of the CDN resource to purge and prefetch on (Gcore Customer Portal → CDN → the resource).'
      )
    }
    const resourceId = field(
      'resource-id',
      resourceInput,
      resourceIdSchema,
      'Give the numeric ID of the CDN resource, e.g. 123456.'
    )
    const endpointInput = read('endpoint').trim()
    const endpoint = endpointInput
      ? endpointUrl('endpoint', endpointInput, GCORE_ENDPOINT)
      : GCORE_ENDPOINT
    const minInput = read('prefetch-min-size').trim()
    const maxInput = read('prefetch-max-size').trim()
    const min = minInput ? byteSize('prefetch-min-size', minInput) : PREFETCH_SIZE_RANGE[0]
    const max = maxInput ? byteSize('prefetch-max-size', maxInput) : PREFETCH_SIZE_RANGE[1]
    if (min > max) {
      throw new InputError(
        'prefetch-min-size',
        `(${formatCount(min)} bytes) is above prefetch-max-size (${formatCount(max)} bytes). Give a minimum at or below the maximum.`
      )
    }
    return {
      directTargets: [],
      specOverrides: { prefetch: { sizeRange: [min, max] } },
      createClient: ({ requestTimeoutMs, logger }) =>
        apiKey
          ? gcoreProviderClient({ endpoint, apiKey, resourceId, requestTimeoutMs, logger }, logger)
          : null
    }
  }
}

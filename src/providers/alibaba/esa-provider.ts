// Alibaba Cloud ESA (API 2024-09-10) as a pipeline provider: limits as data, its own inputs, and
// the client from esa.ts.
import * as z from 'zod/mini'
import { boolean, endpointUrl, field, oneOf } from '../../input-fields.js'
import { InputError } from '../../input-error.js'
import { readKeyPair } from '../credentials.js'
import type { ProviderModule, ProviderSpec } from '../provider.js'
import { ALIBABA_CREDENTIAL_ENV, ESA_INPUTS } from './inputs.js'
import { ESA_DEFAULT_LIMITS, ESA_REGIONS, createEsaClient, esaEndpoint } from './esa.js'
import { ESA_PRELOAD_STATUS, ESA_PURGE_STATUS } from './esa-tasks.js'

export const esaSpec: ProviderSpec = {
  name: 'alibaba-esa',
  title: 'Alibaba Cloud ESA',
  // UNCONFIRMED per-request limits (ESA's pages state none): DCDN's, which `limits` can change;
  // several hosts of the site may share a request. The provider's error code has the last word.
  refresh: {
    perRequest: ESA_DEFAULT_LIMITS.purgePerRequest,
    maxUrlLength: 1024,
    objectTypes: {
      directory: { perRequest: ESA_DEFAULT_LIMITS.directoriesPerRequest },
      'ignore-params': { perRequest: ESA_DEFAULT_LIMITS.ignoreParamsPerRequest }
    }
  },
  prefetch: { perRequest: ESA_DEFAULT_LIMITS.prefetchPerRequest, maxUrlLength: 1024 },
  quotaApi: true,
  quotaExplanation:
    'Read with GetPurgeQuota per type (quota minus usage today); ESA has no preload quota API, so prefetch is unknown until ESA says the quota is used up.',
  taskIds: true,
  status: { refresh: ESA_PURGE_STATUS, prefetch: ESA_PRELOAD_STATUS }
}

const siteIdSchema = z.string().check(z.regex(/^[1-9]\d{0,18}$/, { error: 'is not a site ID' }))

export const esaProvider: ProviderModule = {
  spec: esaSpec,
  quotaKeys: ['refresh-url', 'refresh-dir', 'prefetch'],
  inputs: ESA_INPUTS,
  configure(read, env, live) {
    const credentials = readKeyPair(read, env, ALIBABA_CREDENTIAL_ENV, live)
    const siteInput = read('site-id').trim()
    if (siteInput === '') {
      throw new InputError(
        'site-id',
        'is required: the numeric ID of the ESA site (console: Websites, or the ListSites API).'
      )
    }
    const siteId = field(
      'site-id',
      siteInput,
      siteIdSchema,
      'Give the numeric site ID, e.g. 123456789.'
    )
    const region = oneOf('region', read('region').trim() || 'cn-hangzhou', [...ESA_REGIONS] as [
      (typeof ESA_REGIONS)[number],
      ...(typeof ESA_REGIONS)[number][]
    ])
    const endpointInput = read('endpoint').trim()
    const endpoint = endpointInput
      ? endpointUrl('endpoint', endpointInput, esaEndpoint(region))
      : esaEndpoint(region)
    const edgeComputePurge = boolean(
      'edge-compute-purge',
      read('edge-compute-purge').trim() || 'false'
    )
    return {
      directTargets: [],
      createClient: ({ requestTimeoutMs, logger }) =>
        credentials
          ? createEsaClient({
              endpoint,
              credentials,
              // Int64: kept as digits when it would not fit a double exactly.
              siteId: Number.isSafeInteger(Number(siteId)) ? Number(siteId) : siteId,
              edgeComputePurge,
              requestTimeoutMs,
              logger
            })
          : null
    }
  }
}

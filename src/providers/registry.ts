import type { Credentials, LimitOverrides, Settings } from '../inputs.js'
import { InputError } from '../input-error.js'
import { OPERATIONS } from '../model.js'
import { createDcdnClient, dcdnSpec } from './alibaba/dcdn.js'
import type { Logger, ProviderClient, ProviderName, ProviderSpec } from './provider.js'

/** Seconds one HTTP request may take before it counts as a (retryable) timeout. */
const REQUEST_TIMEOUT_MS = 30_000

interface ProviderEntry {
  spec: ProviderSpec
  /** Keys of the `quota-remaining` output. */
  quotaKeys: string[]
  createClient(settings: Settings, credentials: Credentials, logger: Logger): ProviderClient
}

// Adding a provider is one entry here plus its adapter folder.
const PROVIDERS: Record<ProviderName, ProviderEntry> = {
  'alibaba-dcdn': {
    spec: dcdnSpec,
    quotaKeys: ['refresh-url', 'refresh-dir', 'prefetch'],
    createClient: (settings, credentials, logger) =>
      createDcdnClient({
        endpoint: settings.endpoint ?? 'https://dcdn.aliyuncs.com',
        credentials,
        area: settings.area,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        logger
      })
  }
}

export function providerEntry(name: ProviderName): ProviderEntry {
  return PROVIDERS[name]
}

/**
 * The provider's declared limits with the `limits` input applied. Per-request and hosts-per-request
 * may only be lowered (the API rejects more); rate limits may be raised for accounts whose limits
 * were increased (DCDN's per-domain rate is 1,000 or 10,000 URLs a minute depending on the doc).
 */
export function resolveSpec(name: ProviderName, overrides: LimitOverrides): ProviderSpec {
  const base = PROVIDERS[name].spec
  const spec: ProviderSpec = { ...base }
  for (const op of OPERATIONS) {
    const o = overrides[op]
    if (!o) continue
    const declared = base[op]
    if (!declared) {
      throw new InputError(
        'limits',
        `${op}: ${base.title} cannot ${op}, so it has no ${op} limits to set.`
      )
    }
    const capped = (key: 'perRequest' | 'hostsPerRequest', label: string): number | undefined => {
      const v = o[key]
      const max = declared[key]
      if (v !== undefined && max !== undefined && v > max) {
        throw new InputError(
          'limits',
          `${op}.${label}: ${v} is above ${base.title}'s maximum of ${max}. Use ${max} or less.`
        )
      }
      return v ?? max
    }
    spec[op] = {
      ...declared,
      perRequest: capped('perRequest', 'per-request') ?? declared.perRequest,
      hostsPerRequest: capped('hostsPerRequest', 'hosts-per-request'),
      urlsPerHostPerMinute: o.urlsPerHostPerMinute ?? declared.urlsPerHostPerMinute,
      requestsPerMinute: o.requestsPerMinute ?? declared.requestsPerMinute
    }
  }
  return spec
}

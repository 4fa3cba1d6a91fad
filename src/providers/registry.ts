import type { LimitOverrides } from '../inputs.js'
import { InputError } from '../input-error.js'
import { OPERATIONS } from '../model.js'
import { dcdnProvider } from './alibaba/dcdn.js'
import { edgeRoutineProvider } from './alibaba/edge-routine-provider.js'
import { esaProvider } from './alibaba/esa-provider.js'
import { vodProvider } from './huawei/vod-provider.js'
import { gcoreProvider } from './gcore/gcore-provider.js'
import type { Operation, Quota } from '../model.js'
import type {
  OperationSpec,
  ProviderInput,
  ProviderModule,
  ProviderName,
  ProviderSpec
} from './provider.js'

// Adding a provider is one entry here plus its adapter folder.
const PROVIDERS: Record<ProviderName, ProviderModule> = {
  'alibaba-dcdn': dcdnProvider,
  'alibaba-edge-routine': edgeRoutineProvider,
  'alibaba-esa': esaProvider,
  'huawei-vod': vodProvider,
  gcore: gcoreProvider
}

export function providerModule(name: ProviderName): ProviderModule {
  return PROVIDERS[name]
}

/** Every provider's own inputs, each name once (providers share the credential inputs). */
export function allProviderInputs(): ProviderInput[] {
  const byName = new Map<string, ProviderInput>()
  for (const module of Object.values(PROVIDERS)) {
    for (const input of module.inputs) {
      const known = byName.get(input.name)
      byName.set(input.name, {
        ...input,
        env: [...new Set([...(known?.env ?? []), ...(input.env ?? [])])],
        secret: Boolean(known?.secret || input.secret)
      })
    }
  }
  return [...byName.values()]
}

/** Which providers read an input (for action.yml and the README). */
export function providersReading(input: string): ProviderName[] {
  return (Object.keys(PROVIDERS) as ProviderName[]).filter(name =>
    PROVIDERS[name].inputs.some(i => i.name === input)
  )
}

/** `spec` with some operations' limits replaced (provider inputs, the account's own limits). */
export function withLimits(
  spec: ProviderSpec,
  changes: Partial<Record<Operation, Partial<OperationSpec>>> | undefined
): ProviderSpec {
  const out: ProviderSpec = { ...spec }
  for (const op of OPERATIONS) {
    const declared = spec[op]
    const change = changes?.[op]
    if (!declared || !change) continue
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined))
    out[op] = { ...declared, ...defined }
  }
  return out
}

/**
 * The provider's limits with the `limits` input applied. Per-request and hosts-per-request may only
 * be lowered (the API rejects more); rate limits may be raised for accounts whose limits were
 * increased (DCDN's per-domain rate is 1,000 or 10,000 URLs a minute depending on the doc).
 */
export function resolveSpec(base: ProviderSpec, overrides: LimitOverrides): ProviderSpec {
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
      requestsPerMinute: o.requestsPerMinute ?? declared.requestsPerMinute,
      // A requests-per-minute the user gives replaces whatever window the account stated.
      requestWindow: o.requestsPerMinute === undefined ? declared.requestWindow : undefined
    }
  }
  return spec
}

/**
 * The provider's limits as the account's limits endpoint states them, then the `limits` input,
 * which may lower them; a value above the account's is used as the account's, with a warning.
 */
export function accountSpec(
  declared: ProviderSpec,
  account: NonNullable<Quota['limits']>,
  overrides: LimitOverrides,
  warn: (message: string) => void
): ProviderSpec {
  const base = withLimits(declared, account)
  const clamped: LimitOverrides = {}
  for (const op of OPERATIONS) {
    const o = overrides[op]
    if (!o) continue
    const max = base[op]?.perRequest
    if (o.perRequest !== undefined && max !== undefined && o.perRequest > max) {
      warn(
        `limits: ${op}.per-request ${o.perRequest} is above this account's ${max}; using ${max}.`
      )
      clamped[op] = { ...o, perRequest: max }
    } else clamped[op] = o
  }
  return resolveSpec(base, clamped)
}

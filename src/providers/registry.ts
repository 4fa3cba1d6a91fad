import type { LimitOverrides } from '../inputs.js'
import { InputError } from '../input-error.js'
import { OPERATIONS } from '../model.js'
import { DCDN_INPUTS, EDGE_ROUTINE_INPUTS, ESA_INPUTS } from './alibaba/inputs.js'
import { VOD_INPUTS } from './huawei/inputs.js'
import { GCORE_INPUTS } from './gcore/inputs.js'
import type { Operation, Quota } from '../model.js'
import type {
  OperationSpec,
  ProviderInput,
  ProviderModule,
  ProviderName,
  ProviderSpec
} from './provider.js'

/**
 * A provider as the registry holds it before one is chosen: the inputs it reads, as data, and how
 * to load the rest. Every run masks every provider's secret inputs before anything can print
 * them, but needs only the chosen provider's code (its client, signing, HTTP stack), so that code
 * is loaded once the `provider` input is known. The inputs come from each provider's inputs.ts,
 * which its module declares too.
 */
interface ProviderEntry {
  inputs: readonly ProviderInput[]
  load(): Promise<ProviderModule>
}

// Adding a provider is one entry here plus its adapter folder.
const PROVIDERS: Record<ProviderName, ProviderEntry> = {
  'alibaba-dcdn': {
    inputs: DCDN_INPUTS,
    load: async () => (await import('./alibaba/dcdn.js')).dcdnProvider
  },
  'alibaba-edge-routine': {
    inputs: EDGE_ROUTINE_INPUTS,
    load: async () => (await import('./alibaba/edge-routine-provider.js')).edgeRoutineProvider
  },
  'alibaba-esa': {
    inputs: ESA_INPUTS,
    load: async () => (await import('./alibaba/esa-provider.js')).esaProvider
  },
  'huawei-vod': {
    inputs: VOD_INPUTS,
    load: async () => (await import('./huawei/vod-provider.js')).vodProvider
  },
  gcore: {
    inputs: GCORE_INPUTS,
    load: async () => (await import('./gcore/gcore-provider.js')).gcoreProvider
  }
}

/** The chosen provider's module: its limits, its inputs' validation and its client. */
export function loadProvider(name: ProviderName): Promise<ProviderModule> {
  return PROVIDERS[name].load()
}

/** The inputs a provider reads, as declared before its module is loaded. */
export function declaredInputs(name: ProviderName): readonly ProviderInput[] {
  return PROVIDERS[name].inputs
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

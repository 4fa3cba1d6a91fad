// The inputs Gcore reads, as data (see alibaba/inputs.ts for why they stand apart).
import type { ProviderInput } from '../provider.js'

export const API_KEY_ENV = 'GCORE_API_KEY'

export const GCORE_INPUTS: readonly ProviderInput[] = [
  { name: 'api-key', env: [API_KEY_ENV], secret: true },
  { name: 'resource-id' },
  { name: 'endpoint' },
  { name: 'prefetch-min-size' },
  { name: 'prefetch-max-size' }
]

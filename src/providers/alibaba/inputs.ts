// The inputs the Alibaba providers read, as data: the registry masks them before a provider is
// chosen, and each adapter reads them. Nothing here loads an adapter.
import { keyPairInputs, type KeyPairEnv } from '../credentials.js'
import type { ProviderInput } from '../provider.js'

/** The variables the official aliyun/configure-aliyun-credentials-action exports. */
export const ALIBABA_CREDENTIAL_ENV: KeyPairEnv = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN'
}

const credentials = keyPairInputs(ALIBABA_CREDENTIAL_ENV)

export const DCDN_INPUTS: readonly ProviderInput[] = [
  ...credentials,
  { name: 'endpoint' },
  { name: 'area' }
]

export const EDGE_ROUTINE_INPUTS: readonly ProviderInput[] = [
  ...credentials,
  { name: 'endpoint' },
  { name: 'routine-id' },
  { name: 'merge-domain-names' },
  { name: 'force' }
]

export const ESA_INPUTS: readonly ProviderInput[] = [
  ...credentials,
  { name: 'endpoint' },
  { name: 'site-id' },
  { name: 'region' },
  { name: 'edge-compute-purge' }
]

// The inputs Huawei Cloud VOD reads, as data (see alibaba/inputs.ts for why they stand apart).
import { keyPairInputs, type KeyPairEnv } from '../credentials.js'
import type { ProviderInput } from '../provider.js'

/** The variables the official Huawei Cloud SDKs read. */
export const HUAWEI_CREDENTIAL_ENV: KeyPairEnv = {
  accessKeyId: 'HUAWEICLOUD_SDK_AK',
  accessKeySecret: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN'
}
export const PROJECT_ID_ENV = 'HUAWEICLOUD_SDK_PROJECT_ID'

export const VOD_INPUTS: readonly ProviderInput[] = [
  ...keyPairInputs(HUAWEI_CREDENTIAL_ENV),
  { name: 'project-id', env: [PROJECT_ID_ENV] },
  { name: 'region' },
  { name: 'endpoint' },
  { name: 'iam-endpoint' },
  { name: 'asset-ids', listsTargets: true }
]

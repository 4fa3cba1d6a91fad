// Alibaba's own signing helpers (@alicloud/openapi-util, a devDependency), typed: a second,
// independent implementation that the emulator verifies signatures with and the signer tests
// compare against. Never imported by src/.
import * as openApiUtilModule from '@alicloud/openapi-util'

export interface OfficialAlibabaUtil {
  getAuthorization(
    request: {
      method: string
      pathname: string
      query: Record<string, string>
      headers: Record<string, string>
    },
    signatureAlgorithm: string,
    payload: string,
    accessKeyId: string,
    accessKeySecret: string
  ): string
  getEncodeParam(value: string): string
  toForm(params: Record<string, string>): string
}

// The package is CommonJS with `exports.default`; depending on the loader (Node ESM, tsx, jest)
// the class sits one or two `default`s deep.
function resolve(mod: unknown): OfficialAlibabaUtil {
  let current = mod
  for (let i = 0; i < 3; i++) {
    if (typeof current === 'function' || (typeof current === 'object' && current !== null)) {
      const candidate = current as Partial<OfficialAlibabaUtil> & { default?: unknown }
      if (typeof candidate.getAuthorization === 'function') return candidate as OfficialAlibabaUtil
      current = candidate.default
    }
  }
  throw new Error('@alicloud/openapi-util does not export getAuthorization')
}

export const officialAlibabaUtil = resolve(openApiUtilModule)

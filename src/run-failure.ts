import { InputError } from './input-error.js'
import { ChangeDetectionError } from './changes/errors.js'
import { ProviderError } from './providers/provider.js'
import type { RunFailure } from './report/report.js'

/**
 * What to tell the user about an error that stopped the run. Expected conditions (bad input,
 * refused credentials, a base commit git cannot fetch, an unreachable GitHub API) carry their own
 * advice; only what nothing anticipated is called unexpected.
 */
export function describeFailure(error: unknown): RunFailure {
  if (error instanceof InputError) return { type: 'input', message: error.message }
  if (error instanceof ChangeDetectionError) {
    return { type: 'change-detection', message: error.message }
  }
  if (error instanceof ProviderError) {
    return {
      type: error.errorClass === 'auth' ? 'auth' : 'provider',
      message: `${error.code}: ${error.message}`
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { type: 'unexpected', message: `Unexpected error: ${message}` }
}

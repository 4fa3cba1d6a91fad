// Alibaba Edge Routine cache refresh (RefreshErObjectCaches) as a pipeline provider: limits as
// data, its own inputs, and the client from edge-routine.ts.
import { InputError } from '../../input-error.js'
import { boolean, endpointUrl } from '../../input-fields.js'
import { readKeyPair } from '../credentials.js'
import type { ProviderModule, ProviderSpec } from '../provider.js'
import { ALIBABA_CREDENTIAL_ENV, EDGE_ROUTINE_INPUTS } from './inputs.js'
import {
  EDGE_ROUTINE_ENDPOINT,
  EDGE_ROUTINE_LIMITS,
  createEdgeRoutineClient
} from './edge-routine.js'
import { DCDN_STATUS } from './dcdn-tasks.js'

export const edgeRoutineSpec: ProviderSpec = {
  name: 'alibaba-edge-routine',
  title: 'Alibaba Cloud Edge Routine',
  // One domain a request (grouped by host), 1,000 URLs or 100 directories a request, 1,000 URLs a
  // domain a minute, URLs of up to 1,024 characters. No prefetch.
  refresh: {
    perRequest: EDGE_ROUTINE_LIMITS.perRequest,
    hostsPerRequest: EDGE_ROUTINE_LIMITS.hostsPerRequest,
    urlsPerHostPerMinute: EDGE_ROUTINE_LIMITS.urlsPerHostPerMinute,
    maxUrlLength: EDGE_ROUTINE_LIMITS.maxUrlLength,
    objectTypes: {
      directory: { perRequest: EDGE_ROUTINE_LIMITS.directoriesPerRequest },
      'ignore-params': { perRequest: EDGE_ROUTINE_LIMITS.perRequest }
    }
  },
  quotaApi: true,
  quotaExplanation:
    'Read with DescribeDcdnRefreshQuota: Edge Routine refreshes count against the same daily counters as DCDN refreshes (10,000 URLs and 100 directories by default).',
  taskIds: true,
  // UNCONFIRMED (providers.md §3): whether DescribeDcdnRefreshTaskById lists Edge Routine tasks. It
  // is asked; a task it never lists ends the wait as incomplete ("not listed"), never as complete.
  status: { refresh: DCDN_STATUS },
  // The same UNCONFIRMED point for the task list a lost reply is looked up in (edge-routine.ts).
  taskListCaveat:
    'whether DescribeDcdnRefreshTasks lists Edge Routine refreshes at all is not documented'
}

// "Name.Subdomain": both parts are routine and subdomain names (letters, digits, hyphens).
const ROUTINE_ID = /^[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9-]*$/
const DOMAIN =
  /^(?=.{1,253}$)([A-Za-z0-9*]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export const edgeRoutineProvider: ProviderModule = {
  spec: edgeRoutineSpec,
  quotaKeys: ['refresh-url', 'refresh-dir'],
  inputs: EDGE_ROUTINE_INPUTS,
  configure(read, env, live) {
    const credentials = readKeyPair(read, env, ALIBABA_CREDENTIAL_ENV, live)
    const endpointInput = read('endpoint').trim()
    const endpoint = endpointInput
      ? endpointUrl('endpoint', endpointInput, EDGE_ROUTINE_ENDPOINT)
      : EDGE_ROUTINE_ENDPOINT
    const routineId = read('routine-id').trim()
    if (routineId && !ROUTINE_ID.test(routineId)) {
      throw new InputError(
        'routine-id',
        `'${routineId}' is not a routine ID. Give "Name.Subdomain", e.g. test.mysubdomain, or leave it empty to refresh what fetch subrequests cached.`
      )
    }
    const mergeDomainNames = read('merge-domain-names')
      .split(',')
      .map(d => d.trim())
      .filter(d => d !== '')
    const badDomain = mergeDomainNames.find(d => !DOMAIN.test(d))
    if (badDomain !== undefined) {
      throw new InputError(
        'merge-domain-names',
        `'${badDomain}' is not a domain name. Give domains separated by commas, e.g. www.example.com,static.example.com.`
      )
    }
    const force = boolean('force', read('force').trim() || 'false')
    return {
      directTargets: [],
      createClient: ({ requestTimeoutMs, logger }) =>
        credentials
          ? createEdgeRoutineClient({
              endpoint,
              credentials,
              ...(routineId && { routineId }),
              ...(mergeDomainNames.length > 0 && { mergeDomainNames }),
              force,
              requestTimeoutMs,
              logger
            })
          : null
    }
  }
}

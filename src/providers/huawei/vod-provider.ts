// Huawei Cloud VOD as a pipeline provider: its limits as data, its own inputs, and the thin
// adapter from the shared ProviderClient interface to VodClient's wire calls.
import * as z from 'zod/mini'
import type { Operation, Target } from '../../model.js'
import { endpointUrl, field, lines, type InputReader } from '../../input-fields.js'
import { readKeyPair } from '../credentials.js'
import { HUAWEI_CREDENTIAL_ENV, PROJECT_ID_ENV, VOD_INPUTS } from './inputs.js'
import {
  ProviderError,
  type ProviderClient,
  type ProviderModule,
  type ProviderSpec
} from '../provider.js'
import {
  IAM_DEFAULT_ENDPOINT,
  VOD_DEFAULT_REGION,
  VOD_PREFETCH_PER_DAY,
  VOD_PREFETCH_PER_REQUEST,
  VodClient,
  vodEndpoint
} from './vod.js'
import { VOD_STATUS, showPreheatingTasks } from './vod-tasks.js'

export const vodSpec: ProviderSpec = {
  name: 'huawei-vod',
  title: 'Huawei Cloud VOD',
  // VOD only pre-loads: up to 10 URLs or one asset a request, 1,000 pre-loads a tenant a day.
  prefetch: {
    perRequest: VOD_PREFETCH_PER_REQUEST,
    perDay: VOD_PREFETCH_PER_DAY,
    // VOD's restrictions page (not in providers.md): 100 API calls a minute per tenant, shared with
    // the status query; pacing keeps below it instead of provoking APIGW.0308.
    requestsPerMinute: 100,
    objectTypes: { asset: { perRequest: 1 } }
  },
  // A rule prefetches by default and never refreshes unless it says so (then: unsupported).
  ruleDefaults: { refresh: false, prefetch: true },
  quotaApi: false,
  taskIds: true,
  status: { prefetch: VOD_STATUS }
}

// The region becomes a host name label and the project ID a path segment: nothing else may pass.
const regionSchema = z
  .string()
  .check(z.regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, { error: 'is not a region name' }))
const projectIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'is not a project ID' }))
const assetIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'is not a media asset ID' }))

/** The asset IDs of the `asset-ids` input, each once, in order, as prefetch-only targets. */
function assetTargets(read: InputReader): Target[] {
  const ids = lines(read('asset-ids')).map(id =>
    field(
      'asset-ids',
      id,
      assetIdSchema,
      'Give the IDs of published media assets (letters, digits, - and _), one a line.'
    )
  )
  return [...new Set(ids)].map(id => ({
    url: id,
    host: '',
    sources: [],
    kind: 'added',
    rule: -1,
    wanted: { refresh: false, prefetch: true },
    objectType: 'asset'
  }))
}

function unsupported(operation: Operation): ProviderError {
  return new ProviderError({
    code: 'Unsupported',
    errorClass: 'permanent',
    message: `Huawei Cloud VOD cannot ${operation}.`
  })
}

/** The shared client interface over VodClient; prepare() resolves the project ID once. */
export function vodProviderClient(vod: VodClient): ProviderClient {
  return {
    taskStatus: (_operation, tasks) => showPreheatingTasks(vod, tasks),
    async prepare() {
      await vod.projectId()
    },
    async readQuota() {
      return null
    },
    async submit(operation, objects, objectType = 'file') {
      if (operation !== 'prefetch') throw unsupported(operation)
      const [first] = objects
      if (objectType === 'asset') {
        if (objects.length !== 1 || first === undefined) {
          throw new ProviderError({
            code: 'TooManyAssets',
            errorClass: 'permanent',
            message: `VOD pre-loads one asset per request; this one has ${objects.length}.`
          })
        }
        const accepted = await vod.preheatAsset(first)
        return { taskIds: [accepted.taskId], requestId: accepted.requestId }
      }
      const accepted = await vod.preheatUrls(objects)
      return { taskIds: [accepted.taskId], requestId: accepted.requestId }
    }
  }
}

export const vodProvider: ProviderModule = {
  spec: vodSpec,
  quotaKeys: ['prefetch'],
  inputs: VOD_INPUTS,
  configure(read, env, live) {
    const credentials = readKeyPair(read, env, HUAWEI_CREDENTIAL_ENV, live)
    const region = field(
      'region',
      read('region').trim() || VOD_DEFAULT_REGION,
      regionSchema,
      `Give a Huawei Cloud region such as ${VOD_DEFAULT_REGION}.`
    )
    const projectInput = read('project-id').trim() || env[PROJECT_ID_ENV]?.trim() || ''
    const projectId = projectInput
      ? field(
          'project-id',
          projectInput,
          projectIdSchema,
          'Copy the project ID of the region from the console (My Credentials), or leave it empty to look it up.'
        )
      : undefined
    const endpointInput = read('endpoint').trim()
    const endpoint = endpointInput
      ? endpointUrl('endpoint', endpointInput, vodEndpoint(region))
      : vodEndpoint(region)
    const iamInput = read('iam-endpoint').trim()
    const iamEndpoint = iamInput
      ? endpointUrl('iam-endpoint', iamInput, IAM_DEFAULT_ENDPOINT)
      : IAM_DEFAULT_ENDPOINT
    return {
      directTargets: assetTargets(read),
      createClient: ({ requestTimeoutMs, logger }) =>
        credentials
          ? vodProviderClient(
              new VodClient({
                endpoint,
                iamEndpoint,
                region,
                projectId,
                credentials,
                requestTimeoutMs,
                logger
              })
            )
          : null
    }
  }
}

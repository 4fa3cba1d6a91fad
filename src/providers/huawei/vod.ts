// Huawei Cloud VOD "CDN pre-loading" (providers.md §5): the limits as data and the wire protocol
// (project lookup, CreatePreheatingAsset, ShowPreheatingAsset), independent of the pipeline.
import * as z from 'zod/mini'
import { ProviderError, silentLogger, type Logger, type RequestTimeout } from '../provider.js'
import { hasControlCharacter } from '../signing-encoding.js'
import { callApig, type ApigCall, type ApigClientOptions, type HuaweiCredentials } from './api.js'

/** URLs per CreatePreheatingAsset request. */
export const VOD_PREFETCH_PER_REQUEST = 10
/** Pre-loads per tenant per day (each URL and each asset counts as one). */
export const VOD_PREFETCH_PER_DAY = 1000
/** Regions in the official SDK's region list (providers.md §5.1); new users get cn-north-4 only. */
export const VOD_REGIONS: readonly string[] = [
  'cn-north-4',
  'cn-north-1',
  'cn-east-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3'
]
export const VOD_DEFAULT_REGION = 'cn-north-4'
export const IAM_DEFAULT_ENDPOINT = 'https://iam.myhuaweicloud.com'

export function vodEndpoint(region: string): string {
  return `https://vod.${region}.myhuaweicloud.com`
}

export type PreheatStatus = 'processing' | 'succeed' | 'failed'

export interface PreheatResult {
  url: string
  status: PreheatStatus
}

export interface PreheatAccepted {
  taskId: string
  requestId?: string
}

export interface VodClientOptions {
  /** VOD base URL; default https://vod.<region>.myhuaweicloud.com. */
  endpoint?: string
  /** IAM base URL for the project lookup; default https://iam.myhuaweicloud.com. */
  iamEndpoint?: string
  /** Default cn-north-4. Regions outside VOD_REGIONS are allowed: the SDK's list may be dated. */
  region?: string
  /** The project of `region`; looked up through IAM when absent. */
  projectId?: string
  credentials: HuaweiCredentials
  requestTimeoutMs: RequestTimeout
  logger?: Logger
  now?: () => number
  /** Error codes meaning "daily pre-load limit reached" (UNCONFIRMED, see api.ts). */
  quotaErrorCodes?: readonly string[]
}

const projectsSchema = z.object({
  projects: z.array(z.looseObject({ id: z.string().check(z.minLength(1)), name: z.string() }))
})
// A task ID is 32 hex digits in the doc's example; any word characters up to 128 are accepted, but
// nothing that could carry a line break or a control into the log or the outputs.
const acceptedSchema = z.looseObject({
  task_id: z.string().check(z.regex(/^[\w.:-]{1,128}$/, 'expected a task ID'))
})
// The doc's statuses are lower case, an older Go SDK enum upper case: compare case-insensitively.
const statusSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform(s => s.toLowerCase())
  ),
  z.enum(['processing', 'succeed', 'failed'])
)
const resultsSchema = z.object({
  preheating_results: z.array(z.looseObject({ url: z.string(), status: statusSchema }))
})

function invalid(code: string, message: string): ProviderError {
  return new ProviderError({ code, errorClass: 'permanent', message })
}

export class VodClient {
  private readonly region: string
  private readonly endpoint: string
  private readonly iamEndpoint: string
  private readonly api: ApigClientOptions
  private readonly logger: Logger
  private knownProjectId: string | undefined
  private lookup: Promise<string> | undefined

  constructor(options: VodClientOptions) {
    this.region = options.region ?? VOD_DEFAULT_REGION
    // The region becomes a host name label; anything else would point the client elsewhere.
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(this.region)) {
      throw new RangeError(`"${this.region}" is not a Huawei Cloud region name (e.g. cn-north-4).`)
    }
    this.endpoint = options.endpoint ?? vodEndpoint(this.region)
    this.iamEndpoint = options.iamEndpoint ?? IAM_DEFAULT_ENDPOINT
    this.knownProjectId = options.projectId || undefined
    this.logger = options.logger ?? silentLogger
    this.api = {
      credentials: options.credentials,
      requestTimeoutMs: options.requestTimeoutMs,
      logger: this.logger,
      now: options.now,
      quotaErrorCodes: options.quotaErrorCodes
    }
  }

  /**
   * The project ID: the configured one, else IAM's project named like the region, looked up once.
   * Concurrent callers share one lookup; a failed lookup is not cached, so a retry asks again.
   */
  projectId(): Promise<string> {
    if (this.knownProjectId !== undefined) return Promise.resolve(this.knownProjectId)
    this.lookup ??= this.lookUpProject().then(
      id => {
        this.knownProjectId = id
        return id
      },
      (err: unknown) => {
        this.lookup = undefined
        throw err
      }
    )
    return this.lookup
  }

  private async lookUpProject(): Promise<string> {
    const { data } = await callApig(
      this.iamEndpoint,
      this.api,
      { method: 'GET', path: '/v3/projects', query: { name: this.region } },
      projectsSchema
    ).catch((err: unknown) => {
      // IAM users often may call VOD but not list projects; a configured project-id avoids IAM.
      if (!(err instanceof ProviderError) || err.errorClass !== 'auth') throw err
      throw new ProviderError({
        code: err.code,
        errorClass: err.errorClass,
        httpStatus: err.httpStatus,
        requestId: err.requestId,
        message: `Looking up the project of "${this.region}" through IAM was refused; setting \`project-id\` avoids the lookup. ${err.message}`
      })
    })
    const matches = data.projects.filter(p => p.name === this.region)
    const [project] = matches
    if (project === undefined || matches.length > 1) {
      throw new ProviderError({
        code: 'ProjectNotFound',
        errorClass: 'auth',
        message:
          matches.length > 1
            ? `IAM lists ${matches.length} projects named "${this.region}": set \`project-id\` to the one to use.`
            : `IAM lists no project named "${this.region}" for this account: check \`region\`, or set \`project-id\`.`
      })
    }
    this.logger.debug(`VOD project of ${this.region}: ${project.id}`)
    return project.id
  }

  /** A VOD call: the project in the path and, signed, in X-Project-Id, as the official SDK sends it. */
  private static vodCall(call: Omit<ApigCall, 'projectId'>, projectId: string): ApigCall {
    return { ...call, projectId, path: `/v1.0/${projectId}${call.path}` }
  }

  private async create(body: Record<string, unknown>): Promise<PreheatAccepted> {
    const projectId = await this.projectId()
    const call = VodClient.vodCall({ method: 'POST', path: '/asset/preheating', body }, projectId)
    const { data, requestId } = await callApig(this.endpoint, this.api, call, acceptedSchema)
    return { taskId: data.task_id, requestId }
  }

  /** Pre-loads up to VOD_PREFETCH_PER_REQUEST published playback URLs (HTTP 202, one task). */
  async preheatUrls(urls: readonly string[]): Promise<PreheatAccepted> {
    if (urls.length === 0) throw invalid('EmptyRequest', 'No URLs to pre-load.')
    if (urls.length > VOD_PREFETCH_PER_REQUEST) {
      throw invalid(
        'TooManyUrls',
        `VOD pre-loads at most ${VOD_PREFETCH_PER_REQUEST} URLs per request; this one has ${urls.length}.`
      )
    }
    const bad = urls.findIndex(hasControlCharacter)
    if (bad >= 0) {
      throw invalid(
        'InvalidUrl',
        `URL ${bad + 1} of ${urls.length} contains a line break or other control character: ${JSON.stringify(urls[bad])}`
      )
    }
    return this.create({ urls: [...urls] })
  }

  /** Pre-loads every playback URL of one published asset (HTTP 202, one task). */
  async preheatAsset(assetId: string): Promise<PreheatAccepted> {
    if (assetId.trim() === '' || hasControlCharacter(assetId)) {
      throw invalid('InvalidAssetId', `Not a media asset ID: ${JSON.stringify(assetId)}`)
    }
    return this.create({ asset_id: assetId })
  }

  /** The per-URL state of a pre-load task; statuses normalized to lower case. */
  async showPreheating(taskId: string): Promise<{ results: PreheatResult[]; requestId?: string }> {
    const projectId = await this.projectId()
    const call = VodClient.vodCall(
      { method: 'GET', path: '/asset/preheating', query: { task_id: taskId } },
      projectId
    )
    const { data, requestId } = await callApig(this.endpoint, this.api, call, resultsSchema)
    return {
      results: data.preheating_results.map(r => ({ url: r.url, status: r.status })),
      requestId
    }
  }
}

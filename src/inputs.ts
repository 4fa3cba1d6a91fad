import { isAbsolute, relative, resolve } from 'node:path'
import * as z from 'zod/mini'
import { parse as parseYaml } from 'yaml'
import { InputError } from './input-error.js'
import { boolean, field, integer, numberedLines, oneOf, type InputReader } from './input-fields.js'
import { PROVIDER_NAMES, type ProviderName } from './providers/provider.js'
import type { Operation } from './model.js'
import { normalizeDirectUrl } from './url.js'
import { readWaitSettings, type WaitSettings } from './wait/inputs.js'

export { lines, type InputReader } from './input-fields.js'

/** `incomplete`: as `error`, and also when `wait` saw a task fail or not finish. */
export type FailOn = 'error' | 'skipped' | 'never' | 'incomplete'

const SHA_OR_REF = /^[0-9A-Za-z._/@^~][0-9A-Za-z._/@^~-]*$/

/** Events whose runs are always dry runs (main.ts forces it and says why). */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_target'
])

/** Per-operation limit overrides from the `limits` input (names as in OperationSpec). */
export type LimitOverrides = Partial<
  Record<
    Operation,
    Partial<{
      perRequest: number
      hostsPerRequest: number
      urlsPerHostPerMinute: number
      requestsPerMinute: number
    }>
  >
>

/**
 * The common inputs, validated; each provider reads and validates its own (providers/registry.ts).
 * Nothing here has touched the network.
 */
export interface Settings extends WaitSettings {
  provider: ProviderName
  rules: string
  urls: string[]
  prefetchUrls: string[]
  files?: string
  base?: string
  head?: string
  githubToken: string
  dryRun: boolean
  maxRetries: number
  timeoutSeconds: number
  failOn: FailOn
  /** Whether this run may write to the CDN: not a dry run and not a pull request. */
  live: boolean
  reportPath: string
  limits: LimitOverrides
}

/** A URL list input, each URL validated and normalized; errors name the line as the user wrote it. */
function urlList(input: string, text: string): string[] {
  return numberedLines(text).map(l => normalizeDirectUrl(input, l.text, l.line))
}

const limitKeys = z.strictObject({
  'per-request': z.optional(z.number().check(z.int(), z.positive())),
  'hosts-per-request': z.optional(z.number().check(z.int(), z.positive())),
  'urls-per-host-per-minute': z.optional(z.number().check(z.int(), z.positive())),
  'requests-per-minute': z.optional(z.number().check(z.int(), z.positive()))
})
const limitsSchema = z.strictObject({
  refresh: z.optional(limitKeys),
  prefetch: z.optional(limitKeys)
})

const LIMITS_FIX =
  'Write a mapping such as "refresh: { urls-per-host-per-minute: 10000 }": under refresh or prefetch, any of the keys per-request, hosts-per-request, urls-per-host-per-minute, requests-per-minute, each a whole number above 0.'

export function parseLimits(text: string): LimitOverrides {
  if (text.trim() === '') return {}
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (e) {
    const first = (e as Error).message.split('\n')[0]?.replace(/:$/, '')
    throw new InputError('limits', `is not valid YAML: ${first}. ${LIMITS_FIX}`)
  }
  const parsed = limitsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path ?? []
    const where = path.join('.') || '(top level)'
    // The value at fault, quoted as the YAML gave it (unknown keys are named by the message).
    const value = path.reduce<unknown>(
      (v, key) =>
        v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined,
      raw
    )
    const given =
      value === undefined || typeof value === 'object' ? '' : ` ${JSON.stringify(value)}`
    throw new InputError('limits', `${where}${given}: ${issue?.message}. ${LIMITS_FIX}`)
  }
  const out: LimitOverrides = {}
  for (const op of ['refresh', 'prefetch'] as const) {
    const l = parsed.data[op]
    if (!l) continue
    out[op] = {
      perRequest: l['per-request'],
      hostsPerRequest: l['hosts-per-request'],
      urlsPerHostPerMinute: l['urls-per-host-per-minute'],
      requestsPerMinute: l['requests-per-minute']
    }
  }
  return out
}

function optionalRef(input: string, value: string): string | undefined {
  if (value === '') return undefined
  return field(
    input,
    value,
    z.string().check(z.regex(SHA_OR_REF, { error: 'is not a commit SHA or ref name' })),
    'Give a commit SHA (or a ref such as HEAD~1), or leave it empty to use the event.'
  )
}

export interface ReportLocation {
  /** Absolute path of the JSON report. */
  path: string
  /** Set when the path lies inside the checkout, where a later step may commit or deploy it. */
  insideCheckout: boolean
}

/**
 * Where the report goes: `report-path` resolved against the workspace (steps run there), else
 * $RUNNER_TEMP/cdn-refresh-report.json. Never fails, so even a run with bad inputs gets a report.
 */
export function reportLocation(read: InputReader, env: NodeJS.ProcessEnv): ReportLocation {
  const workspace = env.GITHUB_WORKSPACE?.trim() || process.cwd()
  const runnerTemp = env.RUNNER_TEMP?.trim() || env.TMPDIR?.trim() || '/tmp'
  const given = read('report-path').trim()
  const path = given ? resolve(workspace, given) : resolve(runnerTemp, 'cdn-refresh-report.json')
  const fromWorkspace = relative(resolve(workspace), path)
  const insideCheckout =
    fromWorkspace !== '' && !fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace)
  return { path, insideCheckout }
}

/** Reads and validates the common inputs. `env` supplies RUNNER_TEMP and the event name. */
export function readSettings(read: InputReader, env: NodeJS.ProcessEnv): Settings {
  const get = (name: string): string => read(name).trim()

  const providerRaw = get('provider')
  if (providerRaw === '') {
    throw new InputError('provider', `is required. Set it to one of ${PROVIDER_NAMES.join(', ')}.`)
  }
  const provider = oneOf(
    'provider',
    providerRaw,
    PROVIDER_NAMES as [ProviderName, ...ProviderName[]]
  )

  const rules = read('rules')
  const urls = urlList('urls', read('urls'))
  const prefetchUrls = urlList('prefetch-urls', read('prefetch-urls'))

  const dryRun = boolean('dry-run', get('dry-run') || 'false')
  // Pull requests always run dry, and runs for forks get no secrets: credentials are optional there.
  const pullRequest = PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')

  const failOn = oneOf('fail-on', get('fail-on') || 'error', [
    'error',
    'skipped',
    'never',
    'incomplete'
  ] as const)
  return {
    provider,
    rules,
    urls,
    prefetchUrls,
    files: read('files').trim() === '' ? undefined : read('files'),
    base: optionalRef('base', get('base')),
    head: optionalRef('head', get('head')),
    githubToken: get('github-token'),
    dryRun,
    maxRetries: integer('max-retries', get('max-retries') || '5', 0, 20),
    timeoutSeconds: integer('timeout', get('timeout') || '600', 1, 6 * 3600),
    failOn,
    live: !dryRun && !pullRequest,
    reportPath: reportLocation(read, env).path,
    limits: parseLimits(read('limits')),
    ...readWaitSettings(read, failOn)
  }
}

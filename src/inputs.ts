import { isAbsolute, relative, resolve } from 'node:path'
import { z } from 'zod'
import { parse as parseYaml } from 'yaml'
import { InputError } from './input-error.js'
import { PROVIDER_NAMES, type ProviderName } from './providers/provider.js'
import type { Operation } from './model.js'
import { normalizeDirectUrl } from './url.js'

export type FailOn = 'error' | 'skipped' | 'never'

/** Events whose runs are always dry runs (main.ts forces it and says why). */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_target'
])

export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

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

/** Everything the user said in `with:`, validated. Nothing here has touched the network. */
export interface Settings {
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
  credentials?: Credentials
  endpoint?: string
  area?: 'domestic' | 'overseas'
  reportPath: string
  limits: LimitOverrides
}

/** Reads one input as the runner gives it (`core.getInput` in the action). */
export type InputReader = (name: string) => string

const SHA_OR_REF = /^[0-9A-Za-z._/@^~][0-9A-Za-z._/@^~-]*$/

/** Parses one input with a zod schema; the first issue becomes an InputError naming input and value. */
function field<T>(input: string, value: string, schema: z.ZodType<T>, fix: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new InputError(
    input,
    `'${value}' ${parsed.error.issues[0]?.message ?? 'is not valid'}. ${fix}`
  )
}

function oneOf<T extends string>(input: string, value: string, allowed: readonly [T, ...T[]]): T {
  return field(
    input,
    value,
    z.enum(allowed, { error: 'is not an accepted value' }),
    `Set it to one of ${allowed.map(a => `'${a}'`).join(', ')}.`
  )
}

function integer(input: string, value: string, min: number, max: number): number {
  const schema = z
    .string()
    .regex(/^\d+$/, { error: 'is not a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `is below ${min}` })
        .max(max, { error: `is above ${max}` })
    )
  return field(input, value, schema, `Give a whole number from ${min} to ${max}.`)
}

// The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
const booleanSchema = z
  .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'], { error: 'is not a boolean' })
  .transform(v => v.toLowerCase() === 'true')

function boolean(input: string, value: string): boolean {
  return field(input, value, booleanSchema, 'Use true or false.')
}

/** Non-empty lines, trimmed; `#` comment lines skipped so users can annotate lists. */
export function lines(text: string): string[] {
  return numberedLines(text).map(l => l.text)
}

function numberedLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter(l => l.text !== '' && !l.text.startsWith('#'))
}

/** A URL list input, each URL validated and normalized; errors name the line as the user wrote it. */
function urlList(input: string, text: string): string[] {
  return numberedLines(text).map(l => normalizeDirectUrl(input, l.text, l.line))
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

export function validateEndpoint(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(
      'endpoint',
      `'${value}' is not a URL. Give a base URL such as https://dcdn.aliyuncs.com.`
    )
  }
  if (url.username || url.password) {
    throw new InputError(
      'endpoint',
      'must not contain credentials. Pass them in access-key-id / access-key-secret.'
    )
  }
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new InputError(
      'endpoint',
      `'${value}' must be a bare base URL (scheme and host, no path or query).`
    )
  }
  if (url.protocol === 'https:') return url.origin
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url.origin
  throw new InputError(
    'endpoint',
    `'${value}' must use https:// (http:// is allowed only for loopback hosts such as a local emulator).`
  )
}

const limitKeys = z
  .object({
    'per-request': z.number().int().positive().optional(),
    'hosts-per-request': z.number().int().positive().optional(),
    'urls-per-host-per-minute': z.number().int().positive().optional(),
    'requests-per-minute': z.number().int().positive().optional()
  })
  .strict()
const limitsSchema = z
  .object({ refresh: limitKeys.optional(), prefetch: limitKeys.optional() })
  .strict()

export function parseLimits(text: string): LimitOverrides {
  if (text.trim() === '') return {}
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (e) {
    throw new InputError('limits', `is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  const parsed = limitsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.join('.') || '(top level)'
    throw new InputError(
      'limits',
      `${where}: ${issue?.message}. Expected e.g. "refresh: { urls-per-host-per-minute: 10000 }" with keys per-request, hosts-per-request, urls-per-host-per-minute, requests-per-minute.`
    )
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
    z.string().regex(SHA_OR_REF, { error: 'is not a commit SHA or ref name' }),
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

/**
 * Reads and validates every input. `env` supplies the credential fallbacks (the variables the
 * official aliyun credentials action exports) and RUNNER_TEMP for the default report path.
 */
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
  if (rules.trim() === '' && urls.length === 0 && prefetchUrls.length === 0) {
    throw new InputError(
      'rules',
      'is empty, and so are urls and prefetch-urls: there is nothing to refresh. Give rules that map changed files to URLs, or list URLs in urls / prefetch-urls.'
    )
  }

  const accessKeyId = get('access-key-id') || env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim() || ''
  const accessKeySecret =
    get('access-key-secret') || env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim() || ''
  const securityToken = get('security-token') || env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim() || ''
  let credentials: Credentials | undefined
  if (accessKeyId !== '' || accessKeySecret !== '') {
    if (accessKeyId === '') {
      throw new InputError('access-key-id', 'is empty while access-key-secret is set. Give both.')
    }
    if (accessKeySecret === '') {
      throw new InputError('access-key-secret', 'is empty while access-key-id is set. Give both.')
    }
    credentials = { accessKeyId, accessKeySecret, securityToken: securityToken || undefined }
  } else if (securityToken !== '') {
    throw new InputError(
      'security-token',
      'is set without access-key-id and access-key-secret. An STS token needs the temporary key pair too.'
    )
  }

  const dryRun = boolean('dry-run', get('dry-run') || 'false')
  // Pull requests always run dry, and runs for forks get no secrets: credentials are optional there.
  const pullRequest = PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')
  if (!dryRun && !pullRequest && !credentials) {
    throw new InputError(
      'access-key-id',
      'is empty, and a live run needs both access-key-id and access-key-secret. Pass them from secrets (or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET), or set dry-run: true.'
    )
  }

  const endpointRaw = get('endpoint')
  const areaRaw = get('area')

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
    failOn: oneOf('fail-on', get('fail-on') || 'error', ['error', 'skipped', 'never'] as const),
    credentials,
    endpoint: endpointRaw === '' ? undefined : validateEndpoint(endpointRaw),
    area: areaRaw === '' ? undefined : oneOf('area', areaRaw, ['domestic', 'overseas'] as const),
    reportPath: reportLocation(read, env).path,
    limits: parseLimits(read('limits'))
  }
}

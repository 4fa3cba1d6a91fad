import { describe, expect, it } from '@jest/globals'
import { lines, parseLimits, readSettings } from '../src/inputs.js'
import { endpointUrl } from '../src/input-fields.js'
import { InputError } from '../src/input-error.js'
import { loadProvider } from '../src/providers/registry.js'
import {
  PROVIDER_NAMES,
  silentLogger,
  type ProviderModule,
  type ProviderName
} from '../src/providers/provider.js'
import { thrown } from './helpers/expect-error.js'

/**
 * Every provider's module, loaded up front so the tests can configure them synchronously; one at a
 * time, as Jest's ESM loader can fail on concurrent imports that share a dependency.
 */
const loaded = new Map<ProviderName, ProviderModule>()
for (const name of PROVIDER_NAMES) loaded.set(name, await loadProvider(name))
const providerModule = (name: ProviderName): ProviderModule => loaded.get(name)!

const validateEndpoint = (value: string): string =>
  endpointUrl('endpoint', value, 'https://dcdn.aliyuncs.com')

const base = {
  provider: 'alibaba-dcdn',
  rules: '- files: public/**\n  url: https://www.example.com/\n',
  'access-key-id': 'AKID',
  'access-key-secret': 'SECRET'
}

/** The common settings, with the provider's own inputs read the way main.ts reads them. */
function settings(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const read = (name: string): string => inputs[name] ?? ''
  const common = readSettings(read, env)
  const provider = providerModule(common.provider).configure(read, env, common.live)
  return { ...common, configured: provider }
}

describe('readSettings', () => {
  it('applies defaults', () => {
    const s = settings(base, { RUNNER_TEMP: '/runner/tmp' })
    expect(s).toMatchObject({
      provider: 'alibaba-dcdn',
      dryRun: false,
      maxRetries: 5,
      timeoutSeconds: 600,
      failOn: 'error',
      reportPath: '/runner/tmp/cdn-refresh-report.json',
      live: true,
      limits: {}
    })
  })

  it.each([
    [{ provider: '' }, 'provider', /is required/],
    [{ provider: 'cloudflare' }, 'provider', /'cloudflare' is not an accepted value.*alibaba-dcdn/],
    [{ 'dry-run': 'yes' }, 'dry-run', /'yes' is not a boolean\. Use true or false/],
    [{ 'max-retries': '-1' }, 'max-retries', /'-1' is not a whole number.*0 to 20/],
    [{ 'max-retries': '21' }, 'max-retries', /'21' is above 20/],
    [{ timeout: '0' }, 'timeout', /'0' is below 1/],
    [{ 'fail-on': 'warning' }, 'fail-on', /'warning'.*'error', 'skipped', 'never'/],
    [{ area: 'global' }, 'area', /'global'.*'domestic', 'overseas'/],
    [{ 'access-key-secret': '' }, 'access-key-secret', /empty while access-key-id is set/],
    [{ 'access-key-id': '' }, 'access-key-id', /empty while access-key-secret is set/],
    [{ base: '--upload-pack=evil' }, 'base', /not a commit SHA or ref/],
    [{ endpoint: 'http://dcdn.aliyuncs.com' }, 'endpoint', /https:\/\//],
    [{ limits: 'refresh: { per-reqest: 5 }' }, 'limits', /per-reqest|Unrecognized/]
  ])('rejects %j naming the input', (override, input, message) => {
    const e = thrown(InputError, () => settings({ ...base, ...override }))
    expect(e.input).toBe(input)
    expect(e.message).toMatch(message)
    expect(e.message.startsWith(`Input '${input}'`)).toBe(true)
  })

  it('requires credentials for a live run but not for a dry run', () => {
    const noCreds = { provider: 'alibaba-dcdn', rules: base.rules }
    expect(thrown(InputError, () => settings(noCreds)).message).toMatch(
      /^Input 'access-key-id': is empty, and a live run needs both access-key-id and access-key-secret\..*dry-run: true/
    )
    const context = { requestTimeoutMs: 1000, logger: silentLogger }
    expect(settings({ ...noCreds, 'dry-run': 'true' }).configured.createClient(context)).toBeNull()
    // A pull request from a fork gets no secrets; it is a dry run anyway.
    const pr = settings(noCreds, { GITHUB_EVENT_NAME: 'pull_request' })
    expect(pr.live).toBe(false)
    expect(pr.configured.createClient(context)).toBeNull()
  })

  it('never echoes a secret in its messages', () => {
    const e = thrown(InputError, () =>
      settings({ ...base, 'access-key-id': '', 'access-key-secret': 'TOPSECRET' })
    )
    expect(e.message).not.toContain('TOPSECRET')
  })

  it('reads direct URL lists, skipping blanks and comments', () => {
    const s = settings({
      ...base,
      rules: '',
      urls: '\n https://a.example.com/x \n# note\n\r\nhttps://b.example.com/'
    })
    expect(s.urls).toEqual(['https://a.example.com/x', 'https://b.example.com/'])
  })
})

describe('direct URL inputs', () => {
  it('names the line as the user wrote it, counting blank and comment lines', () => {
    const e = thrown(InputError, () =>
      settings({ ...base, 'prefetch-urls': '# assets\n\nhttps://a.example.com/ok\nnot-a-url' })
    )
    expect(e.input).toBe('prefetch-urls')
    expect(e.message).toMatch(/line 4: .*not-a-url/)
  })
  it('normalizes valid URLs the way WHATWG does', () => {
    expect(settings({ ...base, urls: 'HTTPS://WWW.Example.com:443/a' }).urls).toEqual([
      'https://www.example.com/a'
    ])
  })
})

describe('validateEndpoint', () => {
  it.each([
    ['https://dcdn.aliyuncs.com', 'https://dcdn.aliyuncs.com'],
    ['https://dcdn.aliyuncs.com/', 'https://dcdn.aliyuncs.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:9', 'http://localhost:9'],
    ['http://[::1]:9', 'http://[::1]:9']
  ])('accepts %s', (value, expected) => {
    expect(validateEndpoint(value)).toBe(expected)
  })
  it.each([
    'http://10.0.0.1',
    'ftp://x.example.com',
    'not a url',
    'https://u:p@x.example.com',
    'https://x.example.com/path'
  ])('rejects %s', value => {
    expect(() => validateEndpoint(value)).toThrow(InputError)
  })
})

describe('parseLimits', () => {
  it('maps dashed keys to the spec names', () => {
    expect(
      parseLimits('refresh:\n  urls-per-host-per-minute: 10000\nprefetch: { per-request: 50 }')
    ).toEqual({
      refresh: { urlsPerHostPerMinute: 10000 },
      prefetch: { perRequest: 50 }
    })
  })
  it('rejects non-positive numbers and bad YAML', () => {
    expect(() => parseLimits('refresh: { per-request: 0 }')).toThrow(/refresh\.per-request/)
    expect(() => parseLimits('refresh: [')).toThrow(/not valid YAML/)
  })
})

describe('lines', () => {
  it('splits on LF and CRLF only', () => {
    expect(lines('a\r\nb\n\n c ')).toEqual(['a', 'b', 'c'])
  })
})

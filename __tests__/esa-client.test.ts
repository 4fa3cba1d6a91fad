import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startEsaEmulator,
  type EsaEmulator,
  type EsaEmulatorOptions
} from '../emulators/alibaba-esa.js'
import {
  ESA_ENDPOINT,
  ESA_VERSION,
  createEsaClient,
  esaEndpoint,
  esaPurgeContent,
  esaPurgeType,
  remainingPurgeQuota,
  type EsaClientOptions
} from '../src/providers/alibaba/esa.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'
import { thrown, thrownAsync } from './helpers/expect-error.js'

const running: EsaEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

function capture(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, debug: () => {}, info: () => {}, warning: m => warnings.push(m) }
}

const SITE = 123456789
const WWW = 'https://www.example.com'
const STATIC = 'https://static.example.com'

async function setup(
  emulatorOptions: EsaEmulatorOptions = {},
  clientOptions: Partial<EsaClientOptions> = {}
) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startEsaEmulator({ now: () => clock.now(), ...emulatorOptions })
  running.push(emulator)
  const logger = capture()
  const client = createEsaClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    siteId: SITE,
    requestTimeoutMs: 5000,
    logger,
    now: () => clock.now(),
    ...clientOptions
  })
  return { clock, emulator, client, logger }
}

describe('endpoints and mappings', () => {
  it('knows the two ESA endpoints and defaults to the China site', () => {
    expect(esaEndpoint('cn-hangzhou')).toBe('https://esa.cn-hangzhou.aliyuncs.com')
    expect(esaEndpoint('ap-southeast-1')).toBe('https://esa.ap-southeast-1.aliyuncs.com')
    expect(ESA_ENDPOINT).toBe('https://esa.cn-hangzhou.aliyuncs.com')
    expect(ESA_VERSION).toBe('2024-09-10')
  })

  it('maps object types to Type and Content', () => {
    expect(esaPurgeType('file')).toBe('file')
    expect(esaPurgeType('directory')).toBe('directory')
    expect(esaPurgeType('ignore-params')).toBe('ignoreParams')
    expect(thrown(ProviderError, () => esaPurgeType('asset')).code).toBe('Unsupported')
    expect(esaPurgeContent('file', ['https://a/x'])).toBe('{"Files":["https://a/x"]}')
    expect(esaPurgeContent('directory', ['https://a/d/'])).toBe('{"Directories":["https://a/d/"]}')
    expect(esaPurgeContent('ignoreParams', ['https://a/x'])).toBe(
      '{"IgnoreParams":["https://a/x"]}'
    )
  })

  it('computes what is left: Quota − Usage floored at 0, within a configured 30-day quota', () => {
    expect(remainingPurgeQuota({ Quota: 100, Usage: 40 })).toBe(60)
    expect(remainingPurgeQuota({ Quota: 100, Usage: 140 })).toBe(0)
    expect(remainingPurgeQuota({ Quota: 100, Usage: 0, Quota30Day: 0, Usage30Day: 5 })).toBe(100)
    expect(remainingPurgeQuota({ Quota: 100, Usage: 0, Quota30Day: 500, Usage30Day: 470 })).toBe(30)
  })

  it('refuses a site ID that is not a positive integer', () => {
    const make = (siteId: number | string) => () =>
      createEsaClient({ credentials: EMULATOR_CREDENTIALS, siteId, requestTimeoutMs: 1 })
    expect(make(0)).toThrow(/positive integer/)
    expect(make('12a')).toThrow(/positive integer/)
    expect(make(1.5)).toThrow(/positive integer/)
    expect(make('9007199254740993')).not.toThrow()
  })
})

describe('submit refresh (PurgeCaches)', () => {
  it('purges files of several hosts of the site in one signed request', async () => {
    const { client, emulator } = await setup()
    const urls = [`${WWW}/a b.js`, `${STATIC}/%E4%B8%AD.css`]
    const result = await client.submit('refresh', urls)
    expect(result.taskIds).toEqual(['159000001'])
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
    const [request] = emulator.requests
    expect(request).toMatchObject({
      action: 'PurgeCaches',
      status: 200,
      paramsIn: 'body',
      query: {}
    })
    expect(request?.headers['x-acs-version']).toBe('2024-09-10')
    expect(request?.body).toEqual({
      SiteId: '123456789',
      Type: 'file',
      Content: JSON.stringify({ Files: urls })
    })
    expect(emulator.state.tasks).toEqual([
      expect.objectContaining({ action: 'PurgeCaches', siteId: '123456789', type: 'file', urls })
    ])
    expect(emulator.remaining('123456789', 'file')).toBe(10_000 - 2)
  })

  it('purges directories with Force only when set, and EdgeComputePurge only when true', async () => {
    const plain = await setup()
    await plain.client.submit('refresh', [`${WWW}/docs/`], 'directory')
    expect(plain.emulator.requests[0]?.body).toEqual({
      SiteId: '123456789',
      Type: 'directory',
      Content: `{"Directories":["${WWW}/docs/"]}`
    })

    const set = await setup({}, { force: false, edgeComputePurge: true })
    await set.client.submit('refresh', [`${WWW}/docs/`], 'directory')
    await set.client.submit('refresh', [`${WWW}/a.js`])
    expect(set.emulator.requests.map(r => [r.body.Force, r.body.EdgeComputePurge])).toEqual([
      ['false', 'true'],
      [undefined, 'true']
    ])
    expect(set.emulator.state.tasks[0]).toMatchObject({ force: false, edgeComputePurge: true })

    const forced = await setup({}, { force: true, edgeComputePurge: false })
    await forced.client.submit('refresh', [`${WWW}/docs/`], 'directory')
    expect(forced.emulator.requests[0]?.body).toMatchObject({ Force: 'true' })
    expect(forced.emulator.requests[0]?.body.EdgeComputePurge).toBeUndefined()
  })

  it('purges ignore-params URLs without their query', async () => {
    const { client, emulator } = await setup()
    await client.submit(
      'refresh',
      [`${WWW}/a.js?v=1`, `${WWW}/a.js?v=2`, `${STATIC}/b.js`],
      'ignore-params'
    )
    expect(emulator.requests[0]?.body).toEqual({
      SiteId: '123456789',
      Type: 'ignoreParams',
      Content: `{"IgnoreParams":["${WWW}/a.js","${STATIC}/b.js"]}`
    })
    expect(emulator.remaining('123456789', 'ignoreParams')).toBe(98)
  })

  it('refuses asset objects, control characters and empty lists without sending', async () => {
    const { client, emulator } = await setup()
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['asset-1'], 'asset'))
    ).toMatchObject({ code: 'Unsupported', errorClass: 'permanent' })
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', [`${WWW}/a\nb`]))
    ).toMatchObject({ code: 'InvalidUrl', errorClass: 'permanent' })
    expect(await thrownAsync(ProviderError, client.submit('prefetch', []))).toMatchObject({
      code: 'EmptyRequest'
    })
    expect(emulator.requests).toHaveLength(0)
  })

  it('a URL outside the site is a permanent error from ESA', async () => {
    const { client } = await setup()
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['https://other.example.org/x']))
    ).toMatchObject({ code: 'HostNotInSite', errorClass: 'permanent', httpStatus: 400 })
  })
})

describe('submit prefetch (PreloadCaches)', () => {
  it('sends SiteId and Content as a JSON array of URLs', async () => {
    const { client, emulator } = await setup()
    const urls = [`${WWW}/big.zip`, `${STATIC}/video.mp4`]
    expect((await client.submit('prefetch', urls)).taskIds).toEqual(['159000001'])
    expect(emulator.requests[0]).toMatchObject({ action: 'PreloadCaches', status: 200 })
    expect(emulator.requests[0]?.body).toEqual({
      SiteId: '123456789',
      Content: JSON.stringify(urls)
    })
    expect(emulator.preloadRemaining('123456789')).toBe(998)
  })

  it('prefetches files only', async () => {
    const { client, emulator } = await setup()
    expect(
      await thrownAsync(ProviderError, client.submit('prefetch', [`${WWW}/d/`], 'directory'))
    ).toMatchObject({ code: 'Unsupported', errorClass: 'permanent' })
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('readQuota (GetPurgeQuota)', () => {
  it('reads file, directory and ignoreParams and reports remaining counts per type', async () => {
    const { client, emulator } = await setup({
      quotas: {
        file: { quota: 100, usage: 40 },
        directory: { quota: 10, usage: 10 },
        ignoreParams: { quota: 50, usage: 5, quota30Day: 200, usage30Day: 180 }
      }
    })
    expect(await client.readQuota()).toEqual({
      remaining: { refresh: 60 },
      remainingByType: { directory: 0, 'ignore-params': 20 },
      details: { 'refresh-url': 60, 'refresh-dir': 0, prefetch: null }
    })
    expect(emulator.requests.map(r => [r.action, r.body])).toEqual([
      ['GetPurgeQuota', { SiteId: '123456789', Type: 'file' }],
      ['GetPurgeQuota', { SiteId: '123456789', Type: 'directory' }],
      ['GetPurgeQuota', { SiteId: '123456789', Type: 'ignoreParams' }]
    ])
  })

  it('reports a type whose quota call fails permanently as unknown, and warns', async () => {
    const { client, logger } = await setup({ unsupportedTypes: ['ignoreParams'] })
    expect(await client.readQuota()).toEqual({
      remaining: { refresh: 10_000 },
      remainingByType: { directory: 100 },
      details: { 'refresh-url': 10_000, 'refresh-dir': 100, prefetch: null }
    })
    expect(logger.warnings).toEqual([expect.stringContaining('PurgeType.NotSupported')])
  })

  it('leaves the refresh count out when the file quota is unknown', async () => {
    const { client, emulator } = await setup()
    emulator.inject('GetPurgeQuota', { status: 400, code: 'InvalidParameters' })
    expect(await client.readQuota()).toEqual({
      remaining: {},
      remainingByType: { directory: 100, 'ignore-params': 100 },
      details: { 'refresh-url': null, 'refresh-dir': 100, prefetch: null }
    })
  })

  it('still throws auth and retryable errors', async () => {
    const wrong = await setup(
      {},
      {
        credentials: {
          ...EMULATOR_CREDENTIALS,
          accessKeySecret: 'WrongSecretValue9876543210zyxwvu'
        }
      }
    )
    expect(await thrownAsync(ProviderError, wrong.client.readQuota())).toMatchObject({
      code: 'SignatureDoesNotMatch',
      errorClass: 'auth'
    })
    const { client, emulator } = await setup()
    emulator.inject('GetPurgeQuota', 'wrong-shape')
    expect(await thrownAsync(ProviderError, client.readQuota())).toMatchObject({
      code: 'MalformedResponse',
      errorClass: 'retryable'
    })
    emulator.inject('GetPurgeQuota', { status: 503, code: 'ServiceUnavailable' })
    expect(await thrownAsync(ProviderError, client.readQuota())).toMatchObject({
      errorClass: 'retryable'
    })
  })

  it('counts submitted purges against the quota it reports', async () => {
    const { client } = await setup({ quotas: { file: { quota: 10 }, directory: { quota: 3 } } })
    await client.submit('refresh', [`${WWW}/1`, `${STATIC}/2`])
    await client.submit('refresh', [`${WWW}/d/`], 'directory')
    expect(await client.readQuota()).toMatchObject({
      remaining: { refresh: 8 },
      remainingByType: { directory: 2 }
    })
  })
})

describe('errors', () => {
  it('an exhausted purge quota is class quota', async () => {
    const { client } = await setup({ quotas: { directory: { quota: 1 } } })
    expect(
      await thrownAsync(
        ProviderError,
        client.submit('refresh', [`${WWW}/a/`, `${WWW}/b/`], 'directory')
      )
    ).toMatchObject({ code: 'QuotaExceeded.Purge', errorClass: 'quota', httpStatus: 400 })
  })

  it('an exhausted prefetch quota is class quota', async () => {
    const { client } = await setup({ preloadQuota: 1 })
    expect(
      await thrownAsync(ProviderError, client.submit('prefetch', [`${WWW}/1`, `${WWW}/2`]))
    ).toMatchObject({ code: 'QuotaExceeded.Preload', errorClass: 'quota' })
  })

  it.each([
    ['TooManyRequests (ESA docs)', { status: 400, code: 'TooManyRequests' }],
    ['Throttling.User', { status: 400, code: 'Throttling.User' }],
    ['HTTP 429', { status: 429 }],
    ['ServiceUnavailable', { status: 503, code: 'ServiceUnavailable' }]
  ])('%s is retryable', async (_name, fault) => {
    const { client, emulator } = await setup()
    emulator.inject('*', fault)
    const err = await thrownAsync(ProviderError, client.submit('refresh', [`${WWW}/x`]))
    expect(err.errorClass).toBe('retryable')
    expect(err.requestId).toBeDefined()
  })

  it('a wrong secret is an auth error naming access-key-secret, without the secret', async () => {
    const wrongSecret = 'WrongSecretValue9876543210zyxwvu'
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_CREDENTIALS, accessKeySecret: wrongSecret } }
    )
    const err = await thrownAsync(ProviderError, client.submit('prefetch', [`${WWW}/x`]))
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', errorClass: 'auth' })
    expect(err.message).toContain('`access-key-secret`')
    expect(err.message).not.toContain(wrongSecret)
    expect(err.message).not.toContain(EMULATOR_CREDENTIALS.accessKeySecret)
  })

  it('an STS token mismatch names security-token and never shows the token', async () => {
    const sts = { ...EMULATOR_CREDENTIALS, securityToken: 'CAIS-sts-token-value-0123456789' }
    const { client } = await setup(
      { credentials: [sts] },
      { credentials: { ...sts, securityToken: 'CAIS-other-token-9876543210' } }
    )
    const err = await thrownAsync(ProviderError, client.submit('refresh', [`${WWW}/x`]))
    expect(err).toMatchObject({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      errorClass: 'auth'
    })
    expect(err.message).toContain('`security-token`')
    expect(err.message).not.toContain('CAIS-')
  })

  it('an unknown site is permanent', async () => {
    const { client } = await setup({}, { siteId: 42 })
    expect(await thrownAsync(ProviderError, client.submit('refresh', [`${WWW}/x`]))).toMatchObject({
      code: 'InvalidSite.NotFound',
      errorClass: 'permanent',
      httpStatus: 404
    })
  })
})

describe('form body fallback', () => {
  it('moves to the query string once when the gateway ignores form bodies', async () => {
    const { client, emulator, logger } = await setup({ paramsInBody: false })
    expect((await client.submit('refresh', [`${WWW}/x`])).taskIds).toEqual(['159000001'])
    await client.readQuota()
    expect(emulator.requests.map(r => [r.action, r.paramsIn, r.status])).toEqual([
      ['PurgeCaches', 'none', 400],
      ['PurgeCaches', 'query', 200],
      ['GetPurgeQuota', 'query', 200],
      ['GetPurgeQuota', 'query', 200],
      ['GetPurgeQuota', 'query', 200]
    ])
    expect(emulator.requests[1]?.query.Content).toBe(`{"Files":["${WWW}/x"]}`)
    expect(logger.warnings).toEqual([expect.stringContaining('ESA did not read parameters')])
  })
})

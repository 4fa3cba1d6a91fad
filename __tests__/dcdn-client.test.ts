import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator,
  type DcdnEmulatorOptions,
  type DcdnFault
} from '../emulators/alibaba-dcdn.js'
import {
  createDcdnClient,
  dcdnSpec,
  splitTaskIds,
  type DcdnClientOptions
} from '../src/providers/alibaba/dcdn.js'
import { parseRetryAfterMs } from '../src/providers/alibaba/rpc.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'
import { thrownAsync } from './helpers/expect-error.js'

const running: DcdnEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

function capture(): Logger & { debugs: string[]; warnings: string[] } {
  const debugs: string[] = []
  const warnings: string[] = []
  return {
    debugs,
    warnings,
    debug: m => debugs.push(m),
    info: () => {},
    warning: m => warnings.push(m)
  }
}

async function setup(
  emulatorOptions: DcdnEmulatorOptions = {},
  clientOptions: Partial<DcdnClientOptions> = {}
) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startDcdnEmulator({ now: () => clock.now(), ...emulatorOptions })
  running.push(emulator)
  const logger = capture()
  const client = createDcdnClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    requestTimeoutMs: 5000,
    logger,
    now: () => clock.now(),
    ...clientOptions
  })
  return { clock, emulator, client, logger }
}

describe('dcdnSpec', () => {
  it('declares the documented limits with the safe per-minute value', () => {
    expect(dcdnSpec).toEqual({
      name: 'alibaba-dcdn',
      title: 'Alibaba Cloud DCDN',
      refresh: {
        perRequest: 1000,
        hostsPerRequest: 10,
        urlsPerHostPerMinute: 1000,
        maxUrlLength: 1024,
        objectTypes: { directory: { perRequest: 100 }, 'ignore-params': { perRequest: 1000 } }
      },
      prefetch: { perRequest: 100, hostsPerRequest: 10, maxUrlLength: 1024 },
      quotaApi: true,
      taskIds: true,
      // wait: true polls DescribeDcdnRefreshTaskById: 10 IDs a call, a third of its 30 calls/s.
      status: {
        refresh: {
          api: 'DescribeDcdnRefreshTaskById',
          tasksPerCall: 10,
          requestWindow: { requests: 10, windowMs: 1000 }
        },
        prefetch: {
          api: 'DescribeDcdnRefreshTaskById',
          tasksPerCall: 10,
          requestWindow: { requests: 10, windowMs: 1000 }
        }
      }
    })
  })
})

describe('submit', () => {
  it('refreshes files through a signed form body and splits comma-separated task IDs', async () => {
    const { client, emulator } = await setup()
    const urls = [
      'https://a.example.com/x y.txt',
      'https://b.example.com/%E4%B8%AD.css',
      'https://a.example.com/z'
    ]
    const result = await client.submit('refresh', urls)
    expect(result.taskIds).toEqual(['1000001', '1000002'])
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
    const [request] = emulator.requests
    expect(request).toMatchObject({
      action: 'RefreshDcdnObjectCaches',
      status: 200,
      paramsIn: 'body',
      query: {}
    })
    expect(request?.body).toEqual({ ObjectPath: urls.join('\n'), ObjectType: 'File' })
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(request?.headers.accept).toBe('application/json')
    expect(request?.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f]{32}$/)
    expect(emulator.state.tasks.map(t => [t.taskId, t.host, t.urls])).toEqual([
      ['1000001', 'a.example.com', [urls[0], urls[2]]],
      ['1000002', 'b.example.com', [urls[1]]]
    ])
  })

  it('prefetches with Area when configured and without it otherwise', async () => {
    const { client, emulator } = await setup({}, { area: 'domestic' })
    expect((await client.submit('prefetch', ['https://a.example.com/big.zip'])).taskIds).toEqual([
      '1000001'
    ])
    expect(emulator.requests[0]?.body).toEqual({
      ObjectPath: 'https://a.example.com/big.zip',
      Area: 'domestic'
    })
    expect(emulator.state.tasks[0]).toMatchObject({
      action: 'PreloadDcdnObjectCaches',
      area: 'domestic'
    })

    const plain = await setup()
    await plain.client.submit('prefetch', ['https://a.example.com/big.zip'])
    expect(plain.emulator.requests[0]?.body).toEqual({
      ObjectPath: 'https://a.example.com/big.zip'
    })
  })

  it('splits task ID fields on commas, trimming blanks', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 200,
      body: JSON.stringify({ RefreshTaskId: ' 7, 8,,9 ', RequestId: 'r-1' })
    })
    expect(await client.submit('refresh', ['https://a.example.com/x'])).toEqual({
      taskIds: ['7', '8', '9'],
      requestId: 'r-1'
    })
    expect(splitTaskIds('')).toEqual([])
  })

  it.each([
    ['a line feed', 'https://a.example.com/x\nhttps://evil.example.com/'],
    ['a carriage return', 'https://a.example.com/x\r'],
    ['a tab', 'https://a.example.com/\tx'],
    ['NUL', 'https://a.example.com/\u0000'],
    ['DEL', 'https://a.example.com/\u007f'],
    ['NEL', 'https://a.example.com/\u0085'],
    ['a line separator', 'https://a.example.com/\u2028']
  ])('refuses a URL with %s before sending anything', async (_name, bad) => {
    const { client, emulator } = await setup()
    const err = await thrownAsync(
      ProviderError,
      client.submit('refresh', ['https://a.example.com/ok', bad])
    )
    expect(err).toMatchObject({ code: 'InvalidUrl', errorClass: 'permanent' })
    expect(err.message).toContain('URL 2 of 2')
    expect(emulator.requests).toHaveLength(0)
  })

  it('refuses an empty URL list without sending', async () => {
    const { client, emulator } = await setup()
    expect(await thrownAsync(ProviderError, client.submit('prefetch', []))).toMatchObject({
      code: 'EmptyRequest',
      errorClass: 'permanent'
    })
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('readQuota', () => {
  it('maps DescribeDcdnRefreshQuota to remaining counts and the quota-remaining details', async () => {
    const { client } = await setup({
      quotas: {
        UrlQuota: 2000,
        UrlRemain: 1500,
        DirQuota: 100,
        DirRemain: 7,
        PreloadQuota: 500,
        PreloadRemain: 499
      }
    })
    expect(await client.readQuota()).toEqual({
      remaining: { refresh: 1500, prefetch: 499 },
      remainingByType: { directory: 7, 'ignore-params': 100 },
      details: { 'refresh-url': 1500, 'refresh-dir': 7, prefetch: 499 }
    })
  })

  it('refreshes directories and ignore-params URLs with their ObjectType', async () => {
    const { client, emulator } = await setup()
    await client.submit('refresh', ['https://a.example.com/docs/'], 'directory')
    await client.submit('refresh', ['https://a.example.com/a.js?v=1'], 'ignore-params')
    const sent = emulator.requests.filter(r => r.action === 'RefreshDcdnObjectCaches')
    expect(sent.map(r => r.body.ObjectType)).toEqual(['Directory', 'IgnoreParams'])
    await expect(
      client.submit('prefetch', ['https://a.example.com/docs/'], 'directory')
    ).rejects.toMatchObject({ code: 'Unsupported', errorClass: 'permanent' })
  })

  it('counts submitted URLs against the quota it reports', async () => {
    const { client } = await setup({ quotas: { UrlQuota: 10, PreloadQuota: 5 } })
    await client.submit('refresh', ['https://a.example.com/1', 'https://a.example.com/2'])
    await client.submit('prefetch', ['https://a.example.com/1'])
    expect((await client.readQuota())?.remaining).toEqual({ refresh: 8, prefetch: 4 })
  })

  it.each([
    ['a non-numeric count', { UrlRemain: 'many', DirRemain: '1', PreloadRemain: '1' }],
    ['a missing field', { UrlRemain: '1', PreloadRemain: '1' }],
    ['a negative count', { UrlRemain: '-1', DirRemain: '1', PreloadRemain: '1' }]
  ])('rejects a quota body with %s as a retryable MalformedResponse', async (_name, body) => {
    const { client, emulator } = await setup()
    emulator.inject('DescribeDcdnRefreshQuota', {
      status: 200,
      body: JSON.stringify({ RequestId: 'q', ...body })
    })
    expect(await thrownAsync(ProviderError, client.readQuota())).toMatchObject({
      code: 'MalformedResponse',
      errorClass: 'retryable',
      httpStatus: 200
    })
  })
})

describe('STS credentials', () => {
  const sts = { ...EMULATOR_CREDENTIALS, securityToken: 'CAIS-sts-token-value-0123456789' }

  it('sends x-acs-security-token and x-acs-accesskey-id, signed, and never logs the token', async () => {
    const { client, emulator, logger } = await setup({ credentials: [sts] }, { credentials: sts })
    expect((await client.submit('refresh', ['https://a.example.com/x'])).taskIds).toEqual([
      '1000001'
    ])
    const headers = emulator.requests[0]?.headers ?? {}
    expect(headers['x-acs-security-token']).toBe('[REDACTED]')
    expect(headers['x-acs-accesskey-id']).toBe(sts.accessKeyId)
    expect(headers.authorization).toContain('x-acs-accesskey-id')
    expect(headers.authorization).toContain('x-acs-security-token')
    const logs = logger.debugs.join('\n')
    expect(logs).not.toContain(sts.securityToken)
    expect(logs).not.toContain(sts.accessKeySecret)
  })

  it('reports a missing or wrong token as an auth error naming security-token', async () => {
    const missing = await setup({ credentials: [sts] })
    const err = await thrownAsync(
      ProviderError,
      missing.client.submit('refresh', ['https://a.example.com/x'])
    )
    expect(err).toMatchObject({
      code: 'InvalidSecurityToken.Malformed',
      errorClass: 'auth',
      httpStatus: 400
    })
    expect(err.message).toContain('`security-token`')

    const wrong = await setup(
      { credentials: [sts] },
      { credentials: { ...sts, securityToken: 'CAIS-other-token' } }
    )
    const err2 = await thrownAsync(ProviderError, wrong.client.readQuota())
    expect(err2).toMatchObject({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      errorClass: 'auth'
    })
    expect(err2.message).not.toContain('CAIS-other-token')
  })
})

describe('credential errors against the emulator', () => {
  it('wrong secret: auth error that names access-key-secret and contains no credential', async () => {
    const wrongSecret = 'WrongSecretValue9876543210zyxwvu'
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_CREDENTIALS, accessKeySecret: wrongSecret } }
    )
    const err = await thrownAsync(
      ProviderError,
      client.submit('refresh', ['https://a.example.com/x'])
    )
    expect(err).toMatchObject({
      code: 'SignatureDoesNotMatch',
      errorClass: 'auth',
      httpStatus: 400
    })
    expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(err.message).toContain('`access-key-secret`')
    expect(err.message).not.toContain(wrongSecret)
    expect(err.message).not.toContain(EMULATOR_CREDENTIALS.accessKeySecret)
  })

  it('unknown AccessKey ID: auth error that names access-key-id', async () => {
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_CREDENTIALS, accessKeyId: 'LTAI5tUnknownKeyId' } }
    )
    const err = await thrownAsync(ProviderError, client.readQuota())
    expect(err).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      errorClass: 'auth',
      httpStatus: 404
    })
    expect(err.message).toContain('`access-key-id`')
    expect(err.message).not.toContain('LTAI5tUnknownKeyId')
  })

  it('runner clock more than 15 minutes off: auth error about the clock', async () => {
    const { emulator, clock } = await setup()
    const at = (skewMs: number) =>
      createDcdnClient({
        endpoint: emulator.url,
        credentials: EMULATOR_CREDENTIALS,
        requestTimeoutMs: 5000,
        now: () => clock.now() + skewMs
      })
    const err = await thrownAsync(ProviderError, at(16 * 60_000).readQuota())
    expect(err).toMatchObject({ code: 'InvalidTimeStamp.Expired', errorClass: 'auth' })
    expect(err.message).toMatch(/clock/)
    await expect(at(-14 * 60_000).readQuota()).resolves.not.toBeNull()
  })

  it('scrubs credentials even when the provider echoes them in its message', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `server string to sign used key ${EMULATOR_CREDENTIALS.accessKeySecret} for ${EMULATOR_CREDENTIALS.accessKeyId}`
    })
    const err = await thrownAsync(
      ProviderError,
      client.submit('refresh', ['https://a.example.com/x'])
    )
    expect(err.message).not.toContain(EMULATOR_CREDENTIALS.accessKeySecret)
    expect(err.message).not.toContain(EMULATOR_CREDENTIALS.accessKeyId)
    expect(err.message).toContain('[REDACTED]')
  })

  it('a repeated nonce is rejected by the emulator and classed retryable', async () => {
    const { client } = await setup({}, { nonce: () => '0123456789abcdef0123456789abcdef' })
    await client.readQuota()
    expect(await thrownAsync(ProviderError, client.readQuota())).toMatchObject({
      code: 'SignatureNonceUsed',
      errorClass: 'retryable'
    })
  })
})

describe('error classification', () => {
  const cases: [string, DcdnFault, string, string][] = [
    ['Throttling.User', { status: 400, code: 'Throttling.User' }, 'Throttling.User', 'retryable'],
    ['Throttling.Api', { status: 503, code: 'Throttling.Api' }, 'Throttling.Api', 'retryable'],
    ['Throttling', { status: 400, code: 'Throttling' }, 'Throttling', 'retryable'],
    ['ServiceUnavailable', { status: 503, code: 'ServiceUnavailable' }, 'ServiceUnavailable', 'retryable'],
    ['QuotaPerMinuteExceeded', { status: 400, code: 'QuotaPerMinuteExceeded.Refresh' }, 'QuotaPerMinuteExceeded.Refresh', 'retryable'],
    ['TooMany.Refresh', { status: 400, code: 'TooMany.Refresh' }, 'TooMany.Refresh', 'retryable'],
    ['PreloadQueueFull on 403', { status: 403, code: 'PreloadQueueFull' }, 'PreloadQueueFull', 'retryable'],
    ['HTTP 429 without a code', { status: 429 }, 'HTTP429', 'retryable'],
    ['HTTP 500 with an HTML body', { status: 500, body: '<html>oops</html>' }, 'HTTP500', 'retryable'],
    ['HTTP 502 with an unknown code', { status: 502, code: 'BadGateway' }, 'BadGateway', 'retryable'],
    ['unknown 400 with x-acs-retry-after', { status: 400, code: 'Busy', headers: { 'x-acs-retry-after': '1500' } }, 'Busy', 'retryable'],
    ['QuotaExceeded.Refresh', { status: 400, code: 'QuotaExceeded.Refresh' }, 'QuotaExceeded.Refresh', 'quota'],
    ['QuotaExceeded.Preload', { status: 400, code: 'QuotaExceeded.Preload' }, 'QuotaExceeded.Preload', 'quota'],
    ['SignatureDoesNotMatch', { status: 400, code: 'SignatureDoesNotMatch' }, 'SignatureDoesNotMatch', 'auth'],
    ['IncompleteSignature', { status: 400, code: 'IncompleteSignature' }, 'IncompleteSignature', 'auth'],
    ['InvalidAccessKeyId.Inactive', { status: 400, code: 'InvalidAccessKeyId.Inactive' }, 'InvalidAccessKeyId.Inactive', 'auth'],
    ['InvalidSecurityToken.Expired', { status: 400, code: 'InvalidSecurityToken.Expired' }, 'InvalidSecurityToken.Expired', 'auth'],
    ['Forbidden.RAM', { status: 403, code: 'Forbidden.RAM' }, 'Forbidden.RAM', 'auth'],
    ['NoPermission on 500', { status: 500, code: 'NoPermission' }, 'NoPermission', 'auth'],
    ['InvalidTimeStamp.Expired', { status: 400, code: 'InvalidTimeStamp.Expired' }, 'InvalidTimeStamp.Expired', 'auth'],
    ['HTTP 403 without a code', { status: 403 }, 'HTTP403', 'auth'],
    ['HTTP 401 with an unknown code', { status: 401, code: 'Whatever' }, 'Whatever', 'auth'],
    ['InvalidObjectPath.Malformed', { status: 400, code: 'InvalidObjectPath.Malformed' }, 'InvalidObjectPath.Malformed', 'permanent'],
    ['InvalidDomain.NotFound', { status: 404, code: 'InvalidDomain.NotFound' }, 'InvalidDomain.NotFound', 'permanent'],
    ['a redirect', { status: 302, headers: { location: 'https://elsewhere.example/' } }, 'HTTP302', 'permanent']
  ] // prettier-ignore

  it.each(cases)('%s', async (_name, fault, code, errorClass) => {
    const { client, emulator } = await setup()
    emulator.inject('*', fault)
    const err = await thrownAsync(
      ProviderError,
      client.submit('prefetch', ['https://a.example.com/x'])
    )
    expect(err).toMatchObject({
      code,
      errorClass,
      httpStatus: typeof fault === 'string' ? 200 : fault.status
    })
    expect(err.requestId).toBeDefined()
    expect(emulator.requests).toHaveLength(1)
  })

  it('passes the provider message through for non-auth errors', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 400,
      code: 'InvalidDomain.Offline',
      message: 'The domain is offline.'
    })
    expect(
      (await thrownAsync(ProviderError, client.submit('refresh', ['https://a.example.com/x'])))
        .message
    ).toBe('The domain is offline.')
  })

  it('explains each auth error by the credential to check', async () => {
    const hints: [string, number, RegExp][] = [
      ['Forbidden.RAM', 403, /RAM policy/],
      ['NoPermission', 403, /RAM policy/],
      ['InvalidAccessKeyId.Inactive', 400, /`access-key-id`/],
      ['InvalidSecurityToken.Expired', 400, /`security-token`/],
      ['IncompleteSignature', 400, /`access-key-secret`/]
    ]
    for (const [code, status, hint] of hints) {
      const { client, emulator } = await setup()
      emulator.inject('*', { status, code, message: 'details from Alibaba' })
      const err = await thrownAsync(ProviderError, client.readQuota())
      expect(err.message).toMatch(hint)
      expect(err.message).toContain(`${code}: details from Alibaba`)
    }
    const generic = await setup()
    generic.emulator.inject('*', { status: 403 })
    const err = await thrownAsync(ProviderError, generic.client.readQuota())
    expect(err.message).toMatch(
      /`access-key-id`, `access-key-secret`, `security-token` and the RAM policy/
    )
  })
})

describe('retry hints', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '7' }, 7000],
    ['x-acs-retry-after in milliseconds', { 'x-acs-retry-after': '250' }, 250],
    ['the longer of both', { 'retry-after': '2', 'x-acs-retry-after': '500' }, 2000],
    ['x-acs-retry-after zero', { 'x-acs-retry-after': '0' }, undefined],
    ['x-acs-retry-after negative', { 'x-acs-retry-after': '-1' }, undefined],
    ['x-acs-retry-after garbage', { 'x-acs-retry-after': 'soon' }, undefined],
    ['no hint', {}, undefined]
  ])('%s', async (_name, headers, expected) => {
    const { client, emulator } = await setup()
    emulator.inject('*', { status: 400, code: 'Throttling.User', headers })
    expect((await thrownAsync(ProviderError, client.readQuota())).retryAfterMs).toBe(expected)
  })

  it('reads an HTTP-date Retry-After against the injected clock', async () => {
    const { client, emulator, clock } = await setup()
    emulator.inject('*', {
      status: 503,
      headers: { 'retry-after': new Date(clock.now() + 30_000).toUTCString() }
    })
    expect((await thrownAsync(ProviderError, client.readQuota())).retryAfterMs).toBe(30_000)
  })

  it('parses hints directly, clamping past dates to zero', () => {
    const now = Date.UTC(2026, 0, 1)
    expect(parseRetryAfterMs({ 'retry-after': new Date(now - 5000).toUTCString() }, now)).toBe(0)
    expect(parseRetryAfterMs({ 'retry-after': 'not a date' }, now)).toBeUndefined()
    expect(parseRetryAfterMs({ 'retry-after': ' 3 ' }, now)).toBe(3000)
  })

  it('does not attach hints to non-retryable errors', async () => {
    const { client, emulator } = await setup()
    emulator.inject('*', {
      status: 400,
      code: 'QuotaExceeded.Refresh',
      headers: { 'retry-after': '60' }
    })
    expect((await thrownAsync(ProviderError, client.readQuota())).retryAfterMs).toBeUndefined()
  })
})

describe('body → query fallback (ObjectPath in a V3 form body is UNCONFIRMED)', () => {
  it('keeps parameters in the body when the API reads them there', async () => {
    const { client, emulator, logger } = await setup()
    await client.submit('refresh', ['https://a.example.com/x'])
    await client.submit('prefetch', ['https://a.example.com/x'])
    expect(emulator.requests.map(r => r.paramsIn)).toEqual(['body', 'body'])
    expect(logger.warnings).toEqual([])
  })

  it('switches to the query string for good after MissingParameter, resending once', async () => {
    const { client, emulator, logger } = await setup({ paramsInBody: false })
    const urls = ['https://a.example.com/a b', 'https://a.example.com/c+d~e*f']
    expect((await client.submit('refresh', urls)).taskIds).toEqual(['1000001'])
    expect(emulator.requests.map(r => [r.paramsIn, r.status, r.code])).toEqual([
      ['none', 400, 'MissingParameter'],
      ['query', 200, undefined]
    ])
    expect(emulator.requests[1]?.query).toEqual({ ObjectPath: urls.join('\n'), ObjectType: 'File' })
    expect(emulator.requests[1]?.headers['content-type']).toBeUndefined()
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(/query string/)

    await client.submit('prefetch', ['https://a.example.com/x'])
    expect(emulator.requests[2]).toMatchObject({ paramsIn: 'query', status: 200 })
    expect(emulator.state.tasks.map(t => t.urls)).toEqual([urls, ['https://a.example.com/x']])
    expect(logger.warnings).toHaveLength(1)
  })

  it('also switches on a message that names ObjectPath as missing', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 400,
      code: 'InvalidParameter',
      message: 'ObjectPath is required.'
    })
    await client.submit('refresh', ['https://a.example.com/x'])
    expect(emulator.requests.map(r => r.paramsIn)).toEqual(['none', 'query'])
  })

  it('resends only once: a second MissingParameter in query mode is a permanent error', async () => {
    const { client, emulator } = await setup()
    emulator.inject(
      'RefreshDcdnObjectCaches',
      { status: 400, code: 'MissingParameter' },
      { status: 400, code: 'MissingParameter' }
    )
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['https://a.example.com/x']))
    ).toMatchObject({
      code: 'MissingParameter',
      errorClass: 'permanent'
    })
    expect(emulator.requests).toHaveLength(2)
  })

  it('does not switch on other permanent errors', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', {
      status: 400,
      code: 'InvalidObjectPath.Malformed',
      message: 'bad'
    })
    await thrownAsync(ProviderError, client.submit('refresh', ['https://a.example.com/x']))
    await client.submit('refresh', ['https://a.example.com/x'])
    expect(emulator.requests.map(r => r.paramsIn)).toEqual(['none', 'body'])
  })
})

describe('transport failures', () => {
  it('a 200 with a non-JSON body is a retryable MalformedResponse', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshDcdnObjectCaches', 'malformed')
    const err = await thrownAsync(
      ProviderError,
      client.submit('refresh', ['https://a.example.com/x'])
    )
    expect(err).toMatchObject({
      code: 'MalformedResponse',
      errorClass: 'retryable',
      httpStatus: 200
    })
    expect(err.message).toContain('<html>')
  })

  it('a 200 without the task ID is NoTaskId, maybe accepted', async () => {
    const { client, emulator } = await setup()
    emulator.inject('PreloadDcdnObjectCaches', 'wrong-shape')
    const err = await thrownAsync(
      ProviderError,
      client.submit('prefetch', ['https://a.example.com/x'])
    )
    expect(err).toMatchObject({
      code: 'NoTaskId',
      errorClass: 'retryable',
      mayHaveBeenAccepted: true
    })
    expect(err.message).toContain('PreloadTaskId')
  })

  it('no answer within requestTimeoutMs is a retryable Timeout', async () => {
    const { client, emulator } = await setup({}, { requestTimeoutMs: 300 })
    emulator.inject('RefreshDcdnObjectCaches', 'timeout')
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['https://a.example.com/x']))
    ).toMatchObject({
      code: 'Timeout',
      errorClass: 'retryable'
    })
  })

  it('a reset connection is a retryable NetworkError', async () => {
    const { client, emulator } = await setup()
    emulator.inject('DescribeDcdnRefreshQuota', 'reset')
    expect(await thrownAsync(ProviderError, client.readQuota())).toMatchObject({
      code: 'NetworkError',
      errorClass: 'retryable'
    })
  })
})

import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator,
  type DcdnEmulatorOptions
} from '../emulators/alibaba-dcdn.js'
import {
  EDGE_ROUTINE_ENDPOINT,
  createEdgeRoutineClient,
  type EdgeRoutineClientOptions
} from '../src/providers/alibaba/edge-routine.js'
import {
  checkUrlList,
  dcdnObjectType,
  isMissingSentParameter,
  withoutQuery
} from '../src/providers/alibaba/object-path-call.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'
import { thrown, thrownAsync } from './helpers/expect-error.js'

const running: DcdnEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

function capture(): Logger & { warnings: string[]; debugs: string[] } {
  const warnings: string[] = []
  const debugs: string[] = []
  return {
    warnings,
    debugs,
    debug: m => debugs.push(m),
    info: () => {},
    warning: m => warnings.push(m)
  }
}

async function setup(
  emulatorOptions: DcdnEmulatorOptions = {},
  clientOptions: Partial<EdgeRoutineClientOptions> = {}
) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startDcdnEmulator({ now: () => clock.now(), ...emulatorOptions })
  running.push(emulator)
  const logger = capture()
  const client = createEdgeRoutineClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    requestTimeoutMs: 5000,
    logger,
    now: () => clock.now(),
    ...clientOptions
  })
  return { clock, emulator, client, logger }
}

const A = 'https://a.example.com'

describe('submit refresh', () => {
  it('sends RefreshErObjectCaches with ObjectPath and ObjectType File in a signed form body', async () => {
    const { client, emulator } = await setup()
    const urls = [`${A}/x y.txt`, `${A}/%E4%B8%AD.css`]
    const result = await client.submit('refresh', urls)
    expect(result.taskIds).toEqual(['1000001'])
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
    const [request] = emulator.requests
    expect(request).toMatchObject({
      action: 'RefreshErObjectCaches',
      status: 200,
      paramsIn: 'body',
      query: {}
    })
    expect(request?.headers['x-acs-version']).toBe('2018-01-15')
    expect(request?.body).toEqual({ ObjectPath: urls.join('\n'), ObjectType: 'File' })
    expect(emulator.state.tasks).toEqual([
      expect.objectContaining({
        action: 'RefreshErObjectCaches',
        host: 'a.example.com',
        urls,
        objectType: 'File'
      })
    ])
  })

  it.each([
    ['directory', 'Directory'],
    ['ignore-params', 'IgnoreParams'],
    ['file', 'File']
  ] as const)('maps %s to ObjectType %s', async (objectType, wire) => {
    const { client, emulator } = await setup()
    await client.submit('refresh', [`${A}/docs/`], objectType)
    expect(emulator.requests[0]?.body.ObjectType).toBe(wire)
  })

  it('sends Force for directories only: false by default, true when configured', async () => {
    const plain = await setup()
    await plain.client.submit('refresh', [`${A}/docs/`], 'directory')
    await plain.client.submit('refresh', [`${A}/a.js`], 'file')
    expect(plain.emulator.requests.map(r => r.body.Force)).toEqual(['false', undefined])

    const forced = await setup({}, { force: true })
    await forced.client.submit('refresh', [`${A}/docs/`, `${A}/img/`], 'directory')
    await forced.client.submit('refresh', [`${A}/a.js?v=1`], 'ignore-params')
    expect(forced.emulator.requests.map(r => r.body.Force)).toEqual(['true', undefined])
    expect(forced.emulator.state.tasks[0]).toMatchObject({ objectType: 'Directory', force: true })
  })

  it('sends RoutineId and the comma-joined MergeDomainName when configured', async () => {
    const { client, emulator } = await setup(
      {},
      { routineId: 'test.mysubdomain', mergeDomainNames: [' b.example.com', 'c.example.com', ''] }
    )
    await client.submit('refresh', [`${A}/x`])
    expect(emulator.requests[0]?.body).toEqual({
      ObjectPath: `${A}/x`,
      ObjectType: 'File',
      RoutineId: 'test.mysubdomain',
      MergeDomainName: 'b.example.com,c.example.com'
    })
    expect(emulator.state.tasks[0]).toMatchObject({
      routineId: 'test.mysubdomain',
      mergeDomainNames: ['b.example.com', 'c.example.com']
    })
  })

  it('strips the query of ignore-params URLs and drops the duplicates that leaves', async () => {
    const { client, emulator } = await setup()
    await client.submit(
      'refresh',
      [`${A}/a.js?v=1`, `${A}/a.js?v=2`, `${A}/b.js`, `${A}/c.js#top`],
      'ignore-params'
    )
    expect(emulator.requests[0]?.body.ObjectPath).toBe(`${A}/a.js\n${A}/b.js\n${A}/c.js`)
    expect(emulator.remaining('IgnoreParams')).toBe(100 - 3)
    expect(emulator.remaining('Url')).toBe(10_000)
  })

  it('refuses URLs on more than one host before sending, but not differences of case', async () => {
    const { client, emulator } = await setup()
    const err = await thrownAsync(
      ProviderError,
      client.submit('refresh', [`${A}/x`, 'https://b.example.com/y'])
    )
    expect(err).toMatchObject({ code: 'MultipleHosts', errorClass: 'permanent' })
    expect(err.message).toContain('a.example.com, b.example.com')
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', [`${A}/x`, `${A}:8443/y`]))
    ).toMatchObject({ code: 'MultipleHosts' })
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', [`${A}/x`, 'not a url']))
    ).toMatchObject({ code: 'InvalidUrl', errorClass: 'permanent' })
    expect(emulator.requests).toHaveLength(0)
    await client.submit('refresh', [`${A}/x`, 'https://A.EXAMPLE.com/y'])
    expect(emulator.requests).toHaveLength(1)
  })

  it.each([
    ['a line feed', `${A}/x\nhttps://evil.example.com/`],
    ['a carriage return', `${A}/x\r`],
    ['NUL', `${A}/\u0000`],
    ['a line separator', `${A}/\u2028`]
  ])('refuses a URL with %s before sending anything', async (_name, bad) => {
    const { client, emulator } = await setup()
    const err = await thrownAsync(ProviderError, client.submit('refresh', [`${A}/ok`, bad]))
    expect(err).toMatchObject({ code: 'InvalidUrl', errorClass: 'permanent' })
    expect(err.message).toContain('URL 2 of 2')
    expect(emulator.requests).toHaveLength(0)
  })

  it('refuses prefetch, asset objects and an empty list as permanent errors without sending', async () => {
    const { client, emulator } = await setup()
    expect(await thrownAsync(ProviderError, client.submit('prefetch', [`${A}/x`]))).toMatchObject({
      code: 'Unsupported',
      errorClass: 'permanent'
    })
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['asset-1'], 'asset'))
    ).toMatchObject({ code: 'Unsupported', errorClass: 'permanent' })
    expect(await thrownAsync(ProviderError, client.submit('refresh', []))).toMatchObject({
      code: 'EmptyRequest',
      errorClass: 'permanent'
    })
    expect(emulator.requests).toHaveLength(0)
  })

  it('splits comma-separated task IDs', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshErObjectCaches', {
      status: 200,
      body: JSON.stringify({ RefreshTaskId: '7, 8,,9', RequestId: 'r-1' })
    })
    expect(await client.submit('refresh', [`${A}/x`])).toEqual({
      taskIds: ['7', '8', '9'],
      requestId: 'r-1'
    })
  })

  it('defaults to the DCDN endpoint', () => {
    expect(EDGE_ROUTINE_ENDPOINT).toBe('https://dcdn.aliyuncs.com')
  })
})

describe('readQuota', () => {
  it("reads DCDN's refresh quota, with directories and ignore-params as their own counters", async () => {
    const { client, emulator } = await setup({
      quotas: { UrlQuota: 2000, UrlRemain: 1500, DirRemain: 7, IgnoreParamsRemain: 40 }
    })
    expect(await client.readQuota()).toEqual({
      remaining: { refresh: 1500 },
      remainingByType: { directory: 7, 'ignore-params': 40 },
      details: { 'refresh-url': 1500, 'refresh-dir': 7 }
    })
    expect(emulator.requests[0]).toMatchObject({ action: 'DescribeDcdnRefreshQuota', status: 200 })
  })

  it('reports Edge Routine refreshes against the shared counters', async () => {
    const { client } = await setup({ quotas: { UrlQuota: 10, DirQuota: 5 } })
    await client.submit('refresh', [`${A}/1`, `${A}/2`])
    await client.submit('refresh', [`${A}/d/`], 'directory')
    expect(await client.readQuota()).toMatchObject({
      remaining: { refresh: 8 },
      remainingByType: { directory: 4 }
    })
  })

  it('leaves ignore-params out when the answer lacks IgnoreParamsRemain', async () => {
    const { client, emulator } = await setup()
    emulator.inject('DescribeDcdnRefreshQuota', {
      status: 200,
      body: JSON.stringify({ RequestId: 'q', UrlRemain: '5', DirRemain: '1' })
    })
    expect(await client.readQuota()).toEqual({
      remaining: { refresh: 5 },
      remainingByType: { directory: 1 },
      details: { 'refresh-url': 5, 'refresh-dir': 1 }
    })
  })
})

describe('errors', () => {
  it('an exhausted daily quota is class quota', async () => {
    const { client } = await setup({ quotas: { UrlQuota: 10, UrlRemain: 1 } })
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', [`${A}/1`, `${A}/2`]))
    ).toMatchObject({ code: 'QuotaExceeded.Refresh', errorClass: 'quota', httpStatus: 400 })
  })

  it('the per-domain minute limit and throttling are retryable', async () => {
    const { client, emulator } = await setup({ urlsPerHostPerMinute: 2 })
    await client.submit('refresh', [`${A}/1`, `${A}/2`])
    expect(await thrownAsync(ProviderError, client.submit('refresh', [`${A}/3`]))).toMatchObject({
      code: 'QuotaPerMinuteExceeded.Refresh',
      errorClass: 'retryable'
    })
    emulator.inject(
      'RefreshErObjectCaches',
      { status: 400, code: 'Throttling.User' },
      { status: 503, code: 'ServiceUnavailable', headers: { 'retry-after': '2' } }
    )
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['https://b.example.com/1']))
    ).toMatchObject({ code: 'Throttling.User', errorClass: 'retryable' })
    expect(
      await thrownAsync(ProviderError, client.submit('refresh', ['https://b.example.com/1']))
    ).toMatchObject({ code: 'ServiceUnavailable', errorClass: 'retryable', retryAfterMs: 2000 })
  })

  it('a wrong secret is an auth error naming access-key-secret, without the secret', async () => {
    const wrongSecret = 'WrongSecretValue9876543210zyxwvu'
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_CREDENTIALS, accessKeySecret: wrongSecret } }
    )
    for (const send of [() => client.submit('refresh', [`${A}/x`]), () => client.readQuota()]) {
      const err = await thrownAsync(ProviderError, send())
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', errorClass: 'auth' })
      expect(err.message).toContain('`access-key-secret`')
      expect(err.message).not.toContain(wrongSecret)
      expect(err.message).not.toContain(EMULATOR_CREDENTIALS.accessKeySecret)
    }
  })

  it('an unknown AccessKey is an auth error naming access-key-id', async () => {
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_CREDENTIALS, accessKeyId: 'LTAI5tUnknownKeyId' } }
    )
    const err = await thrownAsync(ProviderError, client.submit('refresh', [`${A}/x`]))
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', errorClass: 'auth' })
    expect(err.message).toContain('`access-key-id`')
  })

  it('a verdict on the request is permanent', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshErObjectCaches', {
      status: 400,
      code: 'InvalidObjectPath.Malformed',
      message: 'bad'
    })
    expect(await thrownAsync(ProviderError, client.submit('refresh', [`${A}/x`]))).toMatchObject({
      code: 'InvalidObjectPath.Malformed',
      errorClass: 'permanent'
    })
  })
})

describe('form body fallback (object-path-call)', () => {
  it('moves to the query string once when the gateway ignores form bodies', async () => {
    const { client, emulator, logger } = await setup({ paramsInBody: false })
    const result = await client.submit('refresh', [`${A}/x`], 'directory')
    expect(result.taskIds).toEqual(['1000001'])
    await client.submit('refresh', [`${A}/y`])
    expect(emulator.requests.map(r => [r.paramsIn, r.status, r.code])).toEqual([
      ['none', 400, 'MissingParameter'],
      ['query', 200, undefined],
      ['query', 200, undefined]
    ])
    expect(emulator.requests[1]?.query).toEqual({
      ObjectPath: `${A}/x`,
      ObjectType: 'Directory',
      Force: 'false'
    })
    expect(logger.warnings).toEqual([
      expect.stringContaining('sending them in the query string from now on')
    ])
  })

  it('does not retry other permanent errors', async () => {
    const { client, emulator } = await setup()
    emulator.inject('RefreshErObjectCaches', { status: 404, code: 'InvalidDomain.NotFound' })
    await thrownAsync(ProviderError, client.submit('refresh', [`${A}/x`]))
    expect(emulator.requests).toHaveLength(1)
  })

  it('recognises missing-parameter answers by code or message', () => {
    const err = (code: string, message = 'x') =>
      new ProviderError({ code, errorClass: 'permanent', message })
    expect(isMissingSentParameter(err('MissingParameter'), ['Content'])).toBe(true)
    expect(isMissingSentParameter(err('MissingContent'), ['Content'])).toBe(true)
    expect(isMissingSentParameter(err('InvalidParameter', 'SiteId is required'), ['SiteId'])).toBe(
      true
    )
    expect(isMissingSentParameter(err('InvalidParameter', 'SiteId is bad'), ['SiteId'])).toBe(false)
    expect(
      isMissingSentParameter(
        new ProviderError({ code: 'MissingParameter', errorClass: 'retryable', message: '' }),
        ['Content']
      )
    ).toBe(false)
  })
})

describe('helpers', () => {
  it('dcdnObjectType maps the three refresh types and refuses assets', () => {
    expect(dcdnObjectType('file')).toBe('File')
    expect(dcdnObjectType('directory')).toBe('Directory')
    expect(dcdnObjectType('ignore-params')).toBe('IgnoreParams')
    expect(thrown(ProviderError, () => dcdnObjectType('asset'))).toMatchObject({
      code: 'Unsupported',
      errorClass: 'permanent'
    })
  })

  it('withoutQuery and checkUrlList', () => {
    expect(withoutQuery(['https://a/x?y=1#z', 'https://a/x', 'https://a/w#q'])).toEqual([
      'https://a/x',
      'https://a/w'
    ])
    expect(() => checkUrlList('refresh', ['https://a/x'])).not.toThrow()
    expect(thrown(ProviderError, () => checkUrlList('prefetch', [])).code).toBe('EmptyRequest')
  })
})

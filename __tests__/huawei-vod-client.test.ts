import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_HUAWEI_CREDENTIALS,
  EMULATOR_HUAWEI_PROJECT_ID,
  startHuaweiVodEmulator,
  type HuaweiVodEmulator,
  type HuaweiVodEmulatorOptions,
  type VodFault
} from '../emulators/huawei-vod.js'
import {
  buildApigRequest,
  isDailyLimitMessage,
  scrubSecrets,
  type HuaweiCredentials
} from '../src/providers/huawei/api.js'
import { sha256Hex } from '../src/providers/huawei/sign.js'
import {
  VOD_PREFETCH_PER_DAY,
  VOD_PREFETCH_PER_REQUEST,
  VOD_REGIONS,
  VodClient,
  vodEndpoint,
  type VodClientOptions
} from '../src/providers/huawei/vod.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { FakeClock } from './helpers/fake-clock.js'
import { thrownAsync } from './helpers/expect-error.js'

const running: HuaweiVodEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const PID = EMULATOR_HUAWEI_PROJECT_ID
const URL_A = 'https://media.example.com/asset/a/中 文%20#1.mp4'
const URL_B = 'https://media.example.com/asset/b/index.m3u8'

function capture(): Logger & { debugs: string[] } {
  const debugs: string[] = []
  return { debugs, debug: m => debugs.push(m), info: () => {}, warning: () => {} }
}

async function setup(
  emulatorOptions: HuaweiVodEmulatorOptions = {},
  clientOptions: Partial<VodClientOptions> = {}
) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startHuaweiVodEmulator({ now: () => clock.now(), ...emulatorOptions })
  running.push(emulator)
  const logger = capture()
  const client = new VodClient({
    endpoint: emulator.url,
    iamEndpoint: emulator.url,
    credentials: EMULATOR_HUAWEI_CREDENTIALS,
    requestTimeoutMs: 5000,
    logger,
    now: () => clock.now(),
    ...clientOptions
  })
  return { clock, emulator, client, logger }
}

const routes = (e: HuaweiVodEmulator) => e.requests.map(r => r.route)

describe('limits as data', () => {
  it('declares the documented per-request and per-day limits and the SDK region list', () => {
    expect(VOD_PREFETCH_PER_REQUEST).toBe(10)
    expect(VOD_PREFETCH_PER_DAY).toBe(1000)
    expect(VOD_REGIONS).toEqual([
      'cn-north-4',
      'cn-north-1',
      'cn-east-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3'
    ])
    expect(vodEndpoint('cn-north-4')).toBe('https://vod.cn-north-4.myhuaweicloud.com')
  })

  it('refuses a region that is not a host name label', () => {
    expect(
      () =>
        new VodClient({
          region: 'cn-north-4.evil.example/x',
          credentials: EMULATOR_HUAWEI_CREDENTIALS,
          requestTimeoutMs: 1
        })
    ).toThrow(RangeError)
  })
})

describe('request building', () => {
  it('serializes the body once and signs and sends exactly those bytes', () => {
    const request = buildApigRequest(
      'https://vod.cn-north-4.myhuaweicloud.com',
      { ...EMULATOR_HUAWEI_CREDENTIALS, securityToken: 'tok' },
      {
        method: 'POST',
        path: `/v1.0/${PID}/asset/preheating`,
        body: { urls: [URL_A] },
        projectId: PID
      },
      '20260101T080000Z'
    )
    expect(request.url).toBe(
      `https://vod.cn-north-4.myhuaweicloud.com/v1.0/${PID}/asset/preheating`
    )
    expect(request.body).toBe(JSON.stringify({ urls: [URL_A] }))
    expect(request.headers).toMatchObject({
      host: 'vod.cn-north-4.myhuaweicloud.com',
      'content-type': 'application/json',
      'x-sdk-date': '20260101T080000Z',
      'x-project-id': PID,
      'x-security-token': 'tok'
    })
    expect(request.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=HWEMULATORTESTAKID0001, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/
    )
    expect(sha256Hex(request.body ?? '')).not.toBe(sha256Hex(''))
  })

  it('puts an encoded query on GETs, keeps an endpoint path prefix, and sends no content-type', () => {
    const request = buildApigRequest(
      'http://127.0.0.1:8080/gateway/',
      EMULATOR_HUAWEI_CREDENTIALS,
      { method: 'GET', path: '/v3/projects', query: { name: 'cn north*4' } },
      '20260101T080000Z'
    )
    expect(request.url).toBe('http://127.0.0.1:8080/gateway/v3/projects?name=cn%20north%2A4')
    expect(request.headers.host).toBe('127.0.0.1:8080')
    expect(request.headers['content-type']).toBeUndefined()
    expect(request.headers['x-project-id']).toBeUndefined()
    expect(request.body).toBeUndefined()
  })
})

describe('project lookup', () => {
  it('looks the project up once through IAM, shared by concurrent pre-loads', async () => {
    const { client, emulator } = await setup()
    const [a, b] = await Promise.all([client.preheatUrls([URL_A]), client.preheatUrls([URL_B])])
    expect(a.taskId).toMatch(/^[0-9a-f]{32}$/)
    expect(b.taskId).not.toBe(a.taskId)
    expect(routes(emulator).filter(r => r === 'ListProjects')).toHaveLength(1)
    expect(emulator.requests[0]?.query).toEqual({ name: 'cn-north-4' })
    expect(emulator.requests[0]?.headers['x-project-id']).toBeUndefined()
    await client.showPreheating(a.taskId)
    expect(await client.projectId()).toBe(PID)
    expect(routes(emulator).filter(r => r === 'ListProjects')).toHaveLength(1)
    expect(emulator.state.tasks.map(t => t.projectId)).toEqual([PID, PID])
  })

  it('skips IAM when project-id is given', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    await client.preheatUrls([URL_A])
    expect(routes(emulator)).toEqual(['CreatePreheatingAsset'])
  })

  it('uses the project of the configured region', async () => {
    const { client, emulator } = await setup(
      { projects: { 'cn-north-4': 'p-north', 'ap-southeast-1': 'p-sg' } },
      { region: 'ap-southeast-1' }
    )
    expect(await client.projectId()).toBe('p-sg')
    await client.preheatUrls([URL_A])
    expect(emulator.state.tasks[0]?.projectId).toBe('p-sg')
  })

  it('explains a region without a project as ProjectNotFound (auth) naming project-id and region', async () => {
    const { client, emulator } = await setup({}, { region: 'ap-southeast-3' })
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ code: 'ProjectNotFound', errorClass: 'auth' })
    expect(err.message).toContain('"ap-southeast-3"')
    expect(err.message).toContain('`project-id`')
    expect(err.message).toContain('`region`')
    expect(routes(emulator)).toEqual(['ListProjects'])
  })

  it('suggests project-id when IAM refuses the lookup', async () => {
    const { client, emulator } = await setup()
    emulator.inject('ListProjects', {
      status: 403,
      body: '{"error":{"code":403,"message":"You are not authorized to perform the requested action: identity:projects:list.","title":"Forbidden"}}'
    })
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ code: '403', errorClass: 'auth', httpStatus: 403 })
    expect(err.message).toMatch(/^Looking up the project of "cn-north-4" through IAM was refused/)
    expect(err.message).toContain('`project-id`')
    expect(err.message).toContain('identity:projects:list')
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('does not cache a failed lookup: the next call asks again', async () => {
    const { client, emulator } = await setup()
    emulator.inject('ListProjects', { status: 503, code: 'APIGW.0203' })
    expect((await thrownAsync(ProviderError, client.projectId())).errorClass).toBe('retryable')
    expect(await client.projectId()).toBe(PID)
    expect(routes(emulator)).toEqual(['ListProjects', 'ListProjects'])
  })

  it('rejects an IAM answer that is not the project list as MalformedResponse', async () => {
    const { client, emulator } = await setup()
    emulator.inject('ListProjects', 'wrong-shape')
    expect(await thrownAsync(ProviderError, client.projectId())).toMatchObject({
      code: 'MalformedResponse',
      errorClass: 'retryable'
    })
  })
})

describe('pre-loading', () => {
  it('pre-loads URLs (non-ASCII, %, #, spaces) and an asset, returning 202 task ids', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    const byUrl = await client.preheatUrls([URL_A, URL_B])
    const byAsset = await client.preheatAsset('f488337c31c8e4622f1590735b134c65')
    expect(emulator.requests.map(r => r.status)).toEqual([202, 202])
    expect(emulator.state.tasks.map(t => t.taskId)).toEqual([byUrl.taskId, byAsset.taskId])
    expect(emulator.state.tasks[0]?.urls).toEqual([URL_A, URL_B])
    expect(emulator.requests[1]?.body).toEqual({ asset_id: 'f488337c31c8e4622f1590735b134c65' })
    expect(byUrl.requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('takes 10 URLs and refuses 11 or none without sending', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    const ten = Array.from({ length: 10 }, (_, i) => `${URL_B}?n=${i}`)
    await client.preheatUrls(ten)
    expect(await thrownAsync(ProviderError, client.preheatUrls([...ten, URL_A]))).toMatchObject({
      code: 'TooManyUrls',
      errorClass: 'permanent'
    })
    expect(await thrownAsync(ProviderError, client.preheatUrls([]))).toMatchObject({
      code: 'EmptyRequest',
      errorClass: 'permanent'
    })
    expect(emulator.requests).toHaveLength(1)
  })

  it.each([
    ['a line feed', 'https://media.example.com/x\nhttps://evil.example.com/'],
    ['a carriage return', 'https://media.example.com/x\r'],
    ['a tab', 'https://media.example.com/\tx'],
    ['DEL', 'https://media.example.com/\u007f'],
    ['a line separator', 'https://media.example.com/\u2028']
  ])('refuses a URL with %s before sending anything', async (_name, bad) => {
    const { client, emulator } = await setup({}, { projectId: PID })
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A, bad]))
    expect(err).toMatchObject({ code: 'InvalidUrl', errorClass: 'permanent' })
    expect(err.message).toContain('URL 2 of 2')
    expect(emulator.requests).toHaveLength(0)
  })

  it('refuses an empty or multi-line asset id without sending', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    for (const id of ['', '  ', 'a\nb']) {
      expect((await thrownAsync(ProviderError, client.preheatAsset(id))).code).toBe(
        'InvalidAssetId'
      )
    }
    expect(emulator.requests).toHaveLength(0)
  })

  it('accepts any 2xx but treats a missing or empty task_id as NoTaskId, maybe accepted', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    emulator.inject(
      'CreatePreheatingAsset',
      { status: 200, body: '{"task_id":"t-200"}' },
      { status: 202, body: '{"task_id":""}' },
      { status: 202, body: '{}' },
      { status: 202, body: '{"task_id":"t-1\\n::error::x"}' },
      { status: 202, body: '{"task_id":"t 1"}' }
    )
    expect((await client.preheatUrls([URL_A])).taskId).toBe('t-200')
    for (let i = 0; i < 4; i++) {
      const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
      expect(err).toMatchObject({
        code: 'NoTaskId',
        errorClass: 'retryable',
        httpStatus: 202,
        mayHaveBeenAccepted: true
      })
      expect(err.message).not.toMatch(/[\n\r]/)
      expect(err.message).toContain('task_id')
    }
  })

  it('a 2xx that is not JSON is a retryable MalformedResponse', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    emulator.inject('CreatePreheatingAsset', 'malformed')
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({
      code: 'MalformedResponse',
      errorClass: 'retryable',
      httpStatus: 202
    })
    expect(err.message).toContain('<html>')
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('showPreheating', () => {
  it('normalizes statuses case-insensitively to lower case', async () => {
    const { client, emulator, clock } = await setup(
      { statusCase: 'upper', preheatDurationMs: 60_000, failingUrls: [URL_B] },
      { projectId: PID }
    )
    const { taskId } = await client.preheatUrls([URL_A, URL_B])
    expect((await client.showPreheating(taskId)).results).toEqual([
      { url: URL_A, status: 'processing' },
      { url: URL_B, status: 'processing' }
    ])
    clock.advance(60_000)
    expect((await client.showPreheating(taskId)).results).toEqual([
      { url: URL_A, status: 'succeed' },
      { url: URL_B, status: 'failed' }
    ])
    emulator.inject('ShowPreheatingAsset', {
      status: 200,
      body: JSON.stringify({ preheating_results: [{ url: URL_A, status: 'Succeed' }] })
    })
    expect((await client.showPreheating(taskId)).results).toEqual([
      { url: URL_A, status: 'succeed' }
    ])
  })

  it('rejects an unknown status as MalformedResponse', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    emulator.inject('ShowPreheatingAsset', {
      status: 200,
      body: JSON.stringify({ preheating_results: [{ url: URL_A, status: 'queued' }] })
    })
    const err = await thrownAsync(ProviderError, client.showPreheating('t'))
    expect(err).toMatchObject({ code: 'MalformedResponse' })
    expect(err.message).toContain('preheating_results.0.status')
  })

  it('reports an unknown task as the permanent VOD.10062', async () => {
    const { client } = await setup({}, { projectId: PID })
    expect(await thrownAsync(ProviderError, client.showPreheating('0'.repeat(32)))).toMatchObject({
      code: 'VOD.10062',
      errorClass: 'permanent',
      httpStatus: 400
    })
  })
})

describe('error classification', () => {
  const cases: [string, VodFault, string, string][] = [
    ['APIGW.0308 on 429', { status: 429, code: 'APIGW.0308', message: 'The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute' }, 'APIGW.0308', 'retryable'],
    ['HTTP 429 without a body', { status: 429, body: '' }, 'HTTP429', 'retryable'],
    ['HTTP 500 with HTML', { status: 500, body: '<html>oops</html>' }, 'HTTP500', 'retryable'],
    ['HTTP 503 with a gateway code', { status: 503, code: 'APIGW.0203' }, 'APIGW.0203', 'retryable'],
    ['VOD.10051 on 500 (errorCode shape)', { status: 500, body: '{"errorCode":"VOD.10051","errorMessage":"Internal system error."}' }, 'VOD.10051', 'retryable'],
    ['VOD.10053 on 400', { status: 400, code: 'VOD.10053', message: 'The request parameter is illegal, illegal field: {urls}.' }, 'VOD.10053', 'permanent'],
    ['VOD.10053 on 403', { status: 403, code: 'VOD.10053' }, 'VOD.10053', 'permanent'],
    ['VOD.10062 on 403', { status: 403, code: 'VOD.10062' }, 'VOD.10062', 'permanent'],
    ['APIGW.0101 on 404', { status: 404, code: 'APIGW.0101' }, 'APIGW.0101', 'permanent'],
    ['APIGW.0301 on 401', { status: 401, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: verify aksk signature fail' }, 'APIGW.0301', 'auth'],
    ['APIGW.0303 on 401', { status: 401, code: 'APIGW.0303' }, 'APIGW.0303', 'auth'],
    ['HTTP 403 without a code', { status: 403 }, 'HTTP403', 'auth'],
    ['VOD.10054 on 403', { status: 403, code: 'VOD.10054', message: 'Identity authentication failed.' }, 'VOD.10054', 'auth'],
    ['IAM keystone shape on 401', { status: 401, body: '{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}' }, '401', 'auth'],
    ['the default quota guess', { status: 400, code: 'VOD.10099' }, 'VOD.10099', 'quota'],
    ['a daily-limit message under another code', { status: 400, code: 'VOD.10053', message: 'The number of preheating tasks exceeds the limit per day.' }, 'VOD.10053', 'quota'],
    ['a Chinese daily-limit message', { status: 403, code: 'VOD.10070', message: '每天预热次数超过上限' }, 'VOD.10070', 'quota'],
    ['a gateway policy counted per day', { status: 429, code: 'APIGW.0308', message: 'The throttling threshold has been reached: policy user over ratelimit, limit:1000, time:1 day' }, 'APIGW.0308', 'quota'],
    ['a redirect', { status: 302, headers: { location: 'https://elsewhere.example/' } }, 'HTTP302', 'permanent']
  ] // prettier-ignore

  it.each(cases)('%s', async (_name, fault, code, errorClass) => {
    const { client, emulator } = await setup({}, { projectId: PID })
    emulator.inject('*', fault)
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({
      code,
      errorClass,
      httpStatus: typeof fault === 'string' ? 202 : fault.status
    })
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/)
    expect(emulator.requests).toHaveLength(1)
  })

  it('passes the provider message through for permanent errors, from either body shape', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    emulator.inject(
      '*',
      { status: 400, code: 'VOD.10053', message: 'illegal field: {urls}.' },
      {
        status: 400,
        body: '{"errorCode":"VOD.10081","errorMessage":"The request parameters are illegal, please check."}'
      }
    )
    expect((await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).message).toBe(
      'illegal field: {urls}.'
    )
    expect(await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).toMatchObject({
      code: 'VOD.10081',
      errorClass: 'permanent',
      message: 'The request parameters are illegal, please check.'
    })
  })

  it('takes extra quota codes from the options', async () => {
    const { client, emulator } = await setup({}, { projectId: PID, quotaErrorCodes: ['VOD.12345'] })
    emulator.inject(
      '*',
      { status: 400, code: 'VOD.12345', message: 'nope' },
      { status: 400, code: 'VOD.10099' }
    )
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ errorClass: 'quota' })
    expect(err.message).toMatch(/daily VOD pre-load limit/)
    // Configured codes replace the default guess.
    expect((await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).errorClass).toBe(
      'permanent'
    )
  })

  it.each([
    ['policy user over ratelimit, limit:100, time:1 second', false],
    ['The query range is at most 30 days', false],
    ['illegal field: {day}', false],
    ['The daily pre-load quota is used up', true],
    ['Preheat count exceeded for today', true],
    ['maximum of 1000 assets per day reached', true],
    ['当日预热数量已达上限', true],
    ['预热失败', false]
  ])('isDailyLimitMessage(%j) is %s', (message, expected) => {
    expect(isDailyLimitMessage(message)).toBe(expected)
  })
})

describe('against the emulator', () => {
  it('daily limit reached: quota error, nothing pre-loaded', async () => {
    const { client, emulator } = await setup({ dailyLimit: 3 }, { projectId: PID })
    await client.preheatUrls([URL_A, URL_B])
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A, URL_B]))
    expect(err).toMatchObject({ code: 'VOD.10099', errorClass: 'quota', httpStatus: 400 })
    expect(err.message).toMatch(/daily limit of 3/)
    expect(emulator.state.tasks).toHaveLength(1)
  })

  it('throttled by the gateway: retryable, with Retry-After when sent and without it otherwise', async () => {
    const { client } = await setup(
      { rateLimit: { requests: 1, windowMs: 1000 }, throttleRetryAfterSeconds: 2 },
      { projectId: PID }
    )
    await client.preheatUrls([URL_A])
    expect(await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).toMatchObject({
      code: 'APIGW.0308',
      errorClass: 'retryable',
      httpStatus: 429,
      retryAfterMs: 2000
    })
    const silent = await setup({ rateLimit: { requests: 1, windowMs: 1000 } }, { projectId: PID })
    await silent.client.preheatUrls([URL_A])
    const err = await thrownAsync(ProviderError, silent.client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ errorClass: 'retryable' })
    expect(err.retryAfterMs).toBeUndefined()
  })

  it('reads an HTTP-date Retry-After against the injected clock, only on retryable errors', async () => {
    const { client, emulator, clock } = await setup({}, { projectId: PID })
    emulator.inject(
      '*',
      { status: 503, headers: { 'retry-after': new Date(clock.now() + 30_000).toUTCString() } },
      { status: 400, code: 'VOD.10053', headers: { 'retry-after': '60' } }
    )
    expect((await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).retryAfterMs).toBe(
      30_000
    )
    expect(
      (await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).retryAfterMs
    ).toBeUndefined()
  })

  it('wrong secret: auth error naming access-key-secret that contains no credential', async () => {
    const wrongSecret = 'WrongHuaweiSecretValue9876543210zyxwvu'
    const { client, logger } = await setup(
      {},
      { credentials: { ...EMULATOR_HUAWEI_CREDENTIALS, accessKeySecret: wrongSecret } }
    )
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ code: 'APIGW.0301', errorClass: 'auth', httpStatus: 401 })
    expect(err.message).toContain('`access-key-secret`')
    expect(err.message).toContain('verify aksk signature fail')
    for (const text of [err.message, logger.debugs.join('\n')]) {
      expect(text).not.toContain(wrongSecret)
      expect(text).not.toContain(EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret)
      expect(text).not.toMatch(/Signature=[0-9a-f]{64}/)
    }
  })

  it('unknown AK: auth error naming access-key-id, with the AK scrubbed', async () => {
    const { client } = await setup(
      {},
      { credentials: { ...EMULATOR_HUAWEI_CREDENTIALS, accessKeyId: 'HWUNKNOWNAKID99' } }
    )
    const err = await thrownAsync(ProviderError, client.projectId())
    expect(err).toMatchObject({ code: 'APIGW.0301', errorClass: 'auth' })
    expect(err.message).toContain('`access-key-id`')
    expect(err.message).not.toContain('HWUNKNOWNAKID99')
  })

  it('wrong project-id: auth error naming project-id', async () => {
    const { client } = await setup({}, { projectId: 'aaaabbbbccccddddeeeeffff00001111' })
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err).toMatchObject({ code: 'APIGW.0301', errorClass: 'auth' })
    expect(err.message).toContain('`project-id`')
  })

  it('runner clock more than 15 minutes off: auth error about the clock', async () => {
    const { emulator, clock } = await setup()
    const at = (skewMs: number) =>
      new VodClient({
        endpoint: emulator.url,
        iamEndpoint: emulator.url,
        credentials: EMULATOR_HUAWEI_CREDENTIALS,
        requestTimeoutMs: 5000,
        now: () => clock.now() + skewMs
      })
    const err = await thrownAsync(ProviderError, at(16 * 60_000).projectId())
    expect(err).toMatchObject({ code: 'APIGW.0301', errorClass: 'auth' })
    expect(err.message).toMatch(/clock/)
    await expect(at(-14 * 60_000).projectId()).resolves.toBe(PID)
  })

  it('temporary credentials are signed and accepted; a wrong token is an auth error naming security-token', async () => {
    const sts: HuaweiCredentials = {
      ...EMULATOR_HUAWEI_CREDENTIALS,
      securityToken: 'gQ5sts-token-value+/=0123456789'
    }
    const { client, emulator, logger } = await setup({ credentials: [sts] }, { credentials: sts })
    await client.preheatUrls([URL_A])
    expect(emulator.requests.map(r => r.status)).toEqual([200, 202])
    expect(
      emulator.requests.every(r => r.headers.authorization?.includes('x-security-token'))
    ).toBe(true)
    expect(logger.debugs.join('\n')).not.toContain(sts.securityToken)

    const wrong = { ...sts, securityToken: 'gQ5other-token-value' }
    const other = await setup({ credentials: [sts] }, { credentials: wrong })
    const err = await thrownAsync(ProviderError, other.client.projectId())
    expect(err).toMatchObject({ code: 'APIGW.0301', errorClass: 'auth' })
    expect(err.message).toContain('`security-token`')
    expect(err.message).not.toContain(wrong.securityToken)
  })

  it('scrubs credentials and signatures that a provider echoes in its message', async () => {
    const { client, emulator } = await setup({}, { projectId: PID })
    const { accessKeyId, accessKeySecret } = EMULATOR_HUAWEI_CREDENTIALS
    emulator.inject('*', {
      status: 400,
      code: 'VOD.10053',
      message: `bad ${accessKeySecret} from ${accessKeyId} in SDK-HMAC-SHA256 Access=${accessKeyId}, SignedHeaders=host, Signature=${'ab'.repeat(32)}`
    })
    const err = await thrownAsync(ProviderError, client.preheatUrls([URL_A]))
    expect(err.message).not.toContain(accessKeySecret)
    expect(err.message).not.toContain(accessKeyId)
    expect(err.message).not.toContain('ab'.repeat(32))
    expect(scrubSecrets('Signature=0aF9', EMULATOR_HUAWEI_CREDENTIALS)).toBe('Signature=[REDACTED]')
  })

  it('no answer within requestTimeoutMs is a retryable Timeout; a reset a NetworkError', async () => {
    const { client, emulator } = await setup({}, { projectId: PID, requestTimeoutMs: 300 })
    emulator.inject('CreatePreheatingAsset', 'timeout', 'reset')
    expect(await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).toMatchObject({
      code: 'Timeout',
      errorClass: 'retryable'
    })
    expect(await thrownAsync(ProviderError, client.preheatUrls([URL_A]))).toMatchObject({
      code: 'NetworkError',
      errorClass: 'retryable'
    })
  })
})

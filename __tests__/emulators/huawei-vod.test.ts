import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_HUAWEI_CREDENTIALS,
  EMULATOR_HUAWEI_PROJECT_ID,
  startHuaweiVodEmulator,
  type HuaweiVodEmulator,
  type HuaweiVodEmulatorOptions
} from '../../emulators/huawei-vod.js'
import {
  buildApigRequest,
  DEFAULT_QUOTA_ERROR_CODES,
  type ApigCall,
  type HuaweiCredentials
} from '../../src/providers/huawei/api.js'
import { formatSdkDate, signSdkHmac } from '../../src/providers/huawei/sign.js'
import { sendRequest, type HttpRequest } from '../../src/providers/http.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: HuaweiVodEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const PID = EMULATOR_HUAWEI_PROJECT_ID
const START = Date.UTC(2026, 0, 1, 8, 0, 0)

async function setup(options: HuaweiVodEmulatorOptions = {}, start = START) {
  const clock = new FakeClock(start)
  const emulator = await startHuaweiVodEmulator({ now: () => clock.now(), ...options })
  running.push(emulator)
  return { clock, emulator }
}

const preheat = (body: unknown, projectId = PID): ApigCall => ({
  method: 'POST',
  path: `/v1.0/${projectId}/asset/preheating`,
  body,
  projectId
})
const show = (taskId: string, projectId = PID): ApigCall => ({
  method: 'GET',
  path: `/v1.0/${projectId}/asset/preheating`,
  query: { task_id: taskId },
  projectId
})
const listProjects = (name: string): ApigCall => ({
  method: 'GET',
  path: '/v3/projects',
  query: { name }
})
const urls = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `https://media.example.com/asset/${from + i}.mp4`)

interface Answer {
  status: number
  json: Record<string, unknown>
  headers: Record<string, string>
}

async function raw(request: HttpRequest): Promise<Answer> {
  const res = await sendRequest(request, { timeoutMs: 5000 })
  return {
    status: res.status,
    json: JSON.parse(res.body) as Record<string, unknown>,
    headers: res.headers
  }
}

/** Builds the request the client would send at `at`, lets the test tamper with it, sends it. */
async function call(
  emulator: HuaweiVodEmulator,
  clock: FakeClock,
  apig: ApigCall,
  opts: {
    credentials?: HuaweiCredentials
    at?: number
    tamper?: (r: HttpRequest) => void
  } = {}
): Promise<Answer> {
  const request = buildApigRequest(
    emulator.url,
    opts.credentials ?? EMULATOR_HUAWEI_CREDENTIALS,
    apig,
    formatSdkDate(opts.at ?? clock.now())
  )
  opts.tamper?.(request)
  return raw(request)
}

describe('signature verification (with the official signer)', () => {
  it('accepts a correctly signed lookup and pre-load, and records them with secrets redacted', async () => {
    const { emulator, clock } = await setup()
    const projects = await call(emulator, clock, listProjects('cn-north-4'))
    expect(projects.status).toBe(200)
    expect(projects.json.projects).toEqual([
      expect.objectContaining({ id: PID, name: 'cn-north-4' })
    ])
    const created = await call(emulator, clock, preheat({ urls: urls(2) }))
    expect(created.status).toBe(202)
    expect(created.json.task_id).toMatch(/^[0-9a-f]{32}$/)
    expect(created.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/)
    expect(emulator.state.tasks).toEqual([
      { taskId: created.json.task_id, projectId: PID, urls: urls(2), at: START }
    ])
    expect(emulator.requests.map(r => [r.route, r.status])).toEqual([
      ['ListProjects', 200],
      ['CreatePreheatingAsset', 202]
    ])
    expect(emulator.requests[1]?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=HWEMULATORTESTAKID0001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=\[REDACTED\]$/
    )
    expect(emulator.requests[1]?.body).toEqual({ urls: urls(2) })
  })

  it('rejects a wrong secret with APIGW.0301 and the signature wording', async () => {
    const { emulator, clock } = await setup()
    const answer = await call(emulator, clock, preheat({ urls: urls(1) }), {
      credentials: { ...EMULATOR_HUAWEI_CREDENTIALS, accessKeySecret: 'not-the-secret' }
    })
    expect(answer.status).toBe(401)
    expect(answer.json).toMatchObject({ error_code: 'APIGW.0301' })
    expect(String(answer.json.error_msg)).toMatch(/verify aksk signature fail/)
    expect(answer.json.request_id).toBe(answer.headers['x-request-id'])
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('rejects a body other than the one signed (the body hash is part of the signature)', async () => {
    const { emulator, clock } = await setup()
    const answer = await call(emulator, clock, preheat({ urls: urls(1) }), {
      tamper: r => {
        r.body = JSON.stringify({ urls: urls(1, 7) })
      }
    })
    expect(answer).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
  })

  it('rejects a changed query or a changed signed header', async () => {
    const { emulator, clock } = await setup()
    const { json } = await call(emulator, clock, preheat({ urls: urls(1) }))
    const query = await call(emulator, clock, show(String(json.task_id)), {
      tamper: r => {
        r.url = r.url.replace(/task_id=\w+/, 'task_id=other')
      }
    })
    expect(query).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
    const header = await call(emulator, clock, listProjects('cn-north-4'), {
      tamper: r => {
        r.headers.host = 'vod.cn-north-4.myhuaweicloud.com'
      }
    })
    expect(header.status).toBe(401)
  })

  it('rejects an unknown AK', async () => {
    const { emulator, clock } = await setup()
    const answer = await call(emulator, clock, listProjects('cn-north-4'), {
      credentials: { ...EMULATOR_HUAWEI_CREDENTIALS, accessKeyId: 'HWUNKNOWNAK' }
    })
    expect(answer).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
    expect(String(answer.json.error_msg)).toMatch(/not exist/)
  })

  it('requires x-project-id, host and x-sdk-date to be signed on VOD calls', async () => {
    const { emulator, clock } = await setup()
    const unsignedProject = await call(emulator, clock, {
      ...preheat({ urls: urls(1) }),
      projectId: undefined
    })
    expect(unsignedProject.status).toBe(401)
    expect(String(unsignedProject.json.error_msg)).toMatch(
      /x-project-id must be present and signed/
    )

    // Signed without content-type, sent with it: the gateway must see content-type signed.
    const request = buildApigRequest(
      emulator.url,
      EMULATOR_HUAWEI_CREDENTIALS,
      preheat({ urls: urls(1) }),
      formatSdkDate(clock.now())
    )
    const { 'content-type': _dropped, ...signedOnly } = request.headers
    const { authorization } = signSdkHmac({
      method: 'POST',
      path: `/v1.0/${PID}/asset/preheating`,
      headers: {
        host: signedOnly.host ?? '',
        'x-sdk-date': signedOnly['x-sdk-date'] ?? '',
        'x-project-id': PID
      },
      body: request.body,
      accessKeyId: EMULATOR_HUAWEI_CREDENTIALS.accessKeyId,
      secretAccessKey: EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret
    })
    const answer = await raw({ ...request, headers: { ...request.headers, authorization } })
    expect(answer.status).toBe(401)
    expect(String(answer.json.error_msg)).toMatch(/content-type must be present and signed/)
  })

  it('accepts X-Sdk-Date within 15 minutes either way and rejects it beyond', async () => {
    const { emulator, clock } = await setup()
    const at = (skewMs: number) =>
      call(emulator, clock, listProjects('cn-north-4'), { at: clock.now() + skewMs })
    expect((await at(15 * 60_000)).status).toBe(200)
    expect((await at(-15 * 60_000)).status).toBe(200)
    for (const skew of [15 * 60_000 + 1000, -(15 * 60_000 + 1000)]) {
      const answer = await at(skew)
      expect(answer).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
      expect(String(answer.json.error_msg)).toMatch(/X-Sdk-Date .* 15 minutes/)
    }
  })

  it('answers a body the official signer cannot hash with an explicit emulator limitation', async () => {
    const { emulator, clock } = await setup()
    const answer = await call(emulator, clock, preheat({ urls: urls(1) }), {
      tamper: r => {
        const pretty = JSON.stringify({ urls: urls(1) }, null, 2)
        const signed = signSdkHmac({
          method: 'POST',
          path: `/v1.0/${PID}/asset/preheating`,
          headers: {
            host: r.headers.host ?? '',
            'x-sdk-date': r.headers['x-sdk-date'] ?? '',
            'x-project-id': PID,
            'content-type': 'application/json'
          },
          body: pretty,
          accessKeyId: EMULATOR_HUAWEI_CREDENTIALS.accessKeyId,
          secretAccessKey: EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret
        })
        r.body = pretty
        r.headers.authorization = signed.authorization
      }
    })
    expect(answer).toMatchObject({ status: 400, json: { error_code: 'APIGW.0201' } })
    expect(String(answer.json.error_msg)).toMatch(/Emulator limitation/)
  })
})

describe('temporary credentials', () => {
  const sts = { ...EMULATOR_HUAWEI_CREDENTIALS, securityToken: 'gQ5temporary+token/value==' }

  it('requires the configured X-Security-Token, signed, and redacts it in the record', async () => {
    const { emulator, clock } = await setup({ credentials: [sts] })
    const ok = await call(emulator, clock, preheat({ urls: urls(1) }), { credentials: sts })
    expect(ok.status).toBe(202)
    expect(emulator.requests[0]?.headers['x-security-token']).toBe('[REDACTED]')
    expect(emulator.requests[0]?.headers.authorization).toContain('x-security-token')

    for (const credentials of [
      EMULATOR_HUAWEI_CREDENTIALS,
      { ...sts, securityToken: 'gQ5other' }
    ]) {
      const answer = await call(emulator, clock, preheat({ urls: urls(1) }), { credentials })
      expect(answer).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
      expect(String(answer.json.error_msg)).toMatch(/security token/)
    }
  })
})

describe('projects', () => {
  it('lists the projects named like the region, none for an unknown region', async () => {
    const { emulator, clock } = await setup({
      projects: { 'cn-north-4': 'p4', 'ap-southeast-1': 'pa1' }
    })
    const north = await call(emulator, clock, listProjects('cn-north-4'))
    expect((north.json.projects as { id: string }[]).map(p => p.id)).toEqual(['p4'])
    const none = await call(emulator, clock, listProjects('eu-west-0'))
    expect(none.json.projects).toEqual([])
  })

  it('rejects an X-Project-Id other than the path project, and a project of another account', async () => {
    const { emulator, clock } = await setup()
    const mismatch = await call(emulator, clock, {
      ...preheat({ urls: urls(1) }),
      projectId: 'ffff'
    })
    expect(mismatch).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
    expect(String(mismatch.json.error_msg)).toMatch(/X-Project-Id does not match/)

    const foreign = await call(
      emulator,
      clock,
      preheat({ urls: urls(1) }, 'aaaabbbbccccddddeeeeffff00001111')
    )
    expect(foreign).toMatchObject({ status: 401, json: { error_code: 'APIGW.0301' } })
    expect(String(foreign.json.error_msg)).toMatch(/project .* does not exist/)
    expect(emulator.state.tasks).toHaveLength(0)
  })
})

describe('pre-load requests', () => {
  it('takes 10 URLs and rejects 11, none, or urls together with asset_id, with VOD.10053', async () => {
    const { emulator, clock } = await setup()
    for (const body of [
      { urls: urls(11) },
      { urls: [] },
      {},
      { urls: urls(1), asset_id: 'a' },
      { urls: ['ftp://x/y'] }
    ]) {
      const answer = await call(emulator, clock, preheat(body))
      expect(answer).toMatchObject({ status: 400, json: { error_code: 'VOD.10053' } })
    }
    expect((await call(emulator, clock, preheat({ urls: urls(10) }))).status).toBe(202)
    expect(emulator.state.used).toBe(10)
  })

  it('pre-loads known assets and answers VOD.10062 for others when assets are configured', async () => {
    const { emulator, clock } = await setup({
      assets: { a1: ['https://m.example.com/a1/index.m3u8', 'https://m.example.com/a1/1.ts'] }
    })
    const ok = await call(emulator, clock, preheat({ asset_id: 'a1' }))
    expect(ok.status).toBe(202)
    expect(emulator.state.tasks[0]).toMatchObject({
      assetId: 'a1',
      urls: ['https://m.example.com/a1/index.m3u8', 'https://m.example.com/a1/1.ts']
    })
    const missing = await call(emulator, clock, preheat({ asset_id: 'a2' }))
    expect(missing).toMatchObject({ status: 400, json: { error_code: 'VOD.10062' } })
    expect(emulator.state.used).toBe(1)
  })
})

describe('daily limit', () => {
  it('allows 1,000 pre-loads per day by default, each URL and each asset counting one', async () => {
    const { emulator, clock } = await setup()
    emulator.state.used = 990
    const over = await call(emulator, clock, preheat({ urls: urls(10) }))
    expect(over.status).toBe(202)
    expect(emulator.remaining()).toBe(0)
    const answer = await call(emulator, clock, preheat({ asset_id: 'any' }))
    expect(answer).toMatchObject({
      status: 400,
      json: { error_code: DEFAULT_QUOTA_ERROR_CODES[0] }
    })
    expect(String(answer.json.error_msg)).toMatch(/daily limit of 1000/)
  })

  it('refuses a request that would cross the limit, takes one that fits', async () => {
    const { emulator, clock } = await setup({ dailyLimit: 12, quotaErrorCode: 'VOD.99999' })
    expect((await call(emulator, clock, preheat({ urls: urls(10) }))).status).toBe(202)
    expect((await call(emulator, clock, preheat({ urls: urls(3) }))).json.error_code).toBe(
      'VOD.99999'
    )
    expect((await call(emulator, clock, preheat({ asset_id: 'x' }))).status).toBe(202)
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(400)
    expect(emulator.remaining()).toBe(0)
  })

  it('starts a new day at midnight China Standard Time (16:00 UTC) on the injected clock', async () => {
    const { emulator, clock } = await setup({ dailyLimit: 1 }, Date.UTC(2026, 0, 1, 15, 59, 0))
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
    clock.advance(59_000)
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(400)
    clock.advance(1000)
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
  })
})

describe('throttling', () => {
  it('answers 429 APIGW.0308 with the documented message beyond the rate, then recovers', async () => {
    const { emulator, clock } = await setup({ rateLimit: { requests: 2, windowMs: 1000 } })
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
    expect((await call(emulator, clock, show(emulator.state.tasks[0]?.taskId ?? ''))).status).toBe(
      200
    )
    const throttled = await call(emulator, clock, preheat({ urls: urls(1) }))
    expect(throttled).toMatchObject({ status: 429, json: { error_code: 'APIGW.0308' } })
    expect(throttled.json.error_msg).toBe(
      'The throttling threshold has been reached: policy user over ratelimit, limit:2, time:1 second'
    )
    expect(throttled.headers['retry-after']).toBeUndefined()
    // The IAM lookup is not a VOD call and is not throttled.
    expect((await call(emulator, clock, listProjects('cn-north-4'))).status).toBe(200)
    clock.advance(1000)
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
    expect(emulator.state.used).toBe(2)
  })

  it('sends Retry-After only when told to, and names minute windows', async () => {
    const { emulator, clock } = await setup({
      rateLimit: { requests: 1, windowMs: 60_000 },
      throttleRetryAfterSeconds: 7
    })
    await call(emulator, clock, preheat({ urls: urls(1) }))
    const throttled = await call(emulator, clock, preheat({ urls: urls(1) }))
    expect(throttled.headers['retry-after']).toBe('7')
    expect(throttled.json.error_msg).toMatch(/limit:1, time:1 minute$/)
  })
})

describe('task status', () => {
  it('reports processing until the pre-load duration has passed, then succeed or failed', async () => {
    const bad = 'https://media.example.com/asset/1.mp4'
    const { emulator, clock } = await setup({ preheatDurationMs: 60_000, failingUrls: [bad] })
    const { json } = await call(emulator, clock, preheat({ urls: urls(2) }))
    const taskId = String(json.task_id)
    const statuses = async () =>
      (await call(emulator, clock, show(taskId))).json.preheating_results as {
        url: string
        status: string
      }[]
    expect(await statuses()).toEqual([
      { url: urls(2)[0], status: 'processing' },
      { url: bad, status: 'processing' }
    ])
    clock.advance(59_999)
    expect((await statuses()).map(r => r.status)).toEqual(['processing', 'processing'])
    clock.advance(1)
    expect((await statuses()).map(r => r.status)).toEqual(['succeed', 'failed'])
  })

  it('can spell statuses in upper case like the older SDK enum', async () => {
    const { emulator, clock } = await setup({ statusCase: 'upper', preheatDurationMs: 0 })
    const { json } = await call(emulator, clock, preheat({ urls: urls(1) }))
    const answer = await call(emulator, clock, show(String(json.task_id)))
    expect(answer.json.preheating_results).toEqual([{ url: urls(1)[0], status: 'SUCCEED' }])
  })

  it('answers VOD.10062 for an unknown task and VOD.10053 without task_id', async () => {
    const { emulator, clock } = await setup()
    expect((await call(emulator, clock, show('0'.repeat(32)))).json.error_code).toBe('VOD.10062')
    const noId = await call(emulator, clock, { ...show(''), query: {} })
    expect(noId).toMatchObject({ status: 400, json: { error_code: 'VOD.10053' } })
  })
})

describe('faults', () => {
  it('applies injected faults in order, per route or for any route', async () => {
    const { emulator, clock } = await setup()
    emulator.inject('CreatePreheatingAsset', {
      status: 503,
      code: 'APIGW.0203',
      message: 'busy',
      headers: { 'retry-after': '3' }
    })
    emulator.inject('*', { status: 500, body: '{"errorCode":"VOD.10051","errorMessage":"oops"}' })
    const first = await call(emulator, clock, preheat({ urls: urls(1) }))
    expect(first).toMatchObject({
      status: 503,
      json: { error_code: 'APIGW.0203', error_msg: 'busy' }
    })
    expect(first.headers['retry-after']).toBe('3')
    const second = await call(emulator, clock, listProjects('cn-north-4'))
    expect(second).toMatchObject({
      status: 500,
      json: { errorCode: 'VOD.10051', errorMessage: 'oops' }
    })
    expect((await call(emulator, clock, preheat({ urls: urls(1) }))).status).toBe(202)
    expect(emulator.requests.map(r => r.fault)).toEqual(['status 503', 'status 500', undefined])
  })

  it('answers malformed and wrong-shape bodies with the route success status', async () => {
    const { emulator, clock } = await setup()
    emulator.inject('CreatePreheatingAsset', 'malformed', 'wrong-shape')
    const request = buildApigRequest(
      emulator.url,
      EMULATOR_HUAWEI_CREDENTIALS,
      preheat({ urls: urls(1) }),
      formatSdkDate(clock.now())
    )
    const malformed = await sendRequest(request, { timeoutMs: 5000 })
    expect(malformed.status).toBe(202)
    expect(malformed.body).toContain('<html>')
    const shape = await sendRequest(request, { timeoutMs: 5000 })
    expect(shape.status).toBe(202)
    expect(JSON.parse(shape.body)).toEqual({ unexpected: true })
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('holds the connection on timeout and drops it on reset', async () => {
    const { emulator, clock } = await setup()
    emulator.inject('ListProjects', 'timeout', 'reset')
    const request = buildApigRequest(
      emulator.url,
      EMULATOR_HUAWEI_CREDENTIALS,
      listProjects('cn-north-4'),
      formatSdkDate(clock.now())
    )
    await expect(sendRequest(request, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'Timeout'
    })
    await expect(sendRequest(request, { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'NetworkError'
    })
  })

  it('answers unknown APIs with 404 APIGW.0101', async () => {
    const { emulator, clock } = await setup()
    const answer = await call(emulator, clock, {
      method: 'GET',
      path: `/v1.0/${PID}/asset/list`,
      projectId: PID
    })
    expect(answer).toMatchObject({ status: 404, json: { error_code: 'APIGW.0101' } })
  })
})

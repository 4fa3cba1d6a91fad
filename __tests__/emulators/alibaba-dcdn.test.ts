import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import {
  EMULATOR_CREDENTIALS,
  startDcdnEmulator,
  type DcdnEmulator,
  type DcdnEmulatorOptions
} from '../../emulators/alibaba-dcdn.js'
import { formatAcsDate, signAcs3 } from '../../src/providers/alibaba/acs3.js'
import { createDcdnClient } from '../../src/providers/alibaba/dcdn.js'
import { buildRpcRequest, type RpcCall } from '../../src/providers/alibaba/rpc.js'
import { sendRequest, type HttpRequest } from '../../src/providers/http.js'
import { ProviderError } from '../../src/providers/provider.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: DcdnEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

async function setup(options: DcdnEmulatorOptions = {}, start = Date.UTC(2026, 0, 1, 8, 0, 0)) {
  const clock = new FakeClock(start)
  const emulator = await startDcdnEmulator({ now: () => clock.now(), ...options })
  running.push(emulator)
  let nonce = 0
  const client = createDcdnClient({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    requestTimeoutMs: 5000,
    now: () => clock.now(),
    nonce: () => `nonce-${++nonce}`
  })
  return { clock, emulator, client }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof ProviderError) return err.code
    throw err
  }
  return 'accepted'
}

const urlsOn = (host: string, n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `https://${host}/file-${from + i}.js`)

const quotaCall: RpcCall = {
  action: 'DescribeDcdnRefreshQuota',
  version: '2018-01-15',
  params: {},
  placement: 'body'
}
const refreshCall: RpcCall = {
  action: 'RefreshDcdnObjectCaches',
  version: '2018-01-15',
  params: { ObjectPath: 'https://a.example.com/x', ObjectType: 'File' },
  placement: 'body'
}

/** Sends a hand-built request and returns status plus the parsed error document. */
async function raw(request: HttpRequest) {
  const res = await sendRequest(request, { timeoutMs: 5000 })
  return { status: res.status, json: JSON.parse(res.body) as Record<string, string> }
}

describe('per-request limits', () => {
  it('takes 1,000 refresh URLs and rejects 1,001 with SingleRequest.OverLimit', async () => {
    const { client } = await setup({ urlsPerHostPerMinute: 5000 })
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 1001)))).toBe(
      'SingleRequest.OverLimit'
    )
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 1000)))).toBe('accepted')
  })

  it('takes 100 prefetch URLs and rejects 101', async () => {
    const { client } = await setup()
    expect(await codeOf(client.submit('prefetch', urlsOn('a.example.com', 101)))).toBe(
      'SingleRequest.OverLimit'
    )
    expect(await codeOf(client.submit('prefetch', urlsOn('a.example.com', 100)))).toBe('accepted')
  })

  it('takes 10 distinct hosts per request and rejects 11', async () => {
    const { client } = await setup()
    const hosts = (n: number) => Array.from({ length: n }, (_, i) => `https://h${i}.example.com/x`)
    expect(await codeOf(client.submit('refresh', hosts(11)))).toBe('SingleRequest.DomainOverLimit')
    expect(await codeOf(client.submit('prefetch', hosts(11)))).toBe('SingleRequest.DomainOverLimit')
    expect(await codeOf(client.submit('refresh', hosts(10)))).toBe('accepted')
  })

  it.each([
    ['no scheme', 'a.example.com/x.js'],
    ['an ftp URL', 'ftp://a.example.com/x.js'],
    ['no host', 'https:///x.js'],
    [
      '1,025 characters',
      `https://a.example.com/${'x'.repeat(1025 - 'https://a.example.com/'.length)}`
    ]
  ])('rejects a URL with %s as InvalidObjectPath.Malformed', async (_name, url) => {
    const { client, emulator } = await setup()
    expect(await codeOf(client.submit('refresh', ['https://a.example.com/ok', url]))).toBe(
      'InvalidObjectPath.Malformed'
    )
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('accepts a URL of exactly 1,024 characters', async () => {
    const { client } = await setup()
    const url = `https://a.example.com/${'x'.repeat(1024 - 'https://a.example.com/'.length)}`
    expect(url).toHaveLength(1024)
    expect(await codeOf(client.submit('refresh', [url]))).toBe('accepted')
  })

  it('answers MissingParameter when ObjectPath is absent', async () => {
    const { client, emulator } = await setup({ paramsInBody: false })
    await client.submit('refresh', ['https://a.example.com/x'])
    expect(emulator.requests[0]).toMatchObject({ status: 400, code: 'MissingParameter' })
  })
})

describe('rate and quota', () => {
  it('limits each host to 1,000 refreshed URLs per rolling minute', async () => {
    const { client, clock, emulator } = await setup()
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 600)))).toBe('accepted')
    clock.advance(30_000)
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 500)))).toBe(
      'QuotaPerMinuteExceeded.Refresh'
    )
    expect(await codeOf(client.submit('refresh', urlsOn('b.example.com', 500)))).toBe('accepted')
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 400)))).toBe('accepted')
    clock.advance(29_999)
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 1)))).toBe(
      'QuotaPerMinuteExceeded.Refresh'
    )
    clock.advance(1) // the first 600 leave the window
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 600)))).toBe('accepted')
    expect(emulator.remaining('Url')).toBe(10_000 - 2100)
  })

  it('honours a raised per-minute limit', async () => {
    const { client } = await setup({ urlsPerHostPerMinute: 10_000 })
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 1000, i * 1000)))).toBe(
        'accepted'
      )
    }
  })

  it('rejects a refresh that exceeds the daily quota as a whole', async () => {
    const { client, emulator } = await setup({ quotas: { UrlQuota: 100, UrlRemain: 5 } })
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 6)))).toBe(
      'QuotaExceeded.Refresh'
    )
    expect(emulator.remaining('Url')).toBe(5)
    expect(await codeOf(client.submit('refresh', urlsOn('a.example.com', 5)))).toBe('accepted')
    expect(emulator.remaining('Url')).toBe(0)
  })

  it('uses QuotaExceeded.Preload by default and the configured code otherwise', async () => {
    const first = await setup({ quotas: { PreloadRemain: 1 } })
    expect(await codeOf(first.client.submit('prefetch', urlsOn('a.example.com', 2)))).toBe(
      'QuotaExceeded.Preload'
    )
    const second = await setup({
      quotas: { PreloadRemain: 1 },
      preloadQuotaErrorCode: 'QuotaExceeded.Refresh'
    })
    expect(await codeOf(second.client.submit('prefetch', urlsOn('a.example.com', 2)))).toBe(
      'QuotaExceeded.Refresh'
    )
  })

  it('restores the daily quota at midnight China time by its own clock', async () => {
    // 15:59 UTC is 23:59 in UTC+8.
    const { client, clock, emulator } = await setup(
      { quotas: { UrlQuota: 10, PreloadQuota: 3 } },
      Date.UTC(2026, 0, 1, 15, 59, 0)
    )
    await client.submit('refresh', urlsOn('a.example.com', 10))
    await client.submit('prefetch', urlsOn('a.example.com', 3))
    clock.advance(59_000)
    expect((await client.readQuota())?.remaining).toEqual({ refresh: 0, prefetch: 0 })
    clock.advance(1_000)
    expect(emulator.remaining('Url')).toBe(10)
    expect((await client.readQuota())?.remaining).toEqual({ refresh: 10, prefetch: 3 })
    expect(await codeOf(client.submit('refresh', urlsOn('b.example.com', 10)))).toBe('accepted')
    expect(emulator.state.day).toBe(Math.floor((clock.now() + 8 * 3_600_000) / 86_400_000))
  })

  it('follows a configured UTC offset for the day boundary', async () => {
    const { client, clock } = await setup(
      { quotas: { UrlQuota: 1 }, utcOffsetMinutes: 0 },
      Date.UTC(2026, 0, 1, 16, 0, 0)
    )
    await client.submit('refresh', urlsOn('a.example.com', 1))
    clock.advance(7 * 3_600_000) // 23:00 UTC: same UTC day
    expect((await client.readQuota())?.remaining.refresh).toBe(0)
    clock.advance(3_600_000)
    expect((await client.readQuota())?.remaining.refresh).toBe(1)
  })

  it('reports every quota field as a numeric string', async () => {
    const { emulator } = await setup({ quotas: { UrlQuota: 2000, UrlRemain: 1999, BlockQuota: 5 } })
    const res = await raw(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        quotaCall,
        formatAcsDate(Date.UTC(2026, 0, 1, 8)),
        'n1'
      )
    )
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      UrlQuota: '2000',
      UrlRemain: '1999',
      DirQuota: '100',
      DirRemain: '100',
      PreloadQuota: '1000',
      RegexQuota: '20',
      IgnoreParamsQuota: '100',
      BlockQuota: '5',
      BlockRemain: '5'
    })
    expect(res.json.RequestId).toBeDefined()
  })
})

describe('request verification', () => {
  const date = formatAcsDate(Date.UTC(2026, 0, 1, 8, 0, 0))

  it('answers a bad signature with HTTP 400 SignatureDoesNotMatch and the Alibaba error document', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(
      emulator.url,
      { ...EMULATOR_CREDENTIALS, accessKeySecret: 'not-the-secret' },
      refreshCall,
      date,
      'n1'
    )
    const res = await raw(request)
    expect(res.status).toBe(400)
    expect(Object.keys(res.json).sort()).toEqual([
      'Code',
      'HostId',
      'Message',
      'Recommend',
      'RequestId'
    ])
    expect(res.json.Code).toBe('SignatureDoesNotMatch')
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('rejects a signed header changed after signing', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, quotaCall, date, 'n1')
    request.headers['x-acs-action'] = 'RefreshDcdnObjectCaches'
    expect((await raw(request)).json.Code).toBe('SignatureDoesNotMatch')
  })

  it('rejects a query parameter changed after signing', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(
      emulator.url,
      EMULATOR_CREDENTIALS,
      { ...refreshCall, placement: 'query' },
      date,
      'n1'
    )
    request.url = request.url.replace('%2Fx', '%2Fy')
    expect((await raw(request)).json.Code).toBe('SignatureDoesNotMatch')
  })

  it('rejects a body that does not match x-acs-content-sha256', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, refreshCall, date, 'n1')
    request.body = `${request.body ?? ''}%0Ahttps%3A%2F%2Fevil.example.com%2F`
    expect((await raw(request)).json.Code).toBe('InvalidParameter.ContentSha256')
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('rejects a request without a (well-formed) Authorization or with unsigned x-acs headers', async () => {
    const { emulator } = await setup()
    const missing = buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, quotaCall, date, 'n1')
    delete missing.headers.authorization
    expect((await raw(missing)).json.Code).toBe('IncompleteSignature')

    const extra = buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, quotaCall, date, 'n2')
    extra.headers['x-acs-extra'] = 'unsigned'
    expect((await raw(extra)).json.Code).toBe('IncompleteSignature')
  })

  it('answers an unknown AccessKey with HTTP 404 InvalidAccessKeyId.NotFound', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(
      emulator.url,
      { ...EMULATOR_CREDENTIALS, accessKeyId: 'LTAIother' },
      quotaCall,
      date,
      'n1'
    )
    const res = await raw(request)
    expect(res.status).toBe(404)
    expect(res.json.Code).toBe('InvalidAccessKeyId.NotFound')
  })

  it('accepts x-acs-date within 15 minutes of its clock and rejects older or newer ones', async () => {
    const { emulator } = await setup()
    const at = (offsetMs: number, nonce: string) =>
      raw(
        buildRpcRequest(
          emulator.url,
          EMULATOR_CREDENTIALS,
          quotaCall,
          formatAcsDate(Date.UTC(2026, 0, 1, 8) + offsetMs),
          nonce
        )
      )
    expect((await at(-15 * 60_000, 'a')).status).toBe(200)
    expect((await at(15 * 60_000, 'b')).status).toBe(200)
    expect((await at(-15 * 60_000 - 1000, 'c')).json.Code).toBe('InvalidTimeStamp.Expired')
    expect((await at(16 * 60_000, 'd')).json.Code).toBe('InvalidTimeStamp.Expired')
  })

  it('rejects a reused nonce with SignatureNonceUsed and forgets nonces after 30 minutes', async () => {
    const { emulator, clock } = await setup()
    const send = () =>
      raw(
        buildRpcRequest(
          emulator.url,
          EMULATOR_CREDENTIALS,
          quotaCall,
          formatAcsDate(clock.now()),
          'same'
        )
      )
    expect((await send()).status).toBe(200)
    expect((await send()).json.Code).toBe('SignatureNonceUsed')
    clock.advance(30 * 60_000 + 1)
    expect((await send()).status).toBe(200)
  })

  it('rejects a wrong API version and an unknown action', async () => {
    const { emulator } = await setup()
    const version = await raw(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        { ...quotaCall, version: '2014-11-11' },
        date,
        'n1'
      )
    )
    expect(version.json.Code).toBe('InvalidVersion')
    const action = await raw(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        { ...quotaCall, action: 'DeleteDcdnDomain' },
        date,
        'n2'
      )
    )
    expect(action).toMatchObject({ status: 404, json: { Code: 'InvalidAction.NotFound' } })
  })

  it('rejects parameters it cannot accept', async () => {
    const { emulator } = await setup()
    const send = (call: RpcCall, nonce: string) =>
      raw(buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, call, date, nonce))
    const area = await send(
      {
        ...refreshCall,
        action: 'PreloadDcdnObjectCaches',
        params: { ObjectPath: 'https://a.example.com/x', Area: 'mars' }
      },
      'n1'
    )
    expect(area.json.Code).toBe('InvalidArea')
    const type = await send(
      { ...refreshCall, params: { ObjectPath: 'https://a.example.com/', ObjectType: 'Folder' } },
      'n2'
    )
    expect(type.json.Code).toBe('InvalidObjectType.Malformed')
    const encoding = buildRpcRequest(emulator.url, EMULATOR_CREDENTIALS, quotaCall, date, 'n3')
    encoding.url = `${encoding.url}?a=%ZZ`
    expect(await raw(encoding)).toMatchObject({ status: 400, json: { Code: 'InvalidParameter' } })
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('checks signatures independently of the project signer', async () => {
    // A request signed by hand with a deliberately different (but valid) header order and case.
    const { emulator } = await setup()
    const host = new URL(emulator.url).host
    const headers: Record<string, string> = {
      'X-Acs-Version': '2018-01-15',
      'x-acs-signature-nonce': 'manual',
      'X-ACS-DATE': date,
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-acs-action': 'DescribeDcdnRefreshQuota',
      Host: host
    }
    const signed = signAcs3({
      method: 'POST',
      path: '/',
      query: {},
      headers,
      payloadHash: headers['x-acs-content-sha256'] ?? '',
      ...EMULATOR_CREDENTIALS
    })
    const res = await raw({
      method: 'POST',
      url: `${emulator.url}/`,
      headers: { ...headers, Authorization: signed.authorization }
    })
    expect(res.status).toBe(200)
  })
})

describe('records and faults', () => {
  it('records every request with secrets redacted, and every accepted task', async () => {
    const { client, emulator } = await setup()
    await client.submit('refresh', ['https://A.example.com/x', 'https://b.example.com/y'])
    await codeOf(client.submit('refresh', ['ftp://bad']))
    expect(emulator.requests).toHaveLength(2)
    expect(emulator.requests[0]).toMatchObject({
      action: 'RefreshDcdnObjectCaches',
      method: 'POST',
      path: '/',
      status: 200,
      paramsIn: 'body',
      body: { ObjectType: 'File' }
    })
    expect(emulator.requests[0]?.headers.authorization).toMatch(/Signature=\[REDACTED\]$/)
    expect(emulator.requests[1]).toMatchObject({ status: 400, code: 'InvalidObjectPath.Malformed' })
    expect(emulator.state.tasks).toEqual([
      expect.objectContaining({
        action: 'RefreshDcdnObjectCaches',
        taskId: '1000001',
        host: 'a.example.com',
        urls: ['https://A.example.com/x']
      }),
      expect.objectContaining({
        taskId: '1000002',
        host: 'b.example.com',
        urls: ['https://b.example.com/y']
      })
    ])
  })

  it('applies queued faults in order, per action, then behaves normally', async () => {
    const { client, emulator } = await setup()
    emulator.inject(
      'RefreshDcdnObjectCaches',
      { status: 503, code: 'ServiceUnavailable' },
      { status: 429 }
    )
    emulator.inject('*', { status: 400, code: 'Throttling.User' })
    expect(await codeOf(client.readQuota())).toBe('Throttling.User')
    expect(await codeOf(client.submit('refresh', ['https://a.example.com/x']))).toBe(
      'ServiceUnavailable'
    )
    expect(await codeOf(client.submit('refresh', ['https://a.example.com/x']))).toBe('HTTP429')
    expect(await codeOf(client.submit('refresh', ['https://a.example.com/x']))).toBe('accepted')
    expect(emulator.requests.map(r => r.fault)).toEqual([
      'status 400',
      'status 503',
      'status 429',
      undefined
    ])
  })

  it('sends fault headers such as Retry-After', async () => {
    const { emulator } = await setup()
    emulator.inject('*', {
      status: 429,
      headers: { 'retry-after': '3', 'x-acs-retry-after': '3000' }
    })
    const res = await sendRequest(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        quotaCall,
        formatAcsDate(Date.UTC(2026, 0, 1, 8)),
        'n'
      ),
      { timeoutMs: 5000 }
    )
    expect(res.headers['retry-after']).toBe('3')
    expect(res.headers['x-acs-retry-after']).toBe('3000')
  })

  it('closes promptly while a timeout fault holds a connection open', async () => {
    const { client, emulator } = await setup()
    emulator.inject('*', 'timeout')
    const pending = codeOf(client.readQuota())
    while (emulator.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 5))
    const started = Date.now()
    await emulator.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toBe('NetworkError')
    await emulator.close() // idempotent
  })

  it('serves a child process while running inside the test process', async () => {
    const { emulator } = await setup()
    const script = `fetch(process.argv[1], { method: 'POST' }).then(async r => console.log(r.status, (await r.json()).Code))`
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, emulator.url])
    expect(stdout.trim()).toBe('400 IncompleteSignature')
  })
})

describe('refresh object types', () => {
  const date = formatAcsDate(Date.UTC(2026, 0, 1, 8, 0, 0))
  let n = 0
  async function refresh(
    emulator: DcdnEmulator,
    params: Record<string, string>,
    action = 'RefreshDcdnObjectCaches'
  ) {
    return raw(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        { ...refreshCall, action, params },
        date,
        `types-${++n}`
      )
    )
  }
  const dirs = (n: number) => Array.from({ length: n }, (_, i) => `https://a.example.com/d${i}/`)

  it('refreshes Directory (100 a request, Dir quota) and IgnoreParams (IgnoreParams quota)', async () => {
    const { emulator } = await setup({ quotas: { DirQuota: 150 } })
    const over = await refresh(emulator, {
      ObjectPath: dirs(101).join('\n'),
      ObjectType: 'Directory'
    })
    expect(over.json.Code).toBe('SingleRequest.OverLimit')
    const ok = await refresh(emulator, {
      ObjectPath: dirs(100).join('\n'),
      ObjectType: 'Directory',
      Force: 'true'
    })
    expect(ok.status).toBe(200)
    expect(emulator.remaining('Dir')).toBe(50)
    expect(emulator.remaining('Url')).toBe(10_000)
    expect(emulator.state.tasks[0]).toMatchObject({ objectType: 'Directory', force: true })

    await refresh(emulator, {
      ObjectPath: 'https://a.example.com/x.js',
      ObjectType: 'IgnoreParams'
    })
    expect(emulator.remaining('IgnoreParams')).toBe(99)
    await refresh(emulator, {
      ObjectPath: 'https://a.example.com/img/.*\\.png',
      ObjectType: 'Regex'
    })
    expect(emulator.remaining('Regex')).toBe(19)
    expect(emulator.state.tasks.map(t => t.objectType)).toEqual([
      'Directory',
      'IgnoreParams',
      'Regex'
    ])
  })

  it('answers an exhausted directory or ignore-params quota with QuotaExceeded.Refresh', async () => {
    const { emulator } = await setup({ quotas: { DirRemain: 1, IgnoreParamsRemain: 0 } })
    expect(
      (await refresh(emulator, { ObjectPath: dirs(2).join('\n'), ObjectType: 'Directory' })).json
        .Code
    ).toBe('QuotaExceeded.Refresh')
    expect(
      (
        await refresh(emulator, {
          ObjectPath: 'https://a.example.com/x',
          ObjectType: 'IgnoreParams'
        })
      ).json.Code
    ).toBe('QuotaExceeded.Refresh')
    expect(emulator.remaining('Dir')).toBe(1)
  })

  it('rejects a malformed Force', async () => {
    const { emulator } = await setup()
    const res = await refresh(emulator, {
      ObjectPath: dirs(1).join('\n'),
      ObjectType: 'Directory',
      Force: 'yes'
    })
    expect(res).toMatchObject({ status: 400, json: { Code: 'InvalidParameter' } })
  })
})

describe('RefreshErObjectCaches', () => {
  const date = formatAcsDate(Date.UTC(2026, 0, 1, 8, 0, 0))
  let n = 0
  async function er(emulator: DcdnEmulator, params: Record<string, string>) {
    return raw(
      buildRpcRequest(
        emulator.url,
        EMULATOR_CREDENTIALS,
        { ...refreshCall, action: 'RefreshErObjectCaches', params },
        date,
        `er-${++n}`
      )
    )
  }

  it('records RoutineId, MergeDomainName, ObjectType and Force on the accepted task', async () => {
    const { emulator } = await setup()
    const res = await er(emulator, {
      ObjectPath: 'https://a.example.com/d/',
      ObjectType: 'Directory',
      Force: 'false',
      RoutineId: 'test.mysubdomain',
      MergeDomainName: 'b.example.com,c.example.com'
    })
    expect(res.status).toBe(200)
    expect(res.json.RefreshTaskId).toBe('1000001')
    expect(emulator.state.tasks).toEqual([
      {
        action: 'RefreshErObjectCaches',
        taskId: '1000001',
        host: 'a.example.com',
        urls: ['https://a.example.com/d/'],
        objectType: 'Directory',
        force: false,
        routineId: 'test.mysubdomain',
        mergeDomainNames: ['b.example.com', 'c.example.com'],
        at: Date.UTC(2026, 0, 1, 8, 0, 0)
      }
    ])
  })

  it('requires ObjectType and takes File, Directory, IgnoreParams and Regex only', async () => {
    const { emulator } = await setup()
    expect(await er(emulator, { ObjectPath: 'https://a.example.com/x' })).toMatchObject({
      status: 400,
      json: { Code: 'MissingParameter' }
    })
    expect(
      (await er(emulator, { ObjectPath: 'https://a.example.com/x', ObjectType: 'file' })).json.Code
    ).toBe('InvalidObjectType.Malformed')
    for (const type of ['File', 'Directory', 'IgnoreParams', 'Regex']) {
      expect(
        (await er(emulator, { ObjectPath: 'https://a.example.com/x', ObjectType: type })).status
      ).toBe(200)
    }
  })

  it('rejects URLs of more than one domain with the emulator code InvalidObjectPath.DomainMismatch', async () => {
    const { emulator } = await setup()
    const res = await er(emulator, {
      ObjectPath: 'https://a.example.com/x\nhttps://b.example.com/y',
      ObjectType: 'File'
    })
    expect(res).toMatchObject({ status: 400, json: { Code: 'InvalidObjectPath.DomainMismatch' } })
    expect(
      (
        await er(emulator, {
          ObjectPath: 'https://a.example.com/x\nhttps://A.EXAMPLE.COM/y',
          ObjectType: 'File'
        })
      ).status
    ).toBe(200)
    expect(emulator.state.tasks).toHaveLength(1)
  })

  it('takes 1,000 URLs or 100 directories of up to 1,024 characters', async () => {
    const { emulator } = await setup()
    const many = (count: number, suffix = '') =>
      Array.from({ length: count }, (_, i) => `https://a.example.com/f${i}${suffix}`).join('\n')
    expect((await er(emulator, { ObjectPath: many(1001), ObjectType: 'File' })).json.Code).toBe(
      'SingleRequest.OverLimit'
    )
    expect(
      (await er(emulator, { ObjectPath: many(101, '/'), ObjectType: 'Directory' })).json.Code
    ).toBe('SingleRequest.OverLimit')
    const long = `https://a.example.com/${'x'.repeat(1025 - 'https://a.example.com/'.length)}`
    expect((await er(emulator, { ObjectPath: long, ObjectType: 'File' })).json.Code).toBe(
      'InvalidObjectPath.Malformed'
    )
    expect((await er(emulator, { ObjectPath: many(1000), ObjectType: 'File' })).status).toBe(200)
  })

  it('shares the per-domain minute window and the daily quotas with RefreshDcdnObjectCaches', async () => {
    const { emulator, client } = await setup({ quotas: { UrlQuota: 3000 } })
    await client.submit('refresh', urlsOn('a.example.com', 600))
    const res = await er(emulator, {
      ObjectPath: urlsOn('a.example.com', 401, 600).join('\n'),
      ObjectType: 'File'
    })
    expect(res.json.Code).toBe('QuotaPerMinuteExceeded.Refresh')
    expect(
      (
        await er(emulator, {
          ObjectPath: urlsOn('a.example.com', 400, 600).join('\n'),
          ObjectType: 'File'
        })
      ).status
    ).toBe(200)
    expect(emulator.remaining('Url')).toBe(2000)
  })

  it('rejects an empty RoutineId and a malformed MergeDomainName', async () => {
    const { emulator } = await setup()
    const base = { ObjectPath: 'https://a.example.com/x', ObjectType: 'File' }
    expect((await er(emulator, { ...base, RoutineId: ' ' })).json.Code).toBe('InvalidParameter')
    expect((await er(emulator, { ...base, MergeDomainName: 'a.example.com,,b' })).json.Code).toBe(
      'InvalidParameter'
    )
  })
})

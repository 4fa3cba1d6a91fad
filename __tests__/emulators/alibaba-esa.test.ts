import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_CREDENTIALS,
  startEsaEmulator,
  type EsaEmulator,
  type EsaEmulatorOptions
} from '../../emulators/alibaba-esa.js'
import {
  EMPTY_BODY_SHA256,
  canonicalQuery,
  formatAcsDate,
  signAcs3
} from '../../src/providers/alibaba/acs3.js'
import { buildRpcRequest, type RpcCall } from '../../src/providers/alibaba/rpc.js'
import { sendRequest, type HttpRequest } from '../../src/providers/http.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: EsaEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const SITE = '123456789'
const WWW = 'https://www.example.com'
const START = Date.UTC(2026, 0, 1, 8, 0, 0)

async function setup(options: EsaEmulatorOptions = {}, start = START) {
  const clock = new FakeClock(start)
  const emulator = await startEsaEmulator({ now: () => clock.now(), ...options })
  running.push(emulator)
  let n = 0
  /** Sends one signed POST (the project's signer) and returns status plus the parsed JSON. */
  const call = async (action: string, params: Record<string, string>, version = '2024-09-10') => {
    const rpc: RpcCall = { action, version, params, placement: 'body' }
    const request = buildRpcRequest(
      emulator.url,
      EMULATOR_CREDENTIALS,
      rpc,
      formatAcsDate(clock.now()),
      `nonce-${++n}`
    )
    return raw(request)
  }
  const purge = (type: string, content: unknown, extra: Record<string, string> = {}) =>
    call('PurgeCaches', {
      SiteId: SITE,
      Type: type,
      Content: typeof content === 'string' ? content : JSON.stringify(content),
      ...extra
    })
  const preload = (content: unknown, extra: Record<string, string> = {}) =>
    call('PreloadCaches', {
      SiteId: SITE,
      Content: typeof content === 'string' ? content : JSON.stringify(content),
      ...extra
    })
  const quota = (type?: string, siteId = SITE) =>
    call('GetPurgeQuota', type === undefined ? { SiteId: siteId } : { SiteId: siteId, Type: type })
  /** A GET with its parameters in the signed query string, signed by hand (the client only POSTs). */
  const get = async (action: string, query: Record<string, string>) => {
    const headers: Record<string, string> = {
      host: new URL(emulator.url).host,
      'x-acs-action': action,
      'x-acs-version': '2024-09-10',
      'x-acs-date': formatAcsDate(clock.now()),
      'x-acs-signature-nonce': `get-${++n}`,
      'x-acs-content-sha256': EMPTY_BODY_SHA256
    }
    const { authorization } = signAcs3({
      method: 'GET',
      path: '/',
      query,
      headers,
      payloadHash: EMPTY_BODY_SHA256,
      ...EMULATOR_CREDENTIALS
    })
    return raw({
      method: 'GET',
      url: `${emulator.url}/?${canonicalQuery(query)}`,
      headers: { ...headers, authorization }
    })
  }
  return { clock, emulator, call, purge, preload, quota, get }
}

async function raw(request: HttpRequest) {
  const res = await sendRequest(request, { timeoutMs: 5000 })
  return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> }
}

const urls = (n: number, host = 'www.example.com') =>
  Array.from({ length: n }, (_, i) => `https://${host}/f-${i}.js`)

describe('request verification', () => {
  it('accepts a request signed for version 2024-09-10 and rejects other versions', async () => {
    const { call } = await setup()
    expect((await call('GetPurgeQuota', { SiteId: SITE })).status).toBe(200)
    const old = await call('GetPurgeQuota', { SiteId: SITE }, '2018-01-15')
    expect(old).toMatchObject({ status: 400, json: { Code: 'InvalidVersion' } })
  })

  it('rejects a bad signature with the Alibaba error document', async () => {
    const { emulator } = await setup()
    const request = buildRpcRequest(
      emulator.url,
      { ...EMULATOR_CREDENTIALS, accessKeySecret: 'not-the-secret' },
      {
        action: 'GetPurgeQuota',
        version: '2024-09-10',
        params: { SiteId: SITE },
        placement: 'body'
      },
      formatAcsDate(START),
      'n1'
    )
    const res = await raw(request)
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      HostId: 'esa.cn-hangzhou.aliyuncs.com'
    })
    expect(String(res.json.Recommend)).toContain('product=ESA')
  })

  it('rejects a body changed after signing and an unknown action', async () => {
    const { emulator, call } = await setup()
    const request = buildRpcRequest(
      emulator.url,
      EMULATOR_CREDENTIALS,
      {
        action: 'PurgeCaches',
        version: '2024-09-10',
        params: { SiteId: SITE, Type: 'file', Content: '{"Files":["https://www.example.com/a"]}' },
        placement: 'body'
      },
      formatAcsDate(START),
      'n1'
    )
    request.body = (request.body ?? '').replace('%2Fa', '%2Fb')
    expect((await raw(request)).json.Code).toBe('InvalidParameter.ContentSha256')
    expect(await call('ListSites', {})).toMatchObject({
      status: 404,
      json: { Code: 'InvalidAction.NotFound' }
    })
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('verifies GET requests with query parameters (Describe*Tasks)', async () => {
    const { get } = await setup()
    expect((await get('DescribePurgeTasks', { SiteId: SITE })).status).toBe(200)
  })
})

describe('PurgeCaches', () => {
  it('accepts files of several hosts of the site, as strings or {Url} objects', async () => {
    const { purge, emulator } = await setup()
    const res = await purge('file', {
      Files: ['https://www.example.com/a.js', { Url: 'https://STATIC.example.com/b.css' }]
    })
    expect(res.status).toBe(200)
    expect(res.json.TaskId).toBe('159000001')
    expect(emulator.state.tasks).toEqual([
      {
        action: 'PurgeCaches',
        taskId: '159000001',
        siteId: SITE,
        type: 'file',
        urls: ['https://www.example.com/a.js', 'https://STATIC.example.com/b.css'],
        at: START
      }
    ])
  })

  it('records Force and EdgeComputePurge, and rejects a malformed boolean', async () => {
    const { purge, emulator } = await setup()
    await purge(
      'directory',
      { Directories: [`${WWW}/d/`] },
      { Force: 'true', EdgeComputePurge: 'false' }
    )
    expect(emulator.state.tasks[0]).toMatchObject({ force: true, edgeComputePurge: false })
    expect(
      (await purge('directory', { Directories: [`${WWW}/d/`] }, { Force: 'yes' })).json.Code
    ).toBe('InvalidParameter')
  })

  const purgeCases: [string, Record<string, string>, number, string][] = [
    ['a missing SiteId', { SiteId: '' }, 400, 'MissingParameter'],
    ['a non-numeric SiteId', { SiteId: 'abc' }, 400, 'InvalidParameter.SiteId'],
    ['an unknown SiteId', { SiteId: '42' }, 404, 'InvalidSite.NotFound'],
    ['a missing Type', { Type: '' }, 400, 'MissingParameter'],
    ['an unknown Type', { Type: 'File' }, 400, 'InvalidParameter.Type'],
    ['a Type the emulator does not carry out', { Type: 'hostname' }, 400, 'InvalidParameter.Type'],
    ['a missing Content', { Content: '' }, 400, 'MissingParameter'],
    ['Content that is not JSON', { Content: '{Files:' }, 400, 'InvalidParameter.Content'],
    ['Content that is an array', { Content: '["https://www.example.com/a"]' }, 400, 'InvalidParameter.Content'],
    ['Content with the wrong key', { Content: '{"Directories":["https://www.example.com/a/"]}' }, 400, 'InvalidParameter.Content'],
    ['Content with an extra key', { Content: '{"Files":["https://www.example.com/a"],"PurgeAll":true}' }, 400, 'InvalidParameter.Content'],
    ['an empty Files list', { Content: '{"Files":[]}' }, 400, 'InvalidParameter.Content'],
    ['a non-URL entry', { Content: '{"Files":["www.example.com/a"]}' }, 400, 'InvalidParameter.Content'],
    ['a number entry', { Content: '{"Files":[7]}' }, 400, 'InvalidParameter.Content'],
    ['a URL of another site', { Content: '{"Files":["https://evil.example.org/a"]}' }, 400, 'HostNotInSite']
  ] // prettier-ignore

  it.each(purgeCases)('rejects %s', async (_name, override, status, code) => {
    const { call, emulator } = await setup()
    const params: Record<string, string> = {
      SiteId: SITE,
      Type: 'file',
      Content: '{"Files":["https://www.example.com/a"]}'
    }
    for (const [k, v] of Object.entries(override)) {
      if (v === '') delete params[k]
      else params[k] = v
    }
    expect(await call('PurgeCaches', params)).toMatchObject({ status, json: { Code: code } })
    expect(emulator.state.tasks).toHaveLength(0)
  })

  it('takes 1,000 files, 100 directories and 1,000 ignoreParams URLs a request by default', async () => {
    const { purge } = await setup({
      quotas: { file: { quota: 5000 }, ignoreParams: { quota: 5000 } }
    })
    expect((await purge('file', { Files: urls(1001) })).json.Code).toBe('SingleRequest.OverLimit')
    expect((await purge('file', { Files: urls(1000) })).status).toBe(200)
    const dirs = (n: number) => urls(n).map(u => `${u}/`)
    expect((await purge('directory', { Directories: dirs(101) })).json.Code).toBe(
      'SingleRequest.OverLimit'
    )
    expect((await purge('directory', { Directories: dirs(100) })).status).toBe(200)
    expect((await purge('ignoreParams', { IgnoreParams: urls(1001) })).json.Code).toBe(
      'SingleRequest.OverLimit'
    )
    expect((await purge('ignoreParams', { IgnoreParams: urls(1000) })).status).toBe(200)
  })

  it('honours configured limits, sites and URL length', async () => {
    const { purge, preload } = await setup({
      sites: { [SITE]: ['cdn.example.net'] },
      limits: { filesPerRequest: 2, preloadPerRequest: 1, maxUrlLength: 30 }
    })
    expect((await purge('file', { Files: urls(3, 'cdn.example.net') })).json.Code).toBe(
      'SingleRequest.OverLimit'
    )
    expect((await purge('file', { Files: ['https://cdn.example.net/a'] })).status).toBe(200)
    expect((await purge('file', { Files: ['https://cdn.example.net/abcdefghij'] })).json.Code).toBe(
      'InvalidParameter.Content'
    )
    expect((await purge('file', { Files: [`${WWW}/a`] })).json.Code).toBe('HostNotInSite')
    expect((await preload(urls(2, 'cdn.example.net'))).json.Code).toBe('SingleRequest.OverLimit')
  })
})

describe('quotas', () => {
  it('answers GetPurgeQuota with strings, file by default, and counts usage per type', async () => {
    const { quota, purge } = await setup({
      quotas: { file: { quota: 50, usage: 10 }, directory: { quota30Day: 300, usage30Day: 20 } }
    })
    expect((await quota()).json).toMatchObject({
      Quota: '50',
      Usage: '10',
      Quota30Day: '0',
      Usage30Day: '0'
    })
    await purge('directory', { Directories: [`${WWW}/a/`, `${WWW}/b/`] })
    expect((await quota('directory')).json).toMatchObject({
      Quota: '100',
      Usage: '2',
      Quota30Day: '300',
      Usage30Day: '22'
    })
    expect((await quota('cachetag')).json).toMatchObject({ Quota: '100', Usage: '0' })
    expect((await quota('bogus')).json.Code).toBe('InvalidParameter.Type')
    expect((await quota('file', '42')).json.Code).toBe('InvalidSite.NotFound')
  })

  it('rejects a purge beyond the daily quota as a whole with QuotaExceeded.Purge', async () => {
    const { purge, emulator } = await setup({ quotas: { file: { quota: 10, usage: 8 } } })
    const over = await purge('file', { Files: urls(3) })
    expect(over).toMatchObject({ status: 400, json: { Code: 'QuotaExceeded.Purge' } })
    expect(emulator.remaining(SITE, 'file')).toBe(2)
    expect((await purge('file', { Files: urls(2) })).status).toBe(200)
    expect(emulator.remaining(SITE, 'file')).toBe(0)
  })

  it('enforces a configured 30-day quota and a configured error code', async () => {
    const { purge } = await setup({
      quotas: { ignoreParams: { quota: 100, quota30Day: 50, usage30Day: 49 } },
      quotaErrorCode: 'QuotaExceeded.Refresh'
    })
    expect((await purge('ignoreParams', { IgnoreParams: urls(2) })).json.Code).toBe(
      'QuotaExceeded.Refresh'
    )
    expect((await purge('ignoreParams', { IgnoreParams: urls(1) })).status).toBe(200)
  })

  it('restores daily usage at midnight China time, but not the 30-day usage', async () => {
    // 15:59 UTC is 23:59 in UTC+8.
    const { purge, preload, quota, clock, emulator } = await setup(
      { quotas: { file: { quota: 2, quota30Day: 10 } }, preloadQuota: 1 },
      Date.UTC(2026, 0, 1, 15, 59, 0)
    )
    await purge('file', { Files: urls(2) })
    await preload([`${WWW}/big.zip`])
    clock.advance(59_000)
    expect((await purge('file', { Files: urls(1) })).json.Code).toBe('QuotaExceeded.Purge')
    expect((await preload([`${WWW}/big.zip`])).json.Code).toBe('QuotaExceeded.Preload')
    clock.advance(1_000)
    expect((await quota('file')).json).toMatchObject({ Usage: '0', Usage30Day: '2' })
    expect(emulator.preloadRemaining(SITE)).toBe(1)
    expect((await purge('file', { Files: urls(2) })).status).toBe(200)
    expect(emulator.remaining(SITE, 'file')).toBe(0)
  })

  it('answers unsupported types with PurgeType.NotSupported', async () => {
    const { purge, quota } = await setup({ unsupportedTypes: ['directory'] })
    expect((await quota('directory')).json.Code).toBe('PurgeType.NotSupported')
    expect((await purge('directory', { Directories: [`${WWW}/a/`] })).json.Code).toBe(
      'PurgeType.NotSupported'
    )
    expect((await quota('file')).status).toBe(200)
  })

  it('keeps usage per site', async () => {
    const { purge, emulator } = await setup({
      sites: { [SITE]: ['www.example.com'], '987654321': ['shop.example.com'] }
    })
    await purge('file', { Files: urls(3) })
    expect(emulator.remaining(SITE, 'file')).toBe(9997)
    expect(emulator.remaining('987654321', 'file')).toBe(10_000)
  })
})

describe('PreloadCaches', () => {
  it('takes a JSON array of URLs and optional Headers', async () => {
    const { preload, emulator } = await setup()
    const res = await preload([`${WWW}/a.zip`, 'https://static.example.com/b.mp4'], {
      Headers: '{"Accept-Encoding":"br"}'
    })
    expect(res.status).toBe(200)
    expect(emulator.state.tasks[0]).toMatchObject({
      action: 'PreloadCaches',
      siteId: SITE,
      urls: [`${WWW}/a.zip`, 'https://static.example.com/b.mp4'],
      headers: { 'Accept-Encoding': 'br' }
    })
    expect(emulator.preloadRemaining(SITE)).toBe(998)
  })

  it.each([
    ['an object', '{"Files":["https://www.example.com/a"]}', 'InvalidParameter.Content'],
    ['an empty array', '[]', 'InvalidParameter.Content'],
    ['101 URLs', JSON.stringify(urls(101)), 'SingleRequest.OverLimit'],
    ['a URL of another site', '["https://evil.example.org/a"]', 'HostNotInSite']
  ])('rejects Content that is %s', async (_name, content, code) => {
    const { preload } = await setup()
    expect((await preload(content)).json.Code).toBe(code)
  })

  it('rejects Headers that are not an object of strings', async () => {
    const { preload } = await setup()
    expect((await preload([`${WWW}/a`], { Headers: '["x"]' })).json.Code).toBe(
      'InvalidParameter.Headers'
    )
    expect((await preload([`${WWW}/a`], { Headers: '{"a":1}' })).json.Code).toBe(
      'InvalidParameter.Headers'
    )
  })

  it('takes 100 URLs a request by default', async () => {
    const { preload } = await setup()
    expect((await preload(urls(100))).status).toBe(200)
  })
})

describe('Describe*Tasks', () => {
  it('lists one entry per URL, newest first, with filters and paging', async () => {
    const { purge, preload, get, clock } = await setup()
    await purge('file', { Files: [`${WWW}/a`, `${WWW}/b`] })
    clock.advance(1000)
    await purge('directory', { Directories: [`${WWW}/d/`] })
    await preload([`${WWW}/z.zip`])
    const all = await get('DescribePurgeTasks', { SiteId: SITE })
    expect(all.json).toMatchObject({ PageNumber: 1, PageSize: 20, TotalCount: 3 })
    expect(all.json.Tasks).toEqual([
      {
        TaskId: '159000002',
        Content: `${WWW}/d/`,
        Type: 'directory',
        Status: 'Complete',
        Process: '100%',
        Description: '',
        CreateTime: '2026-01-01 16:00:01'
      },
      expect.objectContaining({ TaskId: '159000001', Content: `${WWW}/a`, Type: 'file' }),
      expect.objectContaining({ TaskId: '159000001', Content: `${WWW}/b` })
    ])
    const page = await get('DescribePurgeTasks', { SiteId: SITE, PageSize: '1', PageNumber: '3' })
    expect(page.json.Tasks).toEqual([expect.objectContaining({ Content: `${WWW}/b` })])
    const byType = await get('DescribePurgeTasks', {
      SiteId: SITE,
      Type: 'file',
      Content: `${WWW}/b`
    })
    expect(byType.json.TotalCount).toBe(1)
    const preloads = await get('DescribePreloadTasks', { SiteId: SITE })
    expect(preloads.json.Tasks).toEqual([
      expect.objectContaining({ TaskId: '159000003', Content: `${WWW}/z.zip` })
    ])
    expect((await get('DescribePreloadTasks', { SiteId: SITE, PageSize: '51' })).json.Code).toBe(
      'InvalidParameter.PageSize'
    )
  })
})

describe('records and faults', () => {
  it('records requests with secrets redacted and where parameters were found', async () => {
    const { purge, emulator } = await setup()
    await purge('file', { Files: [`${WWW}/a`] })
    expect(emulator.requests[0]).toMatchObject({
      action: 'PurgeCaches',
      method: 'POST',
      path: '/',
      status: 200,
      paramsIn: 'body',
      body: { SiteId: SITE, Type: 'file' }
    })
    expect(emulator.requests[0]?.headers.authorization).toMatch(/Signature=\[REDACTED\]$/)
  })

  it('reads only the query string when told to', async () => {
    const { purge, emulator } = await setup({ paramsInBody: false })
    expect(await purge('file', { Files: [`${WWW}/a`] })).toMatchObject({
      status: 400,
      json: { Code: 'MissingParameter' }
    })
    expect(emulator.requests[0]?.paramsIn).toBe('none')
  })

  it('applies queued faults in order, per action, then behaves normally', async () => {
    const { purge, quota, emulator } = await setup()
    emulator.inject('PurgeCaches', { status: 400, code: 'TooManyRequests' }, 'wrong-shape')
    emulator.inject('*', {
      status: 503,
      code: 'ServiceUnavailable',
      headers: { 'retry-after': '1' }
    })
    expect((await quota()).json.Code).toBe('ServiceUnavailable')
    expect((await purge('file', { Files: [`${WWW}/a`] })).json.Code).toBe('TooManyRequests')
    expect((await purge('file', { Files: [`${WWW}/a`] })).json).toMatchObject({ Unexpected: true })
    expect((await purge('file', { Files: [`${WWW}/a`] })).status).toBe(200)
    expect(emulator.requests.map(r => r.fault)).toEqual([
      'status 503',
      'status 400',
      'wrong-shape',
      undefined
    ])
  })

  it('closes promptly while a timeout fault holds a connection open', async () => {
    const { quota, emulator } = await setup()
    emulator.inject('*', 'timeout')
    const pending = quota().catch(() => 'closed')
    while (emulator.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 5))
    await emulator.close()
    expect(await pending).toBe('closed')
  })
})

import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreEmulatorOptions
} from '../../emulators/gcore.js'
import { buildGcoreRequest } from '../../src/providers/gcore/client.js'
import { ProviderError } from '../../src/providers/provider.js'
import { sendRequest, type HttpRequest } from '../../src/providers/http.js'
import { thrownAsync } from '../helpers/expect-error.js'
import { FakeClock } from '../helpers/fake-clock.js'

const running: GcoreEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const RID = EMULATOR_GCORE_RESOURCE_ID
const START = Date.UTC(2026, 0, 1, 8, 0, 0)
const PURGE = `/cdn/resources/${RID}/purge`
const PREFETCH = `/cdn/resources/${RID}/prefetch`
const LIMITS = '/cdn/clients/me/limits'

async function setup(options: GcoreEmulatorOptions = {}) {
  const clock = new FakeClock(START)
  const emulator = await startGcoreEmulator({ now: () => clock.now(), ...options })
  running.push(emulator)
  return { clock, emulator }
}

interface Answer {
  status: number
  body: string
  json: unknown
  headers: Record<string, string>
}

/** Sends what the client would send for `path` and `body`, after `tamper` had its way. */
async function call(
  emulator: GcoreEmulator,
  path: string,
  body?: unknown,
  opts: { apiKey?: string; method?: 'GET' | 'POST'; tamper?: (r: HttpRequest) => void } = {}
): Promise<Answer> {
  const method = opts.method ?? (body === undefined ? 'GET' : 'POST')
  const request = buildGcoreRequest(emulator.url, opts.apiKey ?? EMULATOR_GCORE_API_KEY, {
    method,
    path,
    body
  })
  opts.tamper?.(request)
  const res = await sendRequest(request, { timeoutMs: 5000 })
  let json: unknown
  try {
    json = JSON.parse(res.body)
  } catch {
    json = undefined
  }
  return { status: res.status, body: res.body, json, headers: res.headers }
}

const paths = (n: number, prefix = '/f/'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}.bin`)
const errors = (json: unknown) => (json as { errors?: unknown }).errors

describe('authentication', () => {
  it('accepts `APIKey <key>` in any letter case and records it redacted', async () => {
    const { emulator } = await setup()
    const ok = await call(emulator, PURGE, { urls: ['/a.js'] })
    expect(ok).toMatchObject({ status: 201, body: '' })
    const lower = await call(
      emulator,
      PREFETCH,
      { paths: ['/a.js'] },
      {
        tamper: r => {
          r.headers.authorization = `apikey ${EMULATOR_GCORE_API_KEY}`
        }
      }
    )
    expect(lower.status).toBe(201)
    expect(emulator.requests.map(r => r.headers.authorization)).toEqual([
      'APIKey [REDACTED]',
      'apikey [REDACTED]'
    ])
    expect(JSON.stringify(emulator.requests)).not.toContain('emulatorTestKey')
  })

  it('answers 401 to a missing, unknown or wrongly introduced key, and accepts nothing', async () => {
    const { emulator } = await setup()
    const key = EMULATOR_GCORE_API_KEY
    const variants: [string, string | undefined, string | undefined, string][] = [
      ['missing', undefined, undefined, 'Authentication credentials were not provided.'],
      ['unknown key', 'APIKey 29841$otherKey0', 'APIKey [REDACTED]', 'Invalid token.'],
      ['Bearer', `Bearer ${key}`, 'Bearer [REDACTED]', 'Invalid token.'],
      ['no keyword', key, '[REDACTED]', 'Invalid token.'],
      ['two spaces', `APIKey  ${key}`, 'APIKey [REDACTED]', 'Invalid token.']
    ]
    for (const [name, header, recorded, detail] of variants) {
      const answer = await call(
        emulator,
        PURGE,
        { urls: ['/a.js'] },
        {
          tamper: r => {
            if (header === undefined) delete r.headers.authorization
            else r.headers.authorization = header
          }
        }
      )
      expect([name, answer.status, answer.json]).toEqual([name, 401, { detail }])
      expect([name, emulator.requests.at(-1)?.headers.authorization]).toEqual([name, recorded])
    }
    expect(JSON.stringify(emulator.requests)).not.toContain('emulatorTestKey')
    expect(emulator.state.accepted).toEqual([])
  })

  it('takes any of several keys', async () => {
    const { emulator } = await setup({ apiKeys: ['1$aaaaaaaa', '2$bbbbbbbb'] })
    expect((await call(emulator, LIMITS, undefined, { apiKey: '2$bbbbbbbb' })).status).toBe(200)
    expect((await call(emulator, LIMITS)).status).toBe(401)
  })
})

describe('routing and resources', () => {
  it('answers 404 for a resource of no account, an unknown path, and 405 for a wrong method', async () => {
    const { emulator } = await setup({ resources: { 7: { cname: 'seven.example.com' } } })
    expect((await call(emulator, '/cdn/resources/7/purge', { urls: ['/a'] })).status).toBe(201)
    const missing = await call(emulator, PURGE, { urls: ['/a'] })
    expect(missing).toMatchObject({ status: 404, json: { detail: 'Not found.' } })
    expect((await call(emulator, '/cdn/resources/abc/purge', { urls: ['/a'] })).status).toBe(404)
    expect((await call(emulator, '/cdn/resources/7/refresh', { urls: ['/a'] })).status).toBe(404)
    expect((await call(emulator, '/cdn/resources/7/purge', undefined)).status).toBe(405)
    expect((await call(emulator, LIMITS, {})).status).toBe(405)
    expect(emulator.state.accepted).toEqual([
      { at: START, resourceId: 7, cname: 'seven.example.com', type: 'purge_by_url', items: ['/a'] }
    ])
    expect(emulator.requests.map(r => [r.route, r.resourceId])).toEqual([
      ['purge', 7],
      ['purge', RID],
      ['unknown', undefined],
      ['unknown', undefined],
      ['purge', 7],
      ['limits', undefined]
    ])
  })
})

describe('purge bodies', () => {
  it.each([
    ['neither urls nor paths', {}, { paths: ['This field is required.'] }],
    ['both', { urls: ['/a'], paths: ['/b*'] }, { non_field_errors: ['Specify either "urls" or "paths", not both.'] }],
    ['urls as a string', { urls: '/a' }, { urls: ['Expected a list of items but got type "str".'] }],
    ['paths as null', { paths: null }, { paths: ['Expected a list of items but got type "NoneType".'] }],
    ['no urls', { urls: [] }, { urls: ['This list may not be empty.'] }],
    ['a url with a host', { urls: ['/ok', 'https://cdn.example.com/a', '//double/slash', 'a.js'] }, {
      urls: {
        '1': ['Enter a path without a domain, starting with "/".'],
        '3': ['Enter a path without a domain, starting with "/".']
      }
    }],
    ['blank and non-string items', { urls: ['/ok', ' ', 5] }, { urls: { '1': ['This field may not be blank.'], '2': ['Not a valid string.'] } }],
    ['a * inside a pattern', { paths: ['/a/*', '/b/*/c'] }, { paths: { '1': ['"*" is allowed only at the end of a pattern.'] } }]
  ])('rejects %s with 400 and the field errors', async (_name, body, expected) => {
    const { emulator } = await setup()
    const answer = await call(emulator, PURGE, body)
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ errors: expected })
    expect(emulator.state.accepted).toEqual([])
  }) // prettier-ignore

  it('rejects a body that is not a JSON object, or not sent as JSON', async () => {
    const { emulator } = await setup()
    const text = await call(emulator, PURGE, { urls: ['/a'] }, { tamper: r => void (r.body = '{"urls": [') })
    expect(text.status).toBe(400)
    expect((text.json as { message: string }).message).toMatch(/^JSON parse error - /)
    const list = await call(emulator, PURGE, ['/a'])
    expect(list).toMatchObject({ status: 400, json: { errors: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } } })
    const form = await call(emulator, PURGE, { urls: ['/a'] }, {
      tamper: r => void (r.headers['content-type'] = 'application/x-www-form-urlencoded')
    })
    expect(form).toMatchObject({ status: 415, json: { detail: 'Unsupported media type "application/x-www-form-urlencoded" in request.' } })
    expect(emulator.state.accepted).toEqual([])
  }) // prettier-ignore

  it('records an empty pattern list as purge_all, distinct from a pattern purge', async () => {
    const { emulator } = await setup()
    expect((await call(emulator, PURGE, { paths: [] })).status).toBe(201)
    expect((await call(emulator, PURGE, { paths: ['/img/*', '/css/'] })).status).toBe(201)
    expect(emulator.state.accepted.map(a => [a.type, a.items])).toEqual([
      ['purge_all', []],
      ['purge_by_pattern', ['/img/*', '/css/']]
    ])
  })
})

describe('prefetch bodies', () => {
  it('requires a non-empty list of non-blank paths, the leading "/" optional as documented', async () => {
    const { emulator, clock } = await setup()
    expect((await call(emulator, PREFETCH, {})).json).toEqual({ errors: { paths: ['This field is required.'] } })
    expect((await call(emulator, PREFETCH, { paths: [] })).json).toEqual({ errors: { paths: ['This list may not be empty.'] } })
    expect((await call(emulator, PREFETCH, { paths: ['/a', ''] })).json).toEqual({
      errors: { paths: { '1': ['This field may not be blank.'] } }
    })
    expect(emulator.state.accepted).toEqual([])
    expect((await call(emulator, PREFETCH, { paths: ['/test.jpg', 'test1.jpg'] })).status).toBe(201)
    expect(emulator.state.accepted).toEqual([
      { at: clock.now(), resourceId: RID, cname: 'cdn.example.com', type: 'prefetch', items: ['/test.jpg', 'test1.jpg'] }
    ])
  }) // prettier-ignore
})

describe('per-request counts', () => {
  it('takes 100 URLs, 10 patterns and 100 prefetch paths, and rejects one more with 400', async () => {
    const { emulator, clock } = await setup()
    const cases: [string, Record<string, string[]>, Record<string, string[]>][] = [
      [PURGE, { urls: paths(100) }, { urls: paths(101) }],
      [PURGE, { paths: paths(10, '/d').map(p => `${p}*`) }, { paths: paths(11, '/d').map(p => `${p}*`) }],
      [PREFETCH, { paths: paths(100) }, { paths: paths(101) }]
    ] // prettier-ignore
    for (const [path, fits, over] of cases) {
      const answer = await call(emulator, path, over)
      const [field, items] = Object.entries(over)[0] ?? []
      expect(answer).toMatchObject({ status: 400 })
      expect(errors(answer.json)).toEqual({
        [field ?? '']: [`Ensure this field has no more than ${(items?.length ?? 0) - 1} elements.`]
      })
      expect((await call(emulator, path, fits)).status).toBe(201)
      clock.advance(60_000)
    }
    expect(emulator.state.accepted.map(a => [a.type, a.items.length])).toEqual([
      ['purge_by_url', 100],
      ['purge_by_pattern', 10],
      ['prefetch', 100]
    ])
  })

  it('takes other counts from the options', async () => {
    const { emulator } = await setup({ perRequest: { purgeUrls: 3, prefetchPaths: 1 } })
    expect((await call(emulator, PURGE, { urls: paths(4) })).status).toBe(400)
    expect((await call(emulator, PURGE, { urls: paths(3) })).status).toBe(201)
    expect((await call(emulator, PREFETCH, { paths: paths(2) })).status).toBe(400)
  })
})

describe('per-minute limits', () => {
  it('allows 2 URL purges per resource per rolling minute, with Retry-After until a slot frees', async () => {
    const { emulator, clock } = await setup()
    const purge = () => call(emulator, PURGE, { urls: ['/a.js'] })
    expect((await purge()).status).toBe(201)
    clock.advance(10_000)
    expect((await purge()).status).toBe(201)
    clock.advance(10_000)
    const throttled = await purge()
    expect(throttled).toMatchObject({
      status: 429,
      headers: { 'retry-after': '40' },
      json: { detail: 'Request was throttled. Expected available in 40 seconds.' }
    })
    clock.advance(39_999)
    expect((await purge()).headers['retry-after']).toBe('1')
    clock.advance(1)
    expect((await purge()).status).toBe(201)
    // The window now holds the purges at +10 s and +60 s: the next slot frees at +70 s.
    expect((await purge()).headers['retry-after']).toBe('10')
    expect(emulator.state.accepted.map(a => a.at - START)).toEqual([0, 10_000, 60_000])
  })

  it('counts each type of each resource on its own, and only accepted requests', async () => {
    const { emulator, clock } = await setup({
      resources: { [RID]: { cname: 'a.example.com' }, 2: { cname: 'b.example.com' } }
    })
    const send = async (path: string, body: unknown) => (await call(emulator, path, body)).status
    expect(await send(PURGE, { paths: ['/x*'] })).toBe(201)
    expect(await send(PURGE, { paths: ['/y*'] })).toBe(429)
    expect(await send(PURGE, { paths: [] })).toBe(201)
    expect(await send(PURGE, { paths: [] })).toBe(429)
    expect(await send(PREFETCH, { paths: ['/big'] })).toBe(201)
    expect(await send(PREFETCH, { paths: ['/big'] })).toBe(429)
    expect(await send('/cdn/resources/2/purge', { paths: ['/x*'] })).toBe(201)
    expect(await send('/cdn/resources/2/prefetch', { paths: ['/big'] })).toBe(201)
    // Rejected requests (invalid, throttled) do not use up the window.
    expect(await send(PURGE, { urls: ['no-slash'] })).toBe(400)
    expect(await send(PURGE, { urls: ['/1'] })).toBe(201)
    expect(await send(PURGE, { urls: ['/2'] })).toBe(201)
    expect(await send(PURGE, { urls: ['/3'] })).toBe(429)
    clock.advance(60_000)
    expect(await send(PURGE, { paths: ['/y*'] })).toBe(201)
    expect(emulator.state.accepted.map(a => `${a.resourceId}:${a.type}`)).toEqual([
      `${RID}:purge_by_pattern`,
      `${RID}:purge_all`,
      `${RID}:prefetch`,
      '2:purge_by_pattern',
      '2:prefetch',
      `${RID}:purge_by_url`,
      `${RID}:purge_by_url`,
      `${RID}:purge_by_pattern`
    ])
  })

  it('takes other rates from the options and can leave Retry-After out', async () => {
    const { emulator } = await setup({ perMinute: { prefetch: 3 }, retryAfterHeader: false })
    for (let i = 0; i < 3; i++) {
      expect((await call(emulator, PREFETCH, { paths: ['/a'] })).status).toBe(201)
    }
    const throttled = await call(emulator, PREFETCH, { paths: ['/a'] })
    expect(throttled.status).toBe(429)
    expect(throttled.headers['retry-after']).toBeUndefined()
    expect(throttled.json).toEqual({
      detail: 'Request was throttled. Expected available in 60 seconds.'
    })
  })
})

describe('account limits', () => {
  it('mirrors the configured counts and rates by default, with the other documented fields', async () => {
    const { emulator } = await setup({ perRequest: { purgeUrls: 500 }, perMinute: { purge_by_url: 5 } })
    const answer = await call(emulator, LIMITS)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      id: 1,
      resources_limit: 30,
      rules_limit: 50,
      origins_in_group_limit: 10,
      secondary_hostnames_limit: 10,
      purge_max_urls_limit: 500,
      purge_pattern_limit: 10,
      prefetch_pattern_limit: 100,
      purge_by_urls_request_limit: '5/m',
      purge_request_limit: '1/m',
      prefetch_request_limit: '1/m'
    })
  }) // prettier-ignore

  it('answers configured values, drops undefined ones, and 404 when absent', async () => {
    const { emulator } = await setup({
      limits: { purge_request_limit: '1 per minute', prefetch_pattern_limit: undefined }
    })
    const json = (await call(emulator, LIMITS)).json as Record<string, unknown>
    expect(json.purge_request_limit).toBe('1 per minute')
    expect('prefetch_pattern_limit' in json).toBe(false)
    const absent = await setup({ limits: 'absent' })
    expect((await call(absent.emulator, LIMITS)).status).toBe(404)
  })
})

describe('faults', () => {
  it('applies route faults before "*" faults, in order, then answers normally', async () => {
    const { emulator } = await setup()
    emulator.inject('*', { status: 503, message: 'maintenance' })
    emulator.inject(
      'purge',
      { status: 400, code: 'paths', message: 'This field is required.' },
      { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }
    )
    const first = await call(emulator, PURGE, { urls: ['/a'] })
    expect(first).toMatchObject({ status: 400, json: { errors: { paths: ['This field is required.'] } } })
    const second = await call(emulator, PURGE, { urls: ['/a'] })
    expect(second).toMatchObject({ status: 429, body: 'slow down', headers: { 'retry-after': '7' } })
    const third = await call(emulator, LIMITS)
    expect(third).toMatchObject({ status: 503, json: { message: 'maintenance' } })
    expect((await call(emulator, PURGE, { urls: ['/a'] })).status).toBe(201)
    expect(emulator.requests.map(r => r.fault)).toEqual(['status 400', 'status 429', 'status 503', undefined])
    // Faulted requests are neither accepted nor counted: the one real purge went through.
    expect(emulator.state.accepted).toHaveLength(1)
  }) // prettier-ignore

  it('answers malformed and wrong-shape with the route’s success status', async () => {
    const { emulator } = await setup({ successStatus: 200 })
    emulator.inject('limits', 'malformed', 'wrong-shape')
    emulator.inject('prefetch', 'wrong-shape')
    expect(await call(emulator, LIMITS)).toMatchObject({ status: 200, json: undefined })
    expect((await call(emulator, LIMITS)).json).toEqual({ purge_max_urls_limit: 'many' })
    expect(await call(emulator, PREFETCH, { paths: ['/a'] })).toMatchObject({ status: 200, json: { unexpected: true } })
    expect(await call(emulator, PREFETCH, { paths: ['/a'] })).toMatchObject({ status: 200, body: '' })
    expect(emulator.state.accepted).toHaveLength(1)
  }) // prettier-ignore

  it('holds the connection on timeout and drops it on reset', async () => {
    const { emulator } = await setup()
    emulator.inject('purge', 'timeout', 'reset')
    const request = buildGcoreRequest(emulator.url, EMULATOR_GCORE_API_KEY, {
      method: 'POST',
      path: PURGE,
      body: { urls: ['/a'] }
    })
    expect(await thrownAsync(ProviderError, sendRequest(request, { timeoutMs: 200 }))).toMatchObject({
      code: 'Timeout'
    })
    expect(await thrownAsync(ProviderError, sendRequest(request, { timeoutMs: 5000 }))).toMatchObject({
      code: 'NetworkError'
    })
    expect(emulator.requests.map(r => r.fault)).toEqual(['timeout', 'reset'])
    expect(emulator.state.accepted).toEqual([])
  }) // prettier-ignore
})

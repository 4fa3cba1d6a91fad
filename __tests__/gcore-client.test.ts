import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreEmulatorOptions,
  type GcoreFault
} from '../emulators/gcore.js'
import {
  buildGcoreRequest,
  flattenGcoreErrors,
  GCORE_ENDPOINT,
  GcoreClient,
  parseRate,
  parseRateLimit,
  PREFETCH_PATHS_PER_REQUEST,
  PREFETCH_REQUESTS_PER_MINUTE,
  PURGE_PATTERN_REQUESTS_PER_MINUTE,
  PURGE_PATTERNS_PER_REQUEST,
  PURGE_URL_REQUESTS_PER_MINUTE,
  PURGE_URLS_PER_REQUEST,
  scrubApiKey,
  type GcoreClientOptions
} from '../src/providers/gcore/client.js'
import { ProviderError, type Logger } from '../src/providers/provider.js'
import { thrown, thrownAsync } from './helpers/expect-error.js'
import { FakeClock } from './helpers/fake-clock.js'

const running: GcoreEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

const KEY = EMULATOR_GCORE_API_KEY
const KEY_SECRET = KEY.slice(KEY.indexOf('$') + 1)
const RID = EMULATOR_GCORE_RESOURCE_ID

function capture(): Logger & { debugs: string[] } {
  const debugs: string[] = []
  return { debugs, debug: m => debugs.push(m), info: () => {}, warning: () => {} }
}

async function setup(
  emulatorOptions: GcoreEmulatorOptions = {},
  clientOptions: Partial<GcoreClientOptions> = {}
) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 0, 0))
  const emulator = await startGcoreEmulator({ now: () => clock.now(), ...emulatorOptions })
  running.push(emulator)
  const logger = capture()
  const client = new GcoreClient({
    endpoint: emulator.url,
    apiKey: KEY,
    resourceId: RID,
    requestTimeoutMs: 5000,
    logger,
    now: () => clock.now(),
    ...clientOptions
  })
  return { clock, emulator, client, logger }
}

const paths = (n: number, prefix = '/assets/'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}.js`)

describe('limits as data', () => {
  it('declares the documented defaults', () => {
    expect(GCORE_ENDPOINT).toBe('https://api.gcore.com')
    expect([
      PURGE_URLS_PER_REQUEST,
      PURGE_PATTERNS_PER_REQUEST,
      PREFETCH_PATHS_PER_REQUEST
    ]).toEqual([100, 10, 100])
    expect([
      PURGE_URL_REQUESTS_PER_MINUTE,
      PURGE_PATTERN_REQUESTS_PER_MINUTE,
      PREFETCH_REQUESTS_PER_MINUTE
    ]).toEqual([2, 1, 1])
  })
})

describe('parseRateLimit', () => {
  it.each([
    ['2', 2],
    ['2/m', 2],
    ['2/M', 2],
    [' 2/min ', 2],
    ['2/minute', 2],
    ['1/minutes', 1],
    ['2 / m', 2],
    ['2r/m', 2],
    ['2 per minute', 2],
    ['2 requests per minute', 2],
    ['2 requests/minute', 2],
    ['1 request a minute', 1],
    ['2 rpm', 2],
    ['120/h', 2],
    ['120/hour', 2],
    ['1/s', 60],
    ['1rps', 60],
    ['2/60s', 2],
    ['5/10s', 30],
    ['1 per 30 seconds', 2],
    ['30/h', 0.5],
    ['2880/d', 2]
  ])('reads %j as %d per minute', (text, perMinute) => {
    expect(parseRateLimit(text)).toBe(perMinute)
  })

  it.each([
    '',
    'unlimited',
    '0/m',
    '0',
    '-1/m',
    '1.5/m',
    '2/fortnight',
    '2/constructor',
    '2/ms',
    '2/0m',
    '2/m/h',
    'm/2',
    '2 per',
    '99999999999999999999/m'
  ])('returns null for %j', text => {
    expect(parseRateLimit(text)).toBeNull()
  })

  it('keeps the window of a rate, so slow rates are not lost to rounding', () => {
    expect(parseRate('120/h')).toEqual({ requests: 120, windowMs: 3_600_000 })
    expect(parseRate('5/10s')).toEqual({ requests: 5, windowMs: 10_000 })
    expect(parseRate('2')).toEqual({ requests: 2, windowMs: 60_000 })
  })
})

describe('request building', () => {
  it('sends exactly `Authorization: APIKey <key>`, JSON and Accept headers, and keeps a path prefix', () => {
    const post = buildGcoreRequest('https://proxy.example.com/gcore/', KEY, {
      method: 'POST',
      path: `/cdn/resources/${RID}/purge`,
      body: { urls: ['/a.js?v=1'] }
    })
    expect(post).toEqual({
      method: 'POST',
      url: `https://proxy.example.com/gcore/cdn/resources/${RID}/purge`,
      headers: {
        authorization: `APIKey ${KEY}`,
        accept: 'application/json',
        'content-type': 'application/json'
      },
      body: '{"urls":["/a.js?v=1"]}'
    })
    const get = buildGcoreRequest(GCORE_ENDPOINT, KEY, {
      method: 'GET',
      path: '/cdn/clients/me/limits'
    })
    expect(get.url).toBe('https://api.gcore.com/cdn/clients/me/limits')
    expect(get.headers['content-type']).toBeUndefined()
    expect(get.body).toBeUndefined()
  })

  it('tolerates a pasted `APIKey ` keyword but refuses a key with whitespace, without echoing it', () => {
    const base = { resourceId: RID, requestTimeoutMs: 1 }
    expect(() => new GcoreClient({ ...base, apiKey: `apikey ${KEY}` })).not.toThrow()
    for (const apiKey of ['', `${KEY}\n`, `${KEY} extra`, 'APIKey ']) {
      const err = thrown(RangeError, () => new GcoreClient({ ...base, apiKey }))
      expect(err.message).toContain('`api-key`')
      expect(err.message).not.toContain(KEY_SECRET)
    }
  })

  it('refuses a resource id that is not a positive integer, and a non-http endpoint', () => {
    for (const resourceId of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      const err = thrown(
        RangeError,
        () => new GcoreClient({ apiKey: KEY, resourceId, requestTimeoutMs: 1 })
      )
      expect(err.message).toContain('`resource-id`')
    }
    for (const endpoint of ['api.gcore.com', 'ftp://api.gcore.com']) {
      expect(
        () => new GcoreClient({ endpoint, apiKey: KEY, resourceId: RID, requestTimeoutMs: 1 })
      ).toThrow(RangeError)
    }
  })
})

describe('purge and prefetch', () => {
  it('sends each operation to its endpoint with its body, and accepts the empty 201', async () => {
    const { client, emulator, clock } = await setup()
    const byUrl = await client.purgeUrls(['/a.js?v=1', '/b/c d.css'])
    const byPattern = await client.purgePatterns(['/images/*'])
    const prefetched = await client.prefetch(['/video/big.mp4'])
    for (const accepted of [byUrl, byPattern, prefetched]) expect(accepted.status).toBe(201)
    expect(
      emulator.requests.map(r => [r.method, r.path, r.body, r.headers.authorization])
    ).toEqual([
      ['POST', `/cdn/resources/${RID}/purge`, { urls: ['/a.js?v=1', '/b/c d.css'] }, 'APIKey [REDACTED]'],
      ['POST', `/cdn/resources/${RID}/purge`, { paths: ['/images/*'] }, 'APIKey [REDACTED]'],
      ['POST', `/cdn/resources/${RID}/prefetch`, { paths: ['/video/big.mp4'] }, 'APIKey [REDACTED]']
    ]) // prettier-ignore
    expect(emulator.requests[0]?.headers['content-type']).toBe('application/json')
    expect(emulator.requests[0]?.headers.accept).toBe('application/json')
    expect(emulator.state.accepted).toEqual([
      { at: clock.now(), resourceId: RID, cname: 'cdn.example.com', type: 'purge_by_url', items: ['/a.js?v=1', '/b/c d.css'] },
      { at: clock.now(), resourceId: RID, cname: 'cdn.example.com', type: 'purge_by_pattern', items: ['/images/*'] },
      { at: clock.now(), resourceId: RID, cname: 'cdn.example.com', type: 'prefetch', items: ['/video/big.mp4'] }
    ]) // prettier-ignore
  })

  it('accepts any 2xx with no body or a JSON one; a body that is not JSON may have been accepted', async () => {
    const { client, emulator } = await setup()
    emulator.inject(
      '*',
      { status: 200, body: '' },
      { status: 204, body: '' },
      'wrong-shape',
      'malformed'
    )
    expect((await client.purgeUrls(['/a'])).status).toBe(200)
    expect((await client.purgePatterns(['/a*'])).status).toBe(204)
    expect((await client.prefetch(['/a'])).status).toBe(201)
    const err = await thrownAsync(ProviderError, client.purgeUrls(['/a']))
    expect(err).toMatchObject({ code: 'MalformedResponse', mayHaveBeenAccepted: true })
    expect(err.message).toMatch(/HTTP 20\d with a body that is not JSON/)
  })

  it('takes up to the per-request limit and refuses one more without sending', async () => {
    const { client, emulator } = await setup({ perMinute: { purge_by_url: 10, prefetch: 10 } })
    await client.purgeUrls(paths(100))
    await client.purgePatterns(paths(10, '/dir').map(p => `${p}/*`))
    await client.prefetch(paths(100))
    for (const call of [
      () => client.purgeUrls(paths(101)),
      () => client.purgePatterns(paths(11, '/d')),
      () => client.prefetch(paths(101))
    ]) {
      const err = await thrownAsync(ProviderError, call())
      expect(err).toMatchObject({ code: 'TooManyItems', errorClass: 'permanent' })
    }
    expect(emulator.requests).toHaveLength(3)
  })

  it('takes its per-request limits from the options', async () => {
    const { client, emulator } = await setup(
      { perRequest: { purgeUrls: 500 } },
      { maxItems: { purgeUrls: 500, prefetchPaths: 2 } }
    )
    await client.purgeUrls(paths(500))
    const err = await thrownAsync(ProviderError, client.prefetch(paths(3)))
    expect(err.message).toBe('Gcore takes at most 2 paths per prefetch request; this one has 3.')
    expect(emulator.state.accepted.map(a => a.items.length)).toEqual([500])
  })

  it('never sends an empty list: for patterns that would purge the whole resource', async () => {
    const { client, emulator } = await setup()
    const err = await thrownAsync(ProviderError, client.purgePatterns([]))
    expect(err).toMatchObject({ code: 'EmptyRequest', errorClass: 'permanent' })
    expect(err.message).toMatch(/purge the whole CDN resource/)
    for (const call of [() => client.purgeUrls([]), () => client.prefetch([])]) {
      expect(await thrownAsync(ProviderError, call())).toMatchObject({ code: 'EmptyRequest' })
    }
    expect(emulator.requests).toHaveLength(0)
  })

  it.each([
    ['a URL without the leading slash', 'purgeUrls', 'a.js', 'InvalidPath', /does not start with "\/"/],
    ['a full URL', 'purgeUrls', 'https://cdn.example.com/a.js', 'InvalidPath', /without scheme and host/],
    ['a prefetch path without the leading slash', 'prefetch', 'big.mp4', 'InvalidPath', /does not start/],
    ['a line feed', 'purgeUrls', '/a\n/b', 'InvalidPath', /control character/],
    ['a tab in a pattern', 'purgePatterns', '/a\t*', 'InvalidPath', /control character/],
    ['a line separator', 'prefetch', '/a\u2028', 'InvalidPath', /control character/],
    ['a * inside a pattern', 'purgePatterns', '/img/*/x.png', 'InvalidPattern', /only as the last character/]
  ] as const)('refuses %s before sending', async (_name, method, bad, code, message) => {
    const { client, emulator } = await setup()
    const err = await thrownAsync(ProviderError, client[method](['/ok', bad]))
    expect(err).toMatchObject({ code, errorClass: 'permanent' })
    expect(err.message).toMatch(message)
    expect(err.message).toMatch(/ 2 of 2 /)
    expect(emulator.requests).toHaveLength(0)
  }) // prettier-ignore

  it('allows * in a URL purge (a literal character there) and at the end of a pattern', async () => {
    const { client, emulator } = await setup()
    await client.purgeUrls(['/a*b.js'])
    await client.purgePatterns(['/*'])
    expect(emulator.state.accepted.map(a => a.type)).toEqual(['purge_by_url', 'purge_by_pattern'])
  })
})

describe('limits()', () => {
  it('reads the per-request counts and the rate texts', async () => {
    const { client, emulator } = await setup({
      perRequest: { purgeUrls: 1000 },
      limits: { prefetch_request_limit: '120/h' }
    })
    expect(await client.limits()).toEqual({
      purgeUrlsPerRequest: 1000,
      purgePatternsPerRequest: 10,
      prefetchPathsPerRequest: 100,
      purgeUrlRequestsPerMinute: 2,
      purgePatternRequestsPerMinute: 1,
      prefetchRequestsPerMinute: 2,
      rateTexts: { purgeByUrls: '2/m', purge: '1/m', prefetch: '120/h' }
    })
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: '/cdn/clients/me/limits' })
  })

  it('tolerates absent, null, zero and unreadable values, logging a rate it cannot read', async () => {
    const { client, logger } = await setup({
      limits: {
        purge_max_urls_limit: null,
        purge_pattern_limit: undefined,
        prefetch_pattern_limit: 0,
        purge_by_urls_request_limit: 'whenever',
        purge_request_limit: null,
        prefetch_request_limit: 3
      }
    })
    expect(await client.limits()).toMatchObject({
      purgeUrlsPerRequest: null,
      purgePatternsPerRequest: null,
      prefetchPathsPerRequest: null,
      purgeUrlRequestsPerMinute: null,
      purgePatternRequestsPerMinute: null,
      prefetchRequestsPerMinute: 3,
      rateTexts: { purgeByUrls: 'whenever', purge: null, prefetch: '3' }
    })
    expect(logger.debugs.join('\n')).toContain('purge_by_urls_request_limit "whenever"')
  })

  it('a 2xx that is not the limits document is a retryable MalformedResponse naming the field', async () => {
    const { client, emulator } = await setup()
    emulator.inject('limits', 'wrong-shape', 'malformed', { status: 200, body: '[]' })
    const shape = await thrownAsync(ProviderError, client.limits())
    expect(shape).toMatchObject({ code: 'MalformedResponse', errorClass: 'retryable', httpStatus: 200 })
    expect(shape.message).toContain('at purge_max_urls_limit')
    const html = await thrownAsync(ProviderError, client.limits())
    expect(html).toMatchObject({ code: 'MalformedResponse', errorClass: 'retryable' })
    expect(html.message).toContain('<html>')
    expect((await thrownAsync(ProviderError, client.limits())).code).toBe('MalformedResponse')
  }) // prettier-ignore

  it('an account without the limits endpoint is a permanent NotFound, not an unknown resource', async () => {
    const { client } = await setup({ limits: 'absent' })
    const err = await thrownAsync(ProviderError, client.limits())
    expect(err).toMatchObject({ code: 'NotFound', errorClass: 'permanent', httpStatus: 404 })
    expect(err.message).not.toContain('resource-id')
  })
})

describe('error classification', () => {
  const cases: [string, GcoreFault, string, string][] = [
    ['429 without a body', { status: 429, body: '' }, 'TooManyRequests', 'retryable'],
    ['408', { status: 408 }, 'HTTP408', 'retryable'],
    ['409', { status: 409, message: 'Conflict' }, 'HTTP409', 'retryable'],
    ['500 with HTML', { status: 500, body: '<html>oops</html>' }, 'HTTP500', 'retryable'],
    ['502 empty', { status: 502, body: '' }, 'HTTP502', 'retryable'],
    ['503', { status: 503, message: 'Service Unavailable' }, 'HTTP503', 'retryable'],
    ['400 field error', { status: 400, code: 'urls', message: 'Bad.' }, 'BadRequest', 'permanent'],
    ['401', { status: 401, body: '{"detail":"Invalid token."}' }, 'Unauthorized', 'auth'],
    ['403', { status: 403, body: '{"detail":"You do not have permission to perform this action."}' }, 'Forbidden', 'auth'],
    ['404 on the resource', { status: 404, body: '{"detail":"Not found."}' }, 'ResourceNotFound', 'auth'],
    ['405', { status: 405 }, 'HTTP405', 'permanent'],
    ['413', { status: 413, body: '' }, 'HTTP413', 'permanent'],
    ['a redirect', { status: 302, headers: { location: 'https://elsewhere.example/' } }, 'HTTP302', 'permanent']
  ] // prettier-ignore

  it.each(cases)('%s', async (_name, fault, code, errorClass) => {
    const { client, emulator } = await setup()
    emulator.inject('*', fault)
    const err = await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))
    expect(err).toMatchObject({
      code,
      errorClass,
      httpStatus: typeof fault === 'string' ? 201 : fault.status
    })
    expect(emulator.requests).toHaveLength(1)
  })

  it('flattens Gcore validation errors into a readable permanent message naming the items', async () => {
    const { client, emulator } = await setup()
    emulator.inject(
      '*',
      { status: 400, body: '{"errors": {"paths": ["This field is required."]}}' },
      { status: 400, body: '{"errors":{"paths":{"1":["This field may not be blank."]}}}' },
      { status: 400, body: '{"errors":{"paths":{"index":["This field may not be blank."]}}}' },
      { status: 400, body: '{"message": "JSON parse error - Expecting \',\' delimiter"}' },
      { status: 400, body: '{"errors":{"non_field_errors":["Nope."],"urls":["A.","B."]}}' },
      { status: 400, body: 'Bad Request' }
    )
    const messages: string[] = []
    for (let i = 0; i < 6; i++) {
      const err = await thrownAsync(ProviderError, client.prefetch(['/a.mp4', '/b.mp4']))
      expect(err).toMatchObject({ code: 'BadRequest', errorClass: 'permanent', httpStatus: 400 })
      messages.push(err.message)
    }
    expect(messages).toEqual([
      'Gcore refused the prefetch request. Gcore answered HTTP 400: paths: This field is required.',
      'Gcore refused the prefetch request. Gcore answered HTTP 400: paths[1] "/b.mp4": This field may not be blank.',
      'Gcore refused the prefetch request. Gcore answered HTTP 400: paths.index: This field may not be blank.',
      "Gcore refused the prefetch request. Gcore answered HTTP 400: JSON parse error - Expecting ',' delimiter",
      'Gcore refused the prefetch request. Gcore answered HTTP 400: Nope.; urls: A. B.',
      'Gcore refused the prefetch request. Gcore answered HTTP 400: a body that is not JSON: "Bad Request"'
    ])
  })

  it("words failures on Gcore's side apart from refusals, and reads odd error shapes", async () => {
    const { client, emulator } = await setup()
    emulator.inject(
      '*',
      { status: 503, body: '{"detail": "Service temporarily unavailable."}' },
      { status: 400, body: '{"message": {"urls": "Must be a list."}, "detail": ""}' }
    )
    expect((await thrownAsync(ProviderError, client.purgeUrls(['/a']))).message).toBe(
      "The purge-by-URL request failed on Gcore's side. Gcore answered HTTP 503: Service temporarily unavailable."
    )
    expect((await thrownAsync(ProviderError, client.purgeUrls(['/a']))).message).toBe(
      'Gcore refused the purge-by-URL request. Gcore answered HTTP 400: urls: Must be a list.'
    )
  })

  it('flattenGcoreErrors walks lists of objects, and names only items of the field that was sent', () => {
    expect(
      flattenGcoreErrors(
        { urls: [{}, { host: ['No.'] }], paths: { '0': ['X.'] }, count: 3 },
        { field: 'urls', items: ['/u0', '/u1'] }
      )
    ).toEqual(['urls[1].host: No.', 'paths[0]: X.', 'count: 3'])
    expect(flattenGcoreErrors('Just text.')).toEqual(['Just text.'])
  })

  it('keeps the first five issues of a long error and counts the rest', async () => {
    const { client, emulator } = await setup()
    const errors = Object.fromEntries(paths(8).map((_, i) => [String(i), ['Bad.']]))
    emulator.inject('*', { status: 400, body: JSON.stringify({ errors: { urls: errors } }) })
    const err = await thrownAsync(ProviderError, client.purgeUrls(paths(8)))
    expect(err.message).toMatch(/urls\[4\] "\/assets\/4\.js": Bad\. \(and 3 more\)$/)
    expect(err.message).not.toContain('urls[5]')
  })

  it('401: auth naming api-key and the $ pitfall, never the key', async () => {
    const wrong = '29841$wrongWrongWrong0123456789abcdef'
    const { client, logger } = await setup({}, { apiKey: wrong })
    const err = await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))
    expect(err).toMatchObject({ code: 'Unauthorized', errorClass: 'auth', httpStatus: 401 })
    expect(err.message).toContain('`api-key`')
    expect(err.message).toContain('"$"')
    expect(err.message).toContain('Invalid token.')
    for (const text of [err.message, logger.debugs.join('\n')]) {
      expect(text).not.toContain(wrong.slice(6))
      expect(text).not.toContain(KEY_SECRET)
    }
  })

  it('scrubs the key, its secret part and its URL-encoded form from echoed messages', async () => {
    const { client, emulator } = await setup()
    emulator.inject('*', {
      status: 401,
      message: `key ${KEY} / ${encodeURIComponent(KEY)} / part ${KEY_SECRET}`
    })
    const err = await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))
    expect(err.message).toContain('key [REDACTED] / [REDACTED] / part [REDACTED]')
    expect(err.message).not.toContain(KEY_SECRET)
    expect(scrubApiKey('token 29841$abcdefgh', '29841$abcdefgh')).toBe('token [REDACTED]')
    // The digits before "$" only number the token, and short values are left alone.
    expect(scrubApiKey('resource 29841', '29841$abcdefgh')).toBe('resource 29841')
    expect(scrubApiKey('abc', '1$abc')).toBe('abc')
  })

  it('403 on a resource names api-key and resource-id; 404 of an unknown resource is fatal', async () => {
    const { client, emulator } = await setup()
    emulator.inject('purge', { status: 403 })
    const forbidden = await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))
    expect(forbidden).toMatchObject({ code: 'Forbidden', errorClass: 'auth' })
    expect(forbidden.message).toContain(`the key may not access resource ${RID}`)
    expect(forbidden.message).toContain('`resource-id`')
    expect(forbidden.message).toContain('`api-key`')

    const other = await setup({}, { resourceId: 654321 })
    const missing = await thrownAsync(ProviderError, other.client.prefetch(['/a.mp4']))
    expect(missing).toMatchObject({ code: 'ResourceNotFound', errorClass: 'auth', httpStatus: 404 })
    expect(missing.message).toContain('CDN resource 654321')
    expect(missing.message).toContain('`resource-id`')
    expect(missing.message).toContain('Not found.')
  })

  it('a 403 on the limits endpoint does not blame the resource', async () => {
    const { client, emulator } = await setup()
    emulator.inject('limits', { status: 403 })
    const err = await thrownAsync(ProviderError, client.limits())
    expect(err).toMatchObject({ code: 'Forbidden', errorClass: 'auth' })
    expect(err.message).not.toContain('resource-id')
  })
})

describe('retry hints', () => {
  it('throttled by the emulator: retryable with Retry-After in seconds until a slot frees', async () => {
    const { client, clock } = await setup()
    await client.purgePatterns(['/a/*'])
    clock.advance(15_000)
    const err = await thrownAsync(ProviderError, client.purgePatterns(['/b/*']))
    expect(err).toMatchObject({
      code: 'TooManyRequests',
      errorClass: 'retryable',
      httpStatus: 429,
      retryAfterMs: 45_000
    })
    expect(err.message).toContain(`purge-by-pattern requests for CDN resource ${RID}`)
  })

  it('falls back to the wait in the throttling text when no header is sent', async () => {
    const { client, clock } = await setup({ retryAfterHeader: false })
    await client.prefetch(['/a.mp4'])
    clock.advance(50_500)
    expect(await thrownAsync(ProviderError, client.prefetch(['/a.mp4']))).toMatchObject({
      errorClass: 'retryable',
      retryAfterMs: 10_000
    })
  })

  it('prefers retry-after-ms, reads HTTP dates on the injected clock, and only on retryable errors', async () => {
    const { client, emulator, clock } = await setup()
    emulator.inject(
      '*',
      { status: 429, headers: { 'retry-after-ms': '1500.2', 'retry-after': '9' } },
      { status: 429, headers: { 'retry-after-ms': 'soon', 'retry-after': '9' } },
      { status: 503, headers: { 'retry-after': new Date(clock.now() + 30_000).toUTCString() } },
      { status: 429, body: '' },
      { status: 400, code: 'urls', headers: { 'retry-after': '60' } }
    )
    const waits: (number | undefined)[] = []
    for (let i = 0; i < 5; i++) {
      waits.push((await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))).retryAfterMs)
    }
    expect(waits).toEqual([1501, 9000, 30_000, undefined, undefined])
  })
})

describe('transport', () => {
  it('no answer within requestTimeoutMs is a retryable Timeout; a reset a NetworkError', async () => {
    const { client, emulator } = await setup({}, { requestTimeoutMs: 200 })
    emulator.inject('purge', 'timeout', 'reset')
    expect(await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))).toMatchObject({
      code: 'Timeout',
      errorClass: 'retryable'
    })
    expect(await thrownAsync(ProviderError, client.purgeUrls(['/a.js']))).toMatchObject({
      code: 'NetworkError',
      errorClass: 'retryable'
    })
  })

  it('logs requests with the key redacted', async () => {
    const { client, logger } = await setup()
    await client.purgeUrls(['/a.js'])
    const log = logger.debugs.join('\n')
    expect(log).toContain('APIKey [REDACTED]')
    expect(log).not.toContain(KEY_SECRET)
  })
})

import { describe, expect, it } from '@jest/globals'
import { officialAlibabaUtil } from '../emulators/official-alibaba-util.js'
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  EMPTY_BODY_SHA256,
  encodeForm,
  formatAcsDate,
  percentEncode,
  sha256Hex,
  signAcs3
} from '../src/providers/alibaba/acs3.js'

// The official helpers, as a second implementation to compare against.
const util = officialAlibabaUtil

describe('vector V3-A (official V3 worked example)', () => {
  const signed = signAcs3({
    method: 'POST',
    path: '/',
    query: {
      ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd',
      RegionId: 'cn-shanghai'
    },
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2023-10-26T10:22:32Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      'x-acs-content-sha256': EMPTY_BODY_SHA256
    },
    payloadHash: EMPTY_BODY_SHA256,
    accessKeyId: 'YourAccessKeyId',
    accessKeySecret: 'YourAccessKeySecret'
  })

  it('builds the canonical request byte for byte', () => {
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        'x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
      ].join('\n')
    )
  })

  it('builds the string to sign, signature and Authorization header', () => {
    expect(signed.stringToSign).toBe(
      'ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259'
    )
    expect(signed.signature).toBe(
      '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0'
    )
    expect(signed.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0'
    )
  })
})

describe('vector V3-B (derived form-body pin)', () => {
  it('encodes the DCDN form body and signs it as pinned', () => {
    const body = encodeForm({
      ObjectPath: 'https://example.com/a.txt\nhttps://example.com/b.txt',
      ObjectType: 'File'
    })
    expect(body).toBe(
      'ObjectPath=https%3A%2F%2Fexample.com%2Fa.txt%0Ahttps%3A%2F%2Fexample.com%2Fb.txt&ObjectType=File'
    )
    const payloadHash = sha256Hex(body)
    expect(payloadHash).toBe('15d312825047e98f00b540026752fdbed51ecd1cf4b0ee9385d3fd3c2165b8fa')
    const signed = signAcs3({
      method: 'POST',
      path: '/',
      query: {},
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'dcdn.aliyuncs.com',
        'x-acs-action': 'RefreshDcdnObjectCaches',
        'x-acs-content-sha256': payloadHash,
        'x-acs-date': '2024-01-01T00:00:00Z',
        'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef',
        'x-acs-version': '2018-01-15'
      },
      payloadHash,
      accessKeyId: 'YourAccessKeyId',
      accessKeySecret: 'YourAccessKeySecret'
    })
    expect(signed.signedHeaders).toBe(
      'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version'
    )
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      '269e0d2ed96eff25fc8f381f25e08f87e73f85fd6ca11dce7d520608c2f7cfde'
    )
    expect(signed.signature).toBe(
      'd9adeca99742ac2e73e13c299d00b36c73a70913cc63ea327641174edb48fa9c'
    )
  })
})

describe('percentEncode (RFC 3986)', () => {
  it.each([
    ['', ''],
    ['AZaz09-_.~', 'AZaz09-_.~'],
    [' ', '%20'],
    ['*', '%2A'],
    ['+', '%2B'],
    ['%', '%25'],
    ['\n', '%0A'],
    ['\r\n', '%0D%0A'],
    ["!'()", '%21%27%28%29'],
    ['/?#[]@&=:', '%2F%3F%23%5B%5D%40%26%3D%3A'],
    ['é', '%C3%A9'],
    ['中', '%E4%B8%AD'],
    ['😀', '%F0%9F%98%80'],
    // A lone surrogate cannot be UTF-8; it is encoded as U+FFFD instead of throwing.
    ['\ud800', '%EF%BF%BD']
  ])('%j → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected)
  })
})

describe('canonical parts', () => {
  it('sorts query names ordinally and keeps empty values as name=', () => {
    expect(canonicalQuery({ b: '2', a: '', A: 'x y' })).toBe('A=x%20y&a=&b=2')
    expect(canonicalQuery({})).toBe('')
  })

  it('selects host, content-type and x-acs-* headers, lower-cased and trimmed', () => {
    const result = canonicalHeaders({
      Host: 'h',
      'Content-Type': ' text/plain ',
      Accept: 'application/json',
      'User-Agent': 'x',
      'X-Acs-Date': 'd'
    })
    expect(result.canonical).toBe('content-type:text/plain\nhost:h\nx-acs-date:d\n')
    expect(result.signedHeaders).toBe('content-type;host;x-acs-date')
  })

  it('merges names that differ only in case like the official runtime', () => {
    expect(canonicalHeaders({ 'x-acs-TEST': 'https', 'x-acs-test': 'http' }).canonical).toBe(
      'x-acs-test:http,https\n'
    )
  })

  it('puts the method in upper case and the payload hash last', () => {
    const { canonicalRequest: text } = canonicalRequest({
      method: 'get',
      path: '/',
      query: {},
      headers: {},
      payloadHash: 'abc'
    })
    expect(text).toBe('GET\n/\n\n\n\nabc')
  })

  it('formats x-acs-date without milliseconds', () => {
    expect(formatAcsDate(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe('2024-01-02T03:04:05Z')
  })
})

// Deterministic PRNG so a failing case can be reproduced from its index.
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'
const VALUE_PIECES = [
  'a', 'Z', '9', ' ', '\n', '\r', '\t', '%', '+', '~', '*', '!', "'", '(', ')', '&', '=', '/',
  '?', '#', ':', ',', ';', '"', 'é', 'ü', '中', '文', '😀', 'https://example.com/a b.txt', '%0A'
] // prettier-ignore

function generator(seed: number) {
  const rand = mulberry32(seed)
  const int = (n: number): number => Math.floor(rand() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const name = (): string =>
    Array.from({ length: 1 + int(8) }, () => NAME_CHARS[int(NAME_CHARS.length)]).join('')
  const value = (): string => Array.from({ length: int(12) }, () => pick(VALUE_PIECES)).join('')
  const params = (max: number): Record<string, string> => {
    const out: Record<string, string> = {}
    for (let i = int(max + 1); i > 0; i--) out[name()] = value()
    return out
  }
  const randomCase = (s: string): string =>
    [...s].map(c => (rand() < 0.3 ? c.toUpperCase() : c)).join('')
  return { int, pick, name, value, params, randomCase, rand }
}

describe('differential against @alicloud/openapi-util', () => {
  it('produces the same Authorization on 400 generated requests', () => {
    const g = generator(20240101)
    for (let i = 0; i < 400; i++) {
      const query = g.params(4)
      const bodyParams = g.params(3)
      const body = g.rand() < 0.7 ? encodeForm(bodyParams) : ''
      const payloadHash = sha256Hex(body)
      const headers: Record<string, string> = {
        [g.randomCase('host')]: g.pick([
          'dcdn.aliyuncs.com',
          '127.0.0.1:8080',
          'esa.cn-hangzhou.aliyuncs.com'
        ]),
        [g.randomCase('x-acs-action')]: g.pick([
          'RefreshDcdnObjectCaches',
          'PreloadDcdnObjectCaches'
        ]),
        'x-acs-version': '2018-01-15',
        'x-acs-date': formatAcsDate(Date.UTC(2020, 0, 1) + g.int(1e10)),
        'x-acs-signature-nonce': g.name(),
        'x-acs-content-sha256': payloadHash,
        accept: 'application/json',
        'user-agent': `  ua ${g.value()}`
      }
      if (body !== '') headers['content-type'] = ' application/x-www-form-urlencoded '
      if (g.rand() < 0.3) headers['x-acs-security-token'] = `  ${g.name()}${g.name()}  `
      if (g.rand() < 0.3) headers['x-acs-accesskey-id'] = g.name()
      const method = g.pick(['POST', 'GET'])
      const accessKeyId = `LTAI${g.name()}`
      const secret = `${g.name()}${g.value()}`

      const ours = signAcs3({
        method,
        path: '/',
        query,
        headers,
        payloadHash,
        accessKeyId,
        accessKeySecret: secret
      })
      const theirs = util.getAuthorization(
        { method, pathname: '/', query, headers },
        'ACS3-HMAC-SHA256',
        payloadHash,
        accessKeyId,
        secret
      )
      if (ours.authorization !== theirs) {
        throw new Error(`case ${i} differs: ${JSON.stringify({ method, query, headers })}`)
      }
    }
  })

  it('percent-encodes like the official encoder on generated strings', () => {
    const g = generator(7)
    for (let i = 0; i < 500; i++) {
      const s = g.value()
      expect(percentEncode(s)).toBe(util.getEncodeParam(s))
    }
  })

  it('builds form bodies that decode to the same parameters as the official toForm', () => {
    const g = generator(99)
    for (let i = 0; i < 300; i++) {
      const params = g.params(5)
      const ours = encodeForm(params)
      // Node's querystring (used by toForm) leaves !'()* bare; RFC 3986 escapes them.
      const theirs = util
        .toForm(params)
        .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      expect(ours).toBe(theirs)
      expect(ours).not.toMatch(/[ +\n*]/)
      const decoded = Object.fromEntries(
        ours === ''
          ? []
          : ours.split('&').map(pair => pair.split('=').map(decodeURIComponent) as [string, string])
      )
      expect(decoded).toEqual(params)
    }
  })
})

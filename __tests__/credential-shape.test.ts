// Credential shape and endpoint checks (issue 10, point 6): errors name the input, never the secret.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import { endpointUrl, redactUrl } from '../src/input-fields.js'
import { credentialShape, readKeyPair } from '../src/providers/credentials.js'
import { ALIBABA_CREDENTIAL_ENV } from '../src/providers/alibaba/inputs.js'
import { thrown } from './helpers/expect-error.js'

const SECRET = 'h4ShapeSecret0123456789'
const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

describe('credentialShape', () => {
  it.each([
    ['a line break', `${SECRET}\n${SECRET}`, /a line break \(character 24 of 47/],
    ['a carriage return', `ab${SECRET}\rx`, /a line break/],
    ['a space', `ab ${SECRET}`, /white space \(character 3 of/],
    ['a tab', `ab\t${SECRET}`, /white space/],
    ['a no-break space', `ab\u00a0${SECRET}`, /white space/],
    ['a NUL', `ab\u0000${SECRET}`, /invisible control character/],
    ['a zero-width space', `ab\u200b${SECRET}`, /invisible control character/],
    ['an escape', `ab\u001b${SECRET}`, /invisible control character/]
  ])('rejects %s without showing the value', (_what, value, message) => {
    const e = thrown(InputError, () => credentialShape('access-key-secret', value))
    expect(e.input).toBe('access-key-secret')
    expect(e.message).toMatch(message)
    expect(e.message).toMatch(/Paste the credential alone/)
    expect(e.message).not.toContain(SECRET.slice(0, 8))
  })

  it('accepts what providers issue', () => {
    for (const v of ['LTAI5tAbCdEfGh', 'a+b/c=d', 'STS.NUxyz_-.~', '29841$abcDEF']) {
      expect(credentialShape('x', v)).toBe(v)
    }
  })
})

describe('readKeyPair', () => {
  it('checks every credential input, and names the environment variable it came from', () => {
    const bad = `${SECRET} x`
    for (const input of ['access-key-id', 'access-key-secret', 'security-token']) {
      const given = { 'access-key-id': 'AKID', 'access-key-secret': 'SECRET', [input]: bad }
      const e = thrown(InputError, () =>
        readKeyPair(reader(given), {}, ALIBABA_CREDENTIAL_ENV, true)
      )
      expect(e.input).toBe(input)
      expect(e.message).toContain(`input '${input}'`)
      expect(e.message).not.toContain(SECRET)
    }
    const e = thrown(InputError, () =>
      readKeyPair(
        reader({}),
        { ALIBABA_CLOUD_ACCESS_KEY_ID: 'AKID', ALIBABA_CLOUD_ACCESS_KEY_SECRET: bad },
        ALIBABA_CREDENTIAL_ENV,
        true
      )
    )
    expect(e.input).toBe('access-key-secret')
    expect(e.message).toContain('environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET')
    expect(e.message).not.toContain(SECRET)
  })
})

describe('endpointUrl', () => {
  const example = 'https://dcdn.aliyuncs.com'
  const error = (value: string): string =>
    thrown(InputError, () => endpointUrl('endpoint', value, example)).message

  it('accepts https and loopback http, as an origin', () => {
    expect(endpointUrl('endpoint', 'https://dcdn.aliyuncs.com/', example)).toBe(example)
    expect(endpointUrl('endpoint', 'http://127.0.0.1:8080', example)).toBe('http://127.0.0.1:8080')
    expect(endpointUrl('endpoint', 'http://[::1]:8080', example)).toBe('http://[::1]:8080')
  })

  it('gives one clear error for each problem, quoting the value without its secrets', () => {
    expect(error('http://cdn.example.com')).toMatch(
      /'http:\/\/cdn\.example\.com' must use https:\/\//
    )
    expect(error(`https://me:${SECRET}@cdn.example.com`)).toBe(
      `Input 'endpoint': 'https://[REDACTED]@cdn.example.com' contains credentials (user:password@). Remove them: pass credentials in the credential inputs, from secrets.`
    )
    expect(error(`https://cdn.example.com/?key=${SECRET}`)).toMatch(
      /'https:\/\/cdn\.example\.com\/\?\[REDACTED\]' has a query or fragment/
    )
    expect(error('https://cdn.example.com/v1')).toMatch(/has a path/)
    expect(error('cdn.example.com')).toMatch(/'cdn\.example\.com' is not a URL/)
  })

  it('never echoes credentials of a value that fails to parse, or that parses oddly', () => {
    for (const value of [
      `https://me:${SECRET}/x@cdn.example.com`,
      `https://me:${SECRET}#@cdn.example.com`,
      `me:${SECRET}@cdn.example.com`,
      `https://cdn.example.com:${SECRET}`,
      `https://cdn.example.com?${SECRET}`,
      `https://cdn.exa mple.com/?k=${SECRET}`,
      `https://cdn.example.com\n?k=${SECRET}`
    ]) {
      const message = error(value)
      if (value.includes(`:${SECRET}`) && !value.includes('@')) {
        // A port that is no port: nothing marks it as a secret, and it is not one by shape.
        continue
      }
      expect(message).not.toContain(SECRET.slice(0, 8))
    }
  })

  it('redactUrl keeps the scheme, the host and the shape', () => {
    expect(redactUrl('https://u:p@h.example.com/a?b#c')).toBe(
      'https://[REDACTED]@h.example.com/a?[REDACTED]'
    )
    expect(redactUrl('https://h.example.com/a#frag')).toBe('https://h.example.com/a#[REDACTED]')
    expect(redactUrl('x\ny')).toBe('x\\ny')
  })
})

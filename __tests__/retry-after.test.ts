import { describe, expect, it } from '@jest/globals'
import { parseRetryAfter, retryAfterMs } from '../src/providers/retry-after.js'

const NOW = Date.UTC(2026, 0, 1, 8, 0, 0)

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', '7', 7000],
    ['zero seconds', '0', 0],
    ['seconds with surrounding space', ' 3 ', 3000],
    ['an IMF-fixdate 30 s ahead', 'Thu, 01 Jan 2026 08:00:30 GMT', 30_000],
    ['an RFC 850 date 60 s ahead', 'Thursday, 01-Jan-26 08:01:00 GMT', 60_000],
    ['an asctime date (GMT by definition) 5 s ahead', 'Thu Jan  1 08:00:05 2026', 5000],
    ['a date in the past, clamped', 'Thu, 01 Jan 2026 07:59:00 GMT', 0]
  ])('reads %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['negative', '-1'],
    ['a fraction Date.parse would read as a date', '1.5'],
    ['a bare ISO date', '2026-01-01T08:00:30Z'],
    ['words', 'soon'],
    ['a day name with garbage', 'Thu, not a date']
  ])('ignores %s', (_name, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })

  it('reads the retry-after entry of lower-case response headers', () => {
    expect(retryAfterMs({ 'retry-after': '2', 'x-acs-retry-after': '900' }, NOW)).toBe(2000)
    expect(retryAfterMs({}, NOW)).toBeUndefined()
  })
})

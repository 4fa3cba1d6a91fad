// Arbitrary repository file names for the property-based tests: any Unicode (lone surrogates
// included, which git never stores: see isWellFormed), mixed with the characters URL encoding most
// often gets wrong. Paths are lists of segments, as git stores them: no empty, `.` or `..` segment,
// no `/` inside one, no NUL.
import fc from 'fast-check'

/** Fixed seed, bounded runs: the same cases every time, within a second or two. */
export const FC_OPTIONS = { seed: 20261110, numRuns: 200 } as const

const TRICKY = [
  '%',
  '%20',
  '%2F',
  '%%',
  '%zz',
  '#',
  '?',
  '&',
  '=',
  ';',
  '+',
  '\\',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\v',
  '\f',
  ' ',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u007f',
  '\u001b',
  '^',
  '`',
  '"',
  "'",
  '<',
  '>',
  '{',
  '}',
  '|',
  '[',
  ']',
  '~',
  ':',
  '@',
  '!',
  '$',
  '*',
  ',',
  '.',
  '..',
  'é',
  'e\u0301',
  '中文',
  '😀',
  '::error::',
  '::add-mask::x'
]

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.string({ unit: 'binary-ascii', maxLength: 4 }),
  fc.constantFrom(...TRICKY)
)

/** One path segment of a file git could store. */
export const segmentArb = fc
  .array(piece, { minLength: 1, maxLength: 4 })
  .map(pieces => pieces.join(''))
  .filter(s => s !== '' && s !== '.' && s !== '..' && !s.includes('/') && !s.includes('\0'))

/** A path below `public/`, as its segments. */
export const pathArb = fc.array(segmentArb, { minLength: 1, maxLength: 3 })

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether every segment is well-formed UTF-16 (a path git can hold, since it stores UTF-8). */
export function isWellFormed(segments: readonly string[]): boolean {
  return segments.every(s => !LONE_SURROGATE.test(s))
}

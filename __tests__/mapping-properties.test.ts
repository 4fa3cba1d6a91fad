// Property-based tests (issue 10) of mapping changed files to URLs: for arbitrary file names (any
// Unicode, controls, `%`, `#`, `?`, `\`, newlines), every URL parses, decodes segment by segment back
// to the file's path, holds no raw whitespace or control, is what a URL parser serialises it to,
// and cannot split a newline-separated list. Fixed seed and run count: reproducible and fast.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseRules } from '../src/rules.js'
import { mapTargets } from '../src/targets.js'
import { FC_OPTIONS, isWellFormed, pathArb } from './helpers/file-names.js'

const CASES = [
  {
    name: 'a base URL',
    rules: '- files: public/**\n  url: https://www.example.com/\n',
    base: 'https://www.example.com/'
  },
  {
    name: 'a {relative} template with strip',
    rules:
      '- files: public/**\n  url: https://static.example.com/v1/{relative}\n  strip: public/\n',
    base: 'https://static.example.com/v1/'
  }
]

/** The URLs the rules map `public/<segments>` to, one change at a time. */
function urlsFor(rules: string, segments: readonly string[]): string[] {
  const path = ['public', ...segments].join('/')
  return mapTargets([{ path, kind: 'modified' }], parseRules(rules)).targets.map(t => t.url)
}

describe.each(CASES)('mapping with $name', ({ rules, base }) => {
  it('maps every file to one URL that parses, holds only printable ASCII and is serialised as is', () => {
    fc.assert(
      fc.property(pathArb, segments => {
        const urls = urlsFor(rules, segments)
        expect(urls).toHaveLength(1)
        const url = urls[0]!
        expect(url).toMatch(/^[\x21-\x7e]+$/)
        // A URL parser (and so an HTTP client or a CDN) leaves it exactly as it is.
        expect(new URL(url).href).toBe(url)
        expect(url.startsWith(base)).toBe(true)
      }),
      FC_OPTIONS
    )
  })

  it('decodes segment by segment back to the path', () => {
    fc.assert(
      fc.property(pathArb.filter(isWellFormed), segments => {
        const url = urlsFor(rules, segments)[0]!
        const path = new URL(url).pathname.slice(new URL(base).pathname.length)
        expect(path.split('/').map(decodeURIComponent)).toEqual(segments)
      }),
      FC_OPTIONS
    )
  })

  it('never splits a newline-separated list of URLs', () => {
    fc.assert(
      fc.property(fc.array(pathArb, { minLength: 1, maxLength: 8 }), paths => {
        const urls = paths.flatMap(segments => urlsFor(rules, segments))
        // Every line break a receiving API might honour, \r\n and Unicode's included.
        expect(urls.join('\n').split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)).toEqual(urls)
      }),
      FC_OPTIONS
    )
  })
})

it('maps a lone surrogate (no git path holds one) to U+FFFD, still a valid URL', () => {
  const [url] = urlsFor(CASES[0]!.rules, ['a\ud800b'])
  expect(url).toBe('https://www.example.com/a%EF%BF%BDb')
})

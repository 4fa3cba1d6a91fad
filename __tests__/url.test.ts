import { serialize } from 'node:v8'
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import {
  directoryParts,
  encodePath,
  encodePiece,
  expandUrl,
  hostOf,
  normalizeDirectUrl,
  normalizeDirectUrls,
  parseUrlTemplate,
  pathParts,
  quote,
  type UrlTemplate
} from '../src/url.js'
import { thrown } from './helpers/expect-error.js'

function template(text: string): UrlTemplate {
  const result = parseUrlTemplate(text)
  if (!result.ok) throw new Error(`${result.problem}. ${result.fix}`)
  return result.template
}

function templateProblem(text: string): string {
  const result = parseUrlTemplate(text)
  if (result.ok) throw new Error(`${text} parsed`)
  return `${result.problem}. ${result.fix}`
}

describe('encodePiece', () => {
  // V8's serializer writes a string as it is stored: tag `"` one byte per character, `c` two.
  const oneByte = (text: string): boolean => serialize(text)[2] === 0x22

  it('encodes as encodePath does, and copies what needs no encoding', () => {
    const wide = 'x/日本/abcdefghijklmnopqrstuvwxyz.html'
    const piece = wide.slice(wide.lastIndexOf('/') + 1)
    expect(oneByte(piece)).toBe(false)
    expect(encodePiece(piece)).toBe(piece)
    expect(oneByte(encodePiece(piece))).toBe(true)
    for (const text of [
      '日本/a b',
      '[a]|b#c?d %5B é^`{}',
      'a\uD800b é',
      '\uDC00',
      '\u{1F389} 100%',
      '\n\r\t"<>\\',
      "!$&'()*+,;=:@~",
      ''
    ]) {
      expect(encodePiece(text)).toBe(encodePath(text))
      expect(oneByte(encodePiece(text))).toBe(true)
    }
    expect(encodePiece('a'.repeat(10_000))).toBe('a'.repeat(10_000))
  })
})

describe('encodePath', () => {
  it('puts right what encodeURI does differently, and lone surrogates', () => {
    expect(encodePath('[a]|b#c?d %5B é')).toBe('[a]|b%23c%3Fd%20%255B%20%C3%A9')
    expect(encodePath('a\uD800b é')).toBe('a%EF%BF%BDb%20%C3%A9')
  })

  it.each([
    ['plain/file.txt', 'plain/file.txt'],
    ['a b.txt', 'a%20b.txt'],
    ['100%.txt', '100%25.txt'],
    ['already%20encoded.txt', 'already%2520encoded.txt'],
    ['a+b.txt', 'a+b.txt'],
    ["it's.txt", "it's.txt"],
    ['say "hi".txt', 'say%20%22hi%22.txt'],
    ['tag#1.txt', 'tag%231.txt'],
    ['what?.txt', 'what%3F.txt'],
    ['back\\slash.txt', 'back%5Cslash.txt'],
    ['tab\there.txt', 'tab%09here.txt'],
    ['new\nline.txt', 'new%0Aline.txt'],
    ['cr\r.txt', 'cr%0D.txt'],
    ['nul\u0000.txt', 'nul%00.txt'],
    ['del\u007F.txt', 'del%7F.txt'],
    ['<a>`{b}`.txt', '%3Ca%3E%60%7Bb%7D%60.txt'],
    ['café.txt', 'caf%C3%A9.txt'],
    ['日本/語.txt', '%E6%97%A5%E6%9C%AC/%E8%AA%9E.txt'],
    ['emoji😀.png', 'emoji%F0%9F%98%80.png'],
    ['c1\u0085.txt', 'c1%C2%85.txt'],
    ['lone\uD800.txt', 'lone%EF%BF%BD.txt'],
    ['..txt', '..txt'],
    ['...', '...'],
    ['a..b/..c', 'a..b/..c'],
    ['a^b', 'a%5Eb'],
    ["!$&'()*+,;=:@~|[]", "!$&'()*+,;=:@~|[]"]
  ])('%j -> %j', (path, encoded) => {
    expect(encodePath(path)).toBe(encoded)
  })

  it('matches what a browser does to a typed path, except for % and \\', () => {
    // Tab, LF and CR are stripped by the URL parser, and / ? # . are delimiters or dot segments:
    // they cannot be compared this way and are covered by the table above. So is ^, which Node 20's
    // parser predates (whatwg/url#846).
    const skip = new Set(['\t', '\n', '\r', '/', '?', '#', '.', '%', '\\', '^'])
    const chars = [
      ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)),
      'é',
      '€',
      '😀'
    ]
    for (const c of chars.filter(c => !skip.has(c))) {
      const browser = new URL(`http://x/a${c}b`).pathname.slice(2, -1)
      expect([c, encodePath(c)]).toEqual([c, browser])
    }
  })

  it('uses upper-case hex', () => {
    expect(encodePath('\u00ff')).toBe('%C3%BF')
  })
})

describe('pathParts', () => {
  it.each([
    [
      'public/blog/post.en.html',
      'public/',
      {
        path: 'public/blog/post.en.html',
        relative: 'blog/post.en.html',
        dir: 'blog/',
        name: 'post.en.html',
        stem: 'post.en',
        ext: 'html'
      }
    ],
    [
      'public/index.html',
      'public/',
      {
        path: 'public/index.html',
        relative: 'index.html',
        dir: '',
        name: 'index.html',
        stem: 'index',
        ext: 'html'
      }
    ],
    [
      'public/.htaccess',
      'public/',
      {
        path: 'public/.htaccess',
        relative: '.htaccess',
        dir: '',
        name: '.htaccess',
        stem: '.htaccess',
        ext: ''
      }
    ],
    [
      'LICENSE',
      '',
      { path: 'LICENSE', relative: 'LICENSE', dir: '', name: 'LICENSE', stem: 'LICENSE', ext: '' }
    ],
    [
      'a/file.',
      '',
      { path: 'a/file.', relative: 'a/file.', dir: 'a/', name: 'file.', stem: 'file', ext: '' }
    ],
    [
      'assets/x/y.css',
      'public/',
      {
        path: 'assets/x/y.css',
        relative: 'assets/x/y.css',
        dir: 'assets/x/',
        name: 'y.css',
        stem: 'y',
        ext: 'css'
      }
    ]
  ])('%s with strip %j', (path, strip, parts) => {
    expect(pathParts(path, strip)).toEqual(parts)
  })

  it('gives the parts of the directory holding a file', () => {
    expect(directoryParts(pathParts('public/blog/index.html', 'public/'))).toEqual({
      path: 'public/blog/',
      relative: 'blog/',
      dir: 'blog/',
      name: '',
      stem: '',
      ext: ''
    })
    expect(directoryParts(pathParts('index.html', ''))).toEqual({
      path: '',
      relative: '',
      dir: '',
      name: '',
      stem: '',
      ext: ''
    })
  })
})

describe('parseUrlTemplate and expandUrl', () => {
  const parts = pathParts('public/blog/my post.en.html', 'public/')

  it('appends the encoded relative path to a base URL, adding the missing /', () => {
    for (const base of [
      'https://WWW.Example.com',
      'https://www.example.com/',
      'https://www.example.com:443'
    ]) {
      expect(expandUrl(template(base), parts)).toBe(
        'https://www.example.com/blog/my%20post.en.html'
      )
    }
    expect(expandUrl(template('http://example.com/static'), parts)).toBe(
      'http://example.com/static/blog/my%20post.en.html'
    )
    expect(template('https://Example.com:8443/x').host).toBe('example.com:8443')
  })

  it.each([
    ['https://c.example.com/{path}', 'https://c.example.com/public/blog/my%20post.en.html'],
    ['https://c.example.com/{relative}', 'https://c.example.com/blog/my%20post.en.html'],
    ['https://c.example.com/{dir}', 'https://c.example.com/blog/'],
    ['https://c.example.com/v2/{dir}{name}', 'https://c.example.com/v2/blog/my%20post.en.html'],
    ['https://c.example.com/{stem}/{ext}', 'https://c.example.com/my%20post.en/html'],
    ['https://c.example.com/{relative}?v=1', 'https://c.example.com/blog/my%20post.en.html?v=1']
  ])('expands %s', (text, url) => {
    expect(expandUrl(template(text), parts)).toBe(url)
  })

  it('normalizes like a browser: host case, default port, dot segments, literal characters', () => {
    const t = template('HTTPS://CDN.Example.com:443/a/../<v>/{stem}')
    expect(t.host).toBe('cdn.example.com')
    expect(expandUrl(t, pathParts('x/y.z', ''))).toBe('https://cdn.example.com/%3Cv%3E/y')
    // A stem of '.' is a dot segment to a browser too.
    expect(expandUrl(t, pathParts('..x', ''))).toBe('https://cdn.example.com/%3Cv%3E/')
  })

  it('skips the URL parser only where the parser would change nothing', () => {
    expect(template('https://WWW.Example.com/a').normal).toBe(true)
    expect(template('https://x.com/{relative}?v=1').normal).toBe(true)
    expect(template('https://x.com:443/{relative}').normal).toBe(false)
    expect(template('https://x.com/<v>/{relative}').normal).toBe(false)
    // A literal %2e is a dot segment once {name} is empty (an index file's directory URL).
    const t = template('https://x.com/a/%2E{name}')
    expect(t.normal).toBe(true)
    expect(expandUrl(t, pathParts('b', ''))).toBe('https://x.com/a/%2Eb')
    expect(expandUrl(t, directoryParts(pathParts('b', '')))).toBe('https://x.com/a/')
    const texts = [
      'https://x.com/',
      'https://x.com/s/{path}',
      'https://x.com/{dir}.{stem}/{ext}',
      'https://x.com/{stem}/..{ext}/%2e{name}?q=/./',
      'HTTP://X.com:80/<{name}>'
    ]
    const names = ['a', '.b', '..c', 'd.', 'e..', '...', 'f%2e', '%2E%2e.x', 'g/..h', 'i/.j/k..l']
    for (const text of texts) {
      const t = template(text)
      for (const name of names) {
        for (const parts of [pathParts(name, ''), directoryParts(pathParts(name, ''))]) {
          const raw = t.pieces
            .map(p => (typeof p === 'string' ? p : encodePath(parts[p.placeholder])))
            .join('')
          expect([text, name, expandUrl(t, parts)]).toEqual([text, name, new URL(raw).href])
        }
      }
    }
  })

  it('knows whether the URL ends with the file name', () => {
    expect(template('https://x.com/').endsWithName).toBe(true)
    expect(template('https://x.com/{name}').endsWithName).toBe(true)
    expect(template('https://x.com/{relative}').endsWithName).toBe(true)
    expect(template('https://x.com/{path}').endsWithName).toBe(true)
    expect(template('https://x.com/{stem}.htm').endsWithName).toBe(false)
    expect(template('https://x.com/{relative}?v=1').endsWithName).toBe(false)
  })

  it('never lets a file name inject controls, a query or a fragment', () => {
    const url = expandUrl(template('https://x.com/{relative}'), pathParts('a\r\nb?c#d', ''))
    expect(url).toBe('https://x.com/a%0D%0Ab%3Fc%23d')
    expect(new URL(url).search).toBe('')
    expect(new URL(url).hash).toBe('')
  })

  it.each([
    [
      'www.example.com',
      '"www.example.com" is not an absolute URL. Give a base URL such as https://www.example.com/.'
    ],
    [
      'ftp://x.com/',
      '"ftp://x.com/" is not an http(s) URL. Give a base URL such as https://www.example.com/.'
    ],
    ['https://', '"https://" is not an absolute URL. Give a base URL'],
    [
      'https://x.com/?v=1',
      '"https://x.com/?v=1" has a query or fragment, which a base URL cannot have. For a fixed query, use a template such as https://cdn.example.com/static/{relative}?v=1.'
    ],
    ['https://x.com/#top', '"https://x.com/#top" has a query or fragment'],
    [
      'https://x.com/a b/',
      '"https://x.com/a b/" contains whitespace or a control character. Percent-encode it (%20).'
    ],
    [
      'https://x.com/{nme}',
      '"https://x.com/{nme}" has an unknown placeholder {nme}. Use only {path} {relative} {dir} {name} {stem} {ext}.'
    ],
    [
      'https://x.com/{relative',
      '"https://x.com/{relative" has an unmatched { or }. Write placeholders as {name}; percent-encode a literal brace as %7B or %7D.'
    ],
    ['https://x.com/a}{name}', 'has an unmatched { or }'],
    [
      '{path}',
      '"{path}" must start with http:// or https://, a host and / before the first placeholder. Placeholders stand only in the path, e.g. https://cdn.example.com/static/{relative}.'
    ],
    [
      'https://{stem}.example.com/',
      'must start with http:// or https://, a host and / before the first placeholder'
    ],
    [
      'https://x.com{path}',
      'must start with http:// or https://, a host and / before the first placeholder'
    ],
    [
      'https://x.com/?f={name}',
      '"https://x.com/?f={name}" has a placeholder in the query. Placeholders stand only in the path'
    ],
    [
      'https://x.com/{name}#top',
      '"https://x.com/{name}#top" has a #fragment, which is never sent to the CDN. Remove the # and what follows it.'
    ],
    ['ftp://x.com/{name}', 'must start with http:// or https://'],
    ['https://a b.com/{name}', 'contains whitespace'],
    [
      'https://x%zz.com/{name}',
      '"https://x%zz.com/{name}" is not an absolute URL. Give a template such as https://cdn.example.com/static/{relative}.'
    ]
  ])('rejects %j', (text, message) => {
    expect(templateProblem(text)).toContain(message)
  })

  it('never shows credentials in its messages', () => {
    for (const text of ['https://user:s3cret@x.com/', 'https://user:s3cret@x.com/{name}']) {
      const message = templateProblem(text)
      expect(message).toContain('"https://***@x.com/')
      expect(message).toContain('must not contain user:password@')
      expect(message).not.toContain('s3cret')
    }
  })
})

describe('hostOf', () => {
  it.each([
    ['https://WWW.Example.COM/a', 'www.example.com'],
    ['https://example.com:443/a', 'example.com'],
    ['http://example.com:80/a', 'example.com'],
    ['https://example.com:8443/a', 'example.com:8443'],
    ['http://example.com:443/a', 'example.com:443'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
    ['http://[::1]:8080/', '[::1]:8080']
  ])('%s -> %s', (url, host) => {
    expect(hostOf(url)).toBe(host)
  })
})

describe('normalizeDirectUrl', () => {
  it('returns the WHATWG-normalized URL, as typed otherwise', () => {
    expect(normalizeDirectUrl('urls', 'HTTPS://Example.com:443/a%20b/é/<q>?x=1&y=%zz', 1)).toBe(
      'https://example.com/a%20b/%C3%A9/%3Cq%3E?x=1&y=%zz'
    )
  })

  it.each([
    [
      'https://x.com/a b',
      'line 3: "https://x.com/a b" contains whitespace or a control character at position 16. Percent-encode it (a space is %20) or remove it.'
    ],
    [
      'https://x.com/a\tb',
      '"https://x.com/a\\tb" contains whitespace or a control character at position 16'
    ],
    ['https://x.com/a\nb', '"https://x.com/a\\nb" contains whitespace'],
    [
      'https://x.com/a\u200Bb',
      '"https://x.com/a\\u200Bb" contains whitespace or a control character'
    ],
    ['https://x.com/\u0085', '"https://x.com/\\u0085" contains whitespace'],
    [
      'x.com/a.css',
      'line 3: "x.com/a.css" is not an absolute URL. Give an absolute URL such as https://www.example.com/a.css.'
    ],
    ['ftp://x.com/a.css', '"ftp://x.com/a.css" is not an http(s) URL'],
    [
      'https://x.com/a#top',
      'line 3: "https://x.com/a#top" has a #fragment, which is never sent to the CDN. Remove the # and what follows it.'
    ],
    ['https://x.com/a#', 'has a #fragment']
  ])('rejects %j', (value, message) => {
    const error = thrown(InputError, () => normalizeDirectUrl('prefetch-urls', value, 3))
    expect(error.input).toBe('prefetch-urls')
    expect(error.message).toContain(`Input 'prefetch-urls': `)
    expect(error.message).toContain(message)
    expect(error.message).not.toMatch(/[\r\n\t]/)
  })

  it('masks credentials in the message', () => {
    const error = thrown(InputError, () =>
      normalizeDirectUrl('urls', 'https://me:hunter2@x.com/a', 1)
    )
    expect(error.message).toBe(
      `Input 'urls': line 1: "https://***@x.com/a" must not contain user:password@. Give an absolute URL such as https://www.example.com/a.css.`
    )
  })

  it('numbers lines from 1 over a list', () => {
    expect(normalizeDirectUrls('urls', ['https://a.com/1', 'https://A.com/2'])).toEqual([
      'https://a.com/1',
      'https://a.com/2'
    ])
    expect(
      thrown(InputError, () => normalizeDirectUrls('urls', ['https://a.com/', 'nope'])).message
    ).toContain('line 2: "nope"')
  })
})

describe('quote', () => {
  it('masks userinfo, keeps an @ in the path, and makes invisible characters visible', () => {
    expect(quote('https://a@b:c@x.com/p')).toBe('"https://***@x.com/p"')
    expect(quote('https://x.com/a@b')).toBe('"https://x.com/a@b"')
    expect(quote('a\u200Bb\u2028c\u{E0001}\n')).toBe('"a\\u200Bb\\u2028c\\u{E0001}\\n"')
  })
})

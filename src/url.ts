import { InputError } from './input-error.js'

// URLs must name the cache entry visitors actually hit, so paths are encoded exactly as a browser
// encodes a typed path: the WHATWG path percent-encode set (C0 controls, space, " # < > ? ^ ` { },
// DEL and every non-ASCII code point as UTF-8 bytes), plus `%` and `\`. `^` joined the set in 2025
// (whatwg/url#846; Chrome and Firefox already sent %5E, Node 24 does, Node 20 does not). A browser
// leaves `%` and `\` alone in a typed URL, but in a file name `%` is literal (100%.txt is served at
// 100%25.txt) and `\` would become a path separator. `/` separates segments and is kept.
const NEEDS_ENCODING = /[\p{Cc} "#%<>?\\^`{}]|[^\p{ASCII}]/u
const HEX = Array.from(
  { length: 256 },
  (_, byte) => '%' + byte.toString(16).toUpperCase().padStart(2, '0')
)
// What each ASCII character becomes; `/` is kept.
const ASCII = Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code)
  return /[\p{Cc} "#%<>?\\^`{}]/u.test(c) ? HEX[code]! : c
})

// encodeURI encodes the same set except that it leaves `#` and `?` alone and encodes `[`, `]` and
// `|`: its result only needs those five put right. `%` becomes `%25`, so a `%5B` in its result can
// only be an encoded `[`.
const URI_DIFFERS = /[[\]|#?]/
const URI_FIX = /%5B|%5D|%7C|[#?]/g
const URI_FIXES: Record<string, string> = {
  '%5B': '[',
  '%5D': ']',
  '%7C': '|',
  '#': '%23',
  '?': '%3F'
}
const uriFix = (found: string): string => URI_FIXES[found]!

/**
 * Percent-encodes a repository path (or one segment of it) for a URL path; `/` is kept. A path that
 * needs no encoding is returned as it is (see encodePiece for one that must be a fresh copy).
 */
export function encodePath(path: string): string {
  return NEEDS_ENCODING.test(path) ? encodePiece(path) : path
}

function encodeEach(path: string): string {
  let out = ''
  for (let i = 0; i < path.length; i++) {
    let code = path.charCodeAt(i)
    if (code < 0x80) {
      out += ASCII[code]!
      continue
    }
    // UTF-8 bytes; a lone surrogate becomes U+FFFD, as in a browser.
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = path.charCodeAt(i + 1)
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
      } else code = 0xfffd
    }
    if (code < 0x800) out += HEX[0xc0 | (code >> 6)]! + HEX[0x80 | (code & 63)]!
    else if (code < 0x10000) {
      out += HEX[0xe0 | (code >> 12)]! + HEX[0x80 | ((code >> 6) & 63)]! + HEX[0x80 | (code & 63)]!
    } else {
      out +=
        HEX[0xf0 | (code >> 18)]! +
        HEX[0x80 | ((code >> 12) & 63)]! +
        HEX[0x80 | ((code >> 6) & 63)]! +
        HEX[0x80 | (code & 63)]!
    }
  }
  return out
}

/**
 * Encodes as encodePath does, into a string always stored one byte per character, for a piece cut
 * from a longer string: a piece that needs no encoding would otherwise be the slice itself, and V8
 * stores a slice of a string holding any character above U+00FF (a path with `日本語` in it, or a
 * whole `git diff -z` output read as one string) two bytes per character: every URL concatenated
 * from it would be too, doubling its memory and slowing its hashing although the URL is ASCII.
 * encodeURI always returns a new one-byte string (its output is ASCII), natively and faster than
 * testing the piece first.
 */
export function encodePiece(piece: string): string {
  let encoded: string
  try {
    // Native, and one flat string where the loop below builds one piece per character.
    encoded = encodeURI(piece)
  } catch {
    // A lone surrogate: the loop writes U+FFFD for it, as a browser does.
    return encodeEach(piece)
  }
  return URI_DIFFERS.test(piece) ? encoded.replace(URI_FIX, uriFix) : encoded
}

export const PLACEHOLDERS = ['path', 'relative', 'dir', 'name', 'stem', 'ext'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

/**
 * The pieces of one changed file a URL template can use, not yet encoded. For
 * `public/blog/post.en.html` with strip `public/`:
 * - path: the repository path as stored in git (`public/blog/post.en.html`)
 * - relative: path without the strip prefix (`blog/post.en.html`); the whole path when it does not
 *   start with the prefix
 * - dir: relative up to and including its last `/` (`blog/`); empty at the top level
 * - name: the last path segment (`post.en.html`)
 * - stem: name before its last `.` (`post.en`); the whole name when it has no `.` or only a leading
 *   one (`.htaccess`)
 * - ext: name after its last `.`, without the dot (`html`); empty when stem is the whole name
 */
export type PathParts = Record<Placeholder, string>

export function pathParts(path: string, strip: string): PathParts {
  const relative = strip !== '' && path.startsWith(strip) ? path.slice(strip.length) : path
  const dir = relative.slice(0, relative.lastIndexOf('/') + 1)
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  const stem = dot > 0 ? name.slice(0, dot) : name
  const ext = dot > 0 ? name.slice(dot + 1) : ''
  return { path, relative, dir, name, stem, ext }
}

/** The parts of the directory holding a file: what an index document's directory URL expands. */
export function directoryParts(file: PathParts): PathParts {
  const path = file.path.slice(0, file.path.length - file.name.length)
  return { path, relative: file.dir, dir: file.dir, name: '', stem: '', ext: '' }
}

export type TemplatePiece = string | { placeholder: Placeholder }

/** A compiled `url` of a rule. A base URL is the template `<base>{relative}`. */
export interface UrlTemplate {
  pieces: readonly TemplatePiece[]
  /** Host of every URL it makes (placeholders only ever stand in the path). */
  host: string
  /** Whether every URL it makes ends with the file name, so an index file can drop it. */
  endsWithName: boolean
  /** Whether its literal text is already WHATWG-normal, so expansions skip the URL parser. */
  normal: boolean
}

export type UrlTemplateResult =
  { ok: true; template: UrlTemplate } | { ok: false; problem: string; fix: string }

const PLACEHOLDER = /\{([^{}]*)\}/g
const TEMPLATE_PREFIX = /^https?:\/\/[^/?#\\]+\//i
const EXAMPLE_TEMPLATE = 'https://cdn.example.com/static/{relative}'
const FRAGMENT_FIX = 'Remove the # and what follows it.'

/** A value for a message: quoted, invisible characters escaped, a URL's `user:password@` masked. */
export function quote(text: string): string {
  return JSON.stringify(text.replace(/^([a-z][a-z0-9+.-]*:[/\\]*)[^/?#\\]*@/i, '$1***@')).replace(
    /[\u007F-\u009F\u2028\u2029\p{Cf}]/gu,
    c => {
      const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase()
      return hex.length > 4 ? `\\u{${hex}}` : '\\u' + hex.padStart(4, '0')
    }
  )
}

/** Parses a rule's `url`: a base URL, or a template when it holds `{...}` placeholders. */
export function parseUrlTemplate(text: string): UrlTemplateResult {
  const shown = quote(text)
  const fail = (problem: string, fix: string): UrlTemplateResult => ({ ok: false, problem, fix })
  if (/[\s\p{Cc}]/u.test(text)) {
    return fail(`${shown} contains whitespace or a control character`, 'Percent-encode it (%20).')
  }
  const pieces: TemplatePiece[] = []
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? ''
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      return fail(
        `${shown} has an unknown placeholder {${name}}`,
        `Use only ${PLACEHOLDERS.map(p => `{${p}}`).join(' ')}.`
      )
    }
    if (m.index > last) pieces.push(text.slice(last, m.index))
    pieces.push({ placeholder: name as Placeholder })
    last = m.index + m[0].length
  }
  if (last < text.length) pieces.push(text.slice(last))
  if (pieces.some(p => typeof p === 'string' && /[{}]/.test(p))) {
    return fail(
      `${shown} has an unmatched { or }`,
      'Write placeholders as {name}; percent-encode a literal brace as %7B or %7D.'
    )
  }
  if (pieces.length === 1 && typeof pieces[0] === 'string') return parseBase(text)

  const prefix = pieces[0]
  if (typeof prefix !== 'string' || !TEMPLATE_PREFIX.test(prefix)) {
    return fail(
      `${shown} must start with http:// or https://, a host and / before the first placeholder`,
      `Placeholders stand only in the path, e.g. ${EXAMPLE_TEMPLATE}.`
    )
  }
  if (text.includes('#')) {
    return fail(`${shown} has a #fragment, which is never sent to the CDN`, FRAGMENT_FIX)
  }
  const lastPlaceholder = pieces.findLastIndex(p => typeof p !== 'string')
  if (pieces.slice(0, lastPlaceholder).some(p => typeof p === 'string' && p.includes('?'))) {
    return fail(
      `${shown} has a placeholder in the query`,
      `Placeholders stand only in the path, e.g. ${EXAMPLE_TEMPLATE}.`
    )
  }
  const sampleText = pieces.map(p => (typeof p === 'string' ? p : 'x')).join('')
  const sample = parseAbsolute(sampleText)
  if (typeof sample === 'string')
    return fail(`${shown} ${sample}`, `Give a template such as ${EXAMPLE_TEMPLATE}.`)
  const end = pieces[pieces.length - 1]
  const endsWithName =
    typeof end === 'object' && ['name', 'relative', 'path'].includes(end.placeholder)
  const normal = sample.href === sampleText
  return { ok: true, template: { pieces, host: sample.host, endsWithName, normal } }
}

function parseBase(text: string): UrlTemplateResult {
  const shown = quote(text)
  const url = parseAbsolute(text)
  if (typeof url === 'string') {
    return {
      ok: false,
      problem: `${shown} ${url}`,
      fix: 'Give a base URL such as https://www.example.com/.'
    }
  }
  if (/[?#]/.test(text)) {
    return {
      ok: false,
      problem: `${shown} has a query or fragment, which a base URL cannot have`,
      fix: `For a fixed query, use a template such as ${EXAMPLE_TEMPLATE}?v=1.`
    }
  }
  const base = url.href.endsWith('/') ? url.href : url.href + '/'
  const pieces = [base, { placeholder: 'relative' as const }]
  return { ok: true, template: { pieces, host: url.host, endsWithName: true, normal: true } }
}

/** A parsed absolute http(s) URL without credentials, or why the text is not one. */
function parseAbsolute(text: string): URL | string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'is not an absolute URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http(s) URL'
  // The WHATWG parser already rejects http(s) URLs without a host.
  if (url.username !== '' || url.password !== '') return 'must not contain user:password@'
  return url
}

// Encoded path text is left alone by the WHATWG parser, except for dot segments (`.`, `..`, or
// with `%2e`), which it resolves. False positives (in a literal query) only cost a parse.
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=[/?#]|$)/i

/** The URL a template makes for a file (or directory), WHATWG-normalized as a browser would. */
export function expandUrl(template: UrlTemplate, parts: PathParts): string {
  let text = ''
  for (const piece of template.pieces) {
    text += typeof piece === 'string' ? piece : encodePath(parts[piece.placeholder])
  }
  return template.normal && !DOT_SEGMENT.test(text) ? text : new URL(text).href
}

/** Lower-case host of an absolute URL, with `:port` only when not the scheme default. */
export function hostOf(url: string): string {
  return new URL(url).host
}

/**
 * Validates one URL given directly (`urls`, `prefetch-urls`) and returns it WHATWG-normalized.
 * `line` is the 1-based position in the list the caller read.
 */
export function normalizeDirectUrl(input: string, value: string, line: number): string {
  const shown = quote(value)
  const bad = (problem: string, fix: string): InputError =>
    new InputError(input, `line ${line}: ${problem}. ${fix}`)
  // Invisible format characters (zero-width space, bidi marks) count: they are copy-paste accidents.
  const hidden = /[\s\p{Cc}\p{Cf}]/u.exec(value)
  if (hidden) {
    throw bad(
      `${shown} contains whitespace or a control character at position ${hidden.index + 1}`,
      'Percent-encode it (a space is %20) or remove it.'
    )
  }
  const url = parseAbsolute(value)
  if (typeof url === 'string') {
    throw bad(`${shown} ${url}`, 'Give an absolute URL such as https://www.example.com/a.css.')
  }
  if (url.hash !== '' || value.includes('#')) {
    throw bad(`${shown} has a #fragment, which is never sent to the CDN`, FRAGMENT_FIX)
  }
  return url.href
}

/** normalizeDirectUrl over a list; entry i is reported as line i + 1. */
export function normalizeDirectUrls(input: string, values: readonly string[]): string[] {
  return values.map((value, i) => normalizeDirectUrl(input, value, i + 1))
}

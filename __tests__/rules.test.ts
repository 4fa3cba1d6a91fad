import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import { DEFAULT_KINDS, parseRules, ruleMatches, wants, type CompiledRule } from '../src/rules.js'
import { expandUrl, pathParts } from '../src/url.js'
import { thrown } from './helpers/expect-error.js'

function only(text: string): CompiledRule {
  const rules = parseRules(text)
  expect(rules).toHaveLength(1)
  return rules[0] as CompiledRule
}

function rule(fields: string): CompiledRule {
  return only(`- url: https://www.example.com/\n${fields.replace(/^/gm, '  ')}`)
}

function errorOf(text: string): string {
  const error = thrown(InputError, () => parseRules(text))
  expect(error.input).toBe('rules')
  return error.message
}

describe('parseRules', () => {
  it('gives no rules for empty or comment-only text', () => {
    expect(parseRules('')).toEqual([])
    expect(parseRules('  \n')).toEqual([])
    expect(parseRules('# rules come later\n')).toEqual([])
    expect(parseRules('[]')).toEqual([])
  })

  it('compiles a full rule', () => {
    const r = only(`
- files: public/**
  exclude: public/drafts/**
  url: https://www.example.com
  strip: public/
  index: [index.html, index.htm]
  refresh: true
  prefetch: [added]
`)
    expect(r.index).toBe(0)
    expect(r.files).toEqual(['public/**'])
    expect(r.url).toBe('https://www.example.com')
    expect(r.include).toHaveLength(1)
    expect(r.exclude).toHaveLength(1)
    expect(r.strip).toBe('public/')
    expect(r.template.host).toBe('www.example.com')
    expect(expandUrl(r.template, pathParts('public/a.css', r.strip))).toBe(
      'https://www.example.com/a.css'
    )
    expect([...r.indexNames]).toEqual(['index.html', 'index.htm'])
    expect([...r.refresh]).toEqual(['modified', 'removed'])
    expect([...r.prefetch]).toEqual(['added'])
  })

  it('numbers rules in order', () => {
    const rules = parseRules(`
- files: a/**
  url: https://a.example.com/
- files: b/**
  url: https://b.example.com/{path}
`)
    expect(rules.map(r => [r.index, r.template.host])).toEqual([
      [0, 'a.example.com'],
      [1, 'b.example.com']
    ])
  })

  it('defaults to refresh on modified/removed and no prefetch', () => {
    const r = rule('files: a/**')
    expect([...r.refresh]).toEqual(['modified', 'removed'])
    expect([...r.prefetch]).toEqual([])
    expect(r.indexNames.size).toBe(0)
  })

  it.each([
    ['refresh: false', 'refresh', []],
    ['refresh: []', 'refresh', []],
    ['refresh: [added, removed]', 'refresh', ['added', 'removed']],
    ['prefetch: true', 'prefetch', ['added', 'modified']],
    ['prefetch: false', 'prefetch', []],
    ['prefetch: [modified]', 'prefetch', ['modified']]
  ] as const)('%s', (line, op, kinds) => {
    expect([...rule(`files: a/**\n${line}`)[op]]).toEqual(kinds)
  })

  it('takes a single index name', () => {
    expect([...rule('files: a/**\nindex: default.htm').indexNames]).toEqual(['default.htm'])
  })

  it.each([
    ['public/**', 'public/'],
    ['site/blog/*.html', 'site/blog/'],
    ['**/*.css', ''],
    ['*.html', ''],
    ['public/index.html', 'public/'],
    ['a/b/**/c/*.js', 'a/b/'],
    ['a/[b]/c/**', 'a/b/c/'],
    ['a\\*b/**', 'a*b/'],
    ['{public,static}/**', ''],
    ['web/{public,static}/**', 'web/'],
    ['web/*/x/**', 'web/']
  ])('defaults strip for %s to %j', (glob, strip) => {
    expect(rule(`files: '${glob}'`).strip).toBe(strip)
  })

  it('defaults strip from the first positive glob', () => {
    expect(rule(`files: ['!public/x/**', 'public/**', 'static/**']`).strip).toBe('public/')
  })

  it.each([
    ['public/', 'public/'],
    ['public', 'public/'],
    ['"site/public"', 'site/public/'],
    ['""', '']
  ])('takes strip %s as the path prefix %j', (given, strip) => {
    expect(rule(`files: public/**\nstrip: ${given}`).strip).toBe(strip)
  })

  it('treats a strip without / as a directory, not the start of a name', () => {
    const r = rule('files: "**"\nstrip: public')
    expect(expandUrl(r.template, pathParts('public/a.css', r.strip))).toBe(
      'https://www.example.com/a.css'
    )
    expect(expandUrl(r.template, pathParts('publicity/a.css', r.strip))).toBe(
      'https://www.example.com/publicity/a.css'
    )
  })
})

describe('ruleMatches', () => {
  const matches = (r: CompiledRule, paths: string[]): string[] =>
    paths.filter(p => ruleMatches(r, p))

  it('matches dot files and dot directories', () => {
    const r = rule('files: public/**')
    expect(
      matches(r, ['public/.well-known/x', 'public/.htaccess', 'public/a/b.c', 'other/a'])
    ).toEqual(['public/.well-known/x', 'public/.htaccess', 'public/a/b.c'])
    expect(matches(rule("files: '**/*.css'"), ['.hidden/a.css', 'a.css', 'a/b/c.css'])).toEqual([
      '.hidden/a.css',
      'a.css',
      'a/b/c.css'
    ])
  })

  it('excludes by ! globs in files and by exclude (a glob or a list)', () => {
    const paths = ['public/a.html', 'public/drafts/b.html', 'public/tmp/c.html', 'public/d.map']
    expect(matches(rule(`files: [public/**, '!public/drafts/**']`), paths)).toEqual([
      'public/a.html',
      'public/tmp/c.html',
      'public/d.map'
    ])
    expect(matches(rule('files: public/**\nexclude: public/drafts/**'), paths)).toEqual([
      'public/a.html',
      'public/tmp/c.html',
      'public/d.map'
    ])
    expect(
      matches(
        rule(`files: [public/**, '!**/*.map']\nexclude: [public/drafts/**, public/tmp/**]`),
        paths
      )
    ).toEqual(['public/a.html'])
  })

  it('matches any of several globs, braces included', () => {
    const r = rule(`files: ['public/*.{css,js}', docs/**]`)
    expect(
      matches(r, ['public/a.css', 'public/a.js', 'public/a.html', 'docs/x', 'public/x/a.css'])
    ).toEqual(['public/a.css', 'public/a.js', 'docs/x'])
  })

  it('matches paths literally: case matters and a backslash is part of a name', () => {
    const r = rule('files: "public/**"')
    expect(matches(r, ['Public/a', 'public/a\\b', 'public\\a'])).toEqual(['public/a\\b'])
    expect(matches(rule(`files: 'a\\\\b.txt'`), ['a\\b.txt', 'a/b.txt'])).toEqual(['a\\b.txt'])
  })

  it('treats # at the start of a glob as a character, not a comment', () => {
    expect(matches(rule(`files: '#notes/**'`), ['#notes/a', 'notes/a'])).toEqual(['#notes/a'])
  })
})

describe('wants', () => {
  it('answers per operation and change kind', () => {
    const r = rule('files: a/**\nrefresh: [removed]\nprefetch: true')
    const table = (['added', 'modified', 'removed'] as const).map(kind => [
      kind,
      wants(r, 'refresh', kind),
      wants(r, 'prefetch', kind)
    ])
    expect(table).toEqual([
      ['added', false, true],
      ['modified', false, true],
      ['removed', true, false]
    ])
  })

  it('exports what true means', () => {
    expect(DEFAULT_KINDS).toEqual({
      refresh: ['modified', 'removed'],
      prefetch: ['added', 'modified']
    })
  })
})

describe('parseRules errors', () => {
  const base = 'https://www.example.com/'
  it.each([
    [
      'a YAML syntax error',
      'files: [',
      `Input 'rules': is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 9. Quote globs that start with * or ! (YAML reads them as an alias or a tag), e.g. files: ['**/*.css', '!drafts/**'].`
    ],
    [
      'an unquoted * glob (a YAML alias)',
      `- files: *.css\n  url: ${base}`,
      `Input 'rules': is not valid YAML: Unresolved alias (the anchor must be set before the alias): .css. Quote globs`
    ],
    [
      'an unquoted ! glob (a YAML tag)',
      `- files: !drafts/**\n  url: ${base}`,
      `Input 'rules': is not valid YAML: Unresolved tag: !drafts/** at line 1, column 10. Quote globs`
    ],
    [
      'a duplicate key',
      `- files: a/**\n  files: b/**\n  url: ${base}`,
      `Input 'rules': is not valid YAML: Map keys must be unique at line 2, column 3. Quote globs`
    ],
    [
      'a mapping instead of a list',
      `files: a/**\nurl: ${base}`,
      `Input 'rules': must be a YAML list of rules, not {"files":"a/**","url":"https://www.example.com/"}. Start each rule with "- files:", e.g. "- files: public/**" and then "  url: https://www.example.com/".`
    ],
    [
      'a rule that is not a mapping',
      `- files: a/**\n  url: ${base}\n- public/**`,
      `Input 'rules': rule 2: "public/**" is not a mapping. Write each rule as "- files: <glob>" followed by an indented "url: <URL>" line.`
    ],
    [
      'a typo in a field name',
      `- files: a/**\n  url: ${base}\n  prefech: true`,
      `Input 'rules': rule 1: unknown field "prefech" (did you mean 'prefetch'?). Fields are files, exclude, url, strip, index, refresh, refresh-type, prefetch.`
    ],
    [
      'a field name in the wrong case',
      `- files: a/**\n  URL: ${base}`,
      `rule 1: unknown field "URL" (did you mean 'url'?)`
    ],
    [
      'an unknown field unlike any',
      `- files: a/**\n  url: ${base}\n  domain: x`,
      `Input 'rules': rule 1: unknown field "domain". Fields are files, exclude, url, strip, index, refresh, refresh-type, prefetch.`
    ],
    [
      'a missing files',
      `- url: ${base}`,
      `Input 'rules': rule 1, field 'files': is missing. Give a glob or a list of globs, e.g. files: public/** (quote a glob that starts with * or !, e.g. '**/*.css').`
    ],
    [
      'a missing url',
      `- files: a/**`,
      `Input 'rules': rule 1, field 'url': is missing. Give a base URL such as https://www.example.com/ or a template such as https://cdn.example.com/{relative}.`
    ],
    [
      'a glob that is not a string',
      `- files: [a/**, 2024]\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files' item 2: 2024 is not valid. Give a glob or a list of globs`
    ],
    [
      'an empty exclude',
      `- files: a/**\n  exclude:\n  url: ${base}`,
      `Input 'rules': rule 1, field 'exclude': is empty. Give a glob or a list of globs, e.g. exclude: public/drafts/**.`
    ],
    [
      'refresh: yes',
      `- files: a/**\n  url: ${base}\n  refresh: yes`,
      `Input 'rules': rule 1, field 'refresh': "yes" is not valid. Use true (= [modified, removed]), false, or a list of change types from added, modified, removed, e.g. refresh: [modified, removed].`
    ],
    [
      'an unknown change type',
      `- files: a/**\n  url: ${base}\n  prefetch: [added, changed]`,
      `Input 'rules': rule 1, field 'prefetch' item 2: "changed" is not a change type. Use true (= [added, modified]), false, or a list of change types from added, modified, removed, e.g. prefetch: [added, modified].`
    ],
    [
      'a number as strip',
      `- files: a/**\n  url: ${base}\n  strip: 5`,
      `Input 'rules': rule 1, field 'strip': 5 is not valid. Give the repository path prefix to remove, e.g. strip: public/ (strip: "" keeps the whole path).`
    ],
    [
      'an index that is a mapping',
      `- files: a/**\n  url: ${base}\n  index: {a: b}`,
      `Input 'rules': rule 1, field 'index': {"a":"b"} is not valid. Give a file name or a list of file names, e.g. index: [index.html].`
    ],
    [
      'an empty files list',
      `- files: []\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': is an empty list. Add a glob that selects files, e.g. files: [public/**, '!public/drafts/**'].`
    ],
    [
      'only ! globs',
      `- files: ['!a/**']\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': ["!a/**"] has only ! globs, which exclude. Add a glob that selects files`
    ],
    [
      'an empty glob',
      `- files: ''\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': "" is an empty glob. Give a glob or a list of globs`
    ],
    [
      'a lone !',
      `- files: [a/**, '!']\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': "!" is an empty glob.`
    ],
    [
      'a glob with a leading /',
      `- files: /public/**\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': "/public/**" does not match repository paths, which never start with / or ./. Write "public/**".`
    ],
    [
      'a ! glob with a leading ./',
      `- files: [a/**, '!./a/b/**']\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': "!./a/b/**" does not match repository paths, which never start with / or ./. Write "a/b/**".`
    ],
    [
      'a directory glob',
      `- files: public/\n  url: ${base}`,
      `Input 'rules': rule 1, field 'files': "public/" matches only a directory, never a file. Write "public/**".`
    ],
    [
      'an over-long glob',
      `- files: '${'a'.repeat(70_000)}'\n  url: ${base}`,
      `is not a valid glob (pattern is too long). Give a glob or a list of globs`
    ],
    [
      'a negated exclude',
      `- files: a/**\n  exclude: ['!a/b/**']\n  url: ${base}`,
      `Input 'rules': rule 1, field 'exclude': "!a/b/**" starts with !. Write exclude globs without ! (they already exclude).`
    ],
    [
      'an exclude with a leading /',
      `- files: a/**\n  exclude: /a/b/**\n  url: ${base}`,
      `Input 'rules': rule 1, field 'exclude': "/a/b/**" does not match repository paths`
    ],
    [
      'a url without scheme',
      `- files: a/**\n  url: www.example.com`,
      `Input 'rules': rule 1, field 'url': "www.example.com" is not an absolute URL. Give a base URL such as https://www.example.com/.`
    ],
    [
      'a url with an unknown placeholder',
      `- files: a/**\n  url: https://x.com/{file}`,
      `Input 'rules': rule 1, field 'url': "https://x.com/{file}" has an unknown placeholder {file}. Use only {path} {relative} {dir} {name} {stem} {ext}.`
    ],
    [
      'a strip with a leading /',
      `- files: a/**\n  url: ${base}\n  strip: /a/`,
      `Input 'rules': rule 1, field 'strip': "/a/" can never prefix a repository path, which never starts with / or ./. Write "a/".`
    ],
    [
      'an index name with a /',
      `- files: a/**\n  url: ${base}\n  index: [blog/index.html]`,
      `Input 'rules': rule 1, field 'index': "blog/index.html" is not a file name. Give a file name or a list of file names, e.g. index: [index.html].`
    ],
    [
      'an empty index name',
      `- files: a/**\n  url: ${base}\n  index: ''`,
      `Input 'rules': rule 1, field 'index': "" is not a file name.`
    ],
    [
      'index with a url that does not end in the name',
      `- files: a/**\n  url: https://x.com/{stem}.htm\n  index: index.html`,
      `Input 'rules': rule 1, field 'index': ["index.html"] needs a url ending in {name}, {relative} or {path}, and url is "https://x.com/{stem}.htm". Use such a url (or a base URL), or remove index.`
    ]
  ])('%s', (_, text, message) => {
    expect(errorOf(text)).toContain(message)
  })

  it('names the failing rule among several', () => {
    expect(
      errorOf(`- files: a/**\n  url: https://a.com/\n- files: b/**\n  url: ftp://b.com/`)
    ).toBe(
      `Input 'rules': rule 2, field 'url': "ftp://b.com/" is not an http(s) URL. Give a base URL such as https://www.example.com/.`
    )
  })

  it('shortens a long bad value', () => {
    const message = errorOf(`files: [${'x, '.repeat(200)}y]`)
    expect(message).toContain(`must be a YAML list of rules, not {"files":["x","x",`)
    expect(message).toContain('…. Start each rule with')
    expect(message.length).toBeLessThan(400)
  })

  it('never shows URL credentials', () => {
    const message = errorOf(`- files: a/**\n  url: https://u:topsecret@x.com/`)
    expect(message).toBe(
      `Input 'rules': rule 1, field 'url': "https://***@x.com/" must not contain user:password@. Give a base URL such as https://www.example.com/.`
    )
  })
})

describe('refresh-type', () => {
  it('defaults to file and takes directory and ignore-params', () => {
    const rule = (extra: string) =>
      parseRules(`- files: a/**\n  url: https://x.example.com/\n${extra}`)[0]?.refreshType
    expect(rule('')).toBe('file')
    expect(rule('  refresh-type: directory\n')).toBe('directory')
    expect(rule('  refresh-type: ignore-params\n')).toBe('ignore-params')
  })

  it('names a value that is not a refresh type, with the accepted ones', () => {
    expect(() =>
      parseRules('- files: a/**\n  url: https://x.example.com/\n  refresh-type: dir\n')
    ).toThrow(
      "Input 'rules': rule 1, field 'refresh-type': \"dir\" is not a refresh type. Use file (the default), directory (refresh the directory of each changed file) or ignore-params (refresh the URL whatever its query)."
    )
  })
})

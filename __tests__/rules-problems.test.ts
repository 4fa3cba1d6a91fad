import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import {
  directoryGlobProblems,
  noMatchWarning,
  parseRules,
  ruleGlobs,
  type CompiledRule
} from '../src/rules.js'
import { thrown } from './helpers/expect-error.js'

const FIELDS_FIX = 'Fields are files, exclude, url, strip, index, refresh, refresh-type, prefetch.'
const FILES_FIX =
  "Give a glob or a list of globs, e.g. files: public/** (quote a glob that starts with * or !, e.g. '**/*.css')."
const URL_FIX =
  'Give a base URL such as https://www.example.com/ or a template such as https://cdn.example.com/{relative}.'
const INDEX_FIX = 'Give a file name or a list of file names, e.g. index: [index.html].'
const REFRESH_FIX =
  'Use true (= [modified, removed]), false, or a list of change types from added, modified, removed, e.g. refresh: [modified, removed].'
const PREFETCH_FIX =
  'Use true (= [added, modified]), false, or a list of change types from added, modified, removed, e.g. prefetch: [added, modified].'
const DIRECTORY =
  'but a glob without wildcards matches only a file at that exact path, never the files in a directory.'

function errorOf(text: string): string {
  const error = thrown(InputError, () => parseRules(text))
  expect(error.input).toBe('rules')
  return error.message
}

/** The message of several problems: a count, then one indented line each. */
function several(...lines: string[]): string {
  return `Input 'rules': ${lines.length} problems:\n${lines.map(l => `  ${l}`).join('\n')}`
}

describe('parseRules reports every problem at once', () => {
  it('lists several problems of several rules in one error, in rule and field order', () => {
    const message = errorOf(`
- files: [public/**, '/static/**']
  exclude: ['!public/drafts/**']
  url: https://www.example.com/{file}
  prefech: true
  URL: https://x.com/
- files: a/**
  url: https://a.example.com/
- public/**
- file: b/**
  prefetch: [added, changed, gone]
  refresh: yes
  index: [x/index.html]
  strip: /b/
  url: ftp://b.com/
`)
    expect(message).toBe(
      several(
        `rule 1: unknown field "prefech" (did you mean 'prefetch'?). ${FIELDS_FIX}`,
        `rule 1: unknown field "URL" (did you mean 'url'?). ${FIELDS_FIX}`,
        `rule 1, field 'files': "/static/**" does not match repository paths, which never start with / or ./. Write "static/**".`,
        `rule 1, field 'exclude': "!public/drafts/**" starts with !. Write exclude globs without ! (they already exclude).`,
        `rule 1, field 'url': "https://www.example.com/{file}" has an unknown placeholder {file}. Use only {path} {relative} {dir} {name} {stem} {ext}.`,
        `rule 3: "public/**" is not a mapping. Write each rule as "- files: <glob>" followed by an indented "url: <URL>" line.`,
        `rule 4: unknown field "file" (did you mean 'files'?). ${FIELDS_FIX}`,
        `rule 4, field 'url': "ftp://b.com/" is not an http(s) URL. Give a base URL such as https://www.example.com/.`,
        `rule 4, field 'strip': "/b/" can never prefix a repository path, which never starts with / or ./. Write "b/".`,
        `rule 4, field 'index': "x/index.html" is not a file name. ${INDEX_FIX}`,
        `rule 4, field 'refresh': "yes" is not valid. ${REFRESH_FIX}`,
        `rule 4, field 'prefetch' item 2: "changed" is not a change type. ${PREFETCH_FIX}`,
        `rule 4, field 'prefetch' item 3: "gone" is not a change type. ${PREFETCH_FIX}`
      )
    )
  })

  it('keeps a single problem on one line, as before', () => {
    const message = errorOf(
      `- files: a/**\n  url: https://a.com/\n- files: b/**\n  url: https://b.com/{file}`
    )
    expect(message).toBe(
      `Input 'rules': rule 2, field 'url': "https://b.com/{file}" has an unknown placeholder {file}. Use only {path} {relative} {dir} {name} {stem} {ext}.`
    )
    expect(message).not.toContain('\n')
    expect(message).not.toContain('problem')
  })

  it('counts two problems in the plural', () => {
    expect(errorOf(`- files: a/**\n- files: b/**`)).toBe(
      several(
        `rule 1, field 'url': is missing. ${URL_FIX}`,
        `rule 2, field 'url': is missing. ${URL_FIX}`
      )
    )
  })

  it('reports every unknown field of a rule, with a guess where there is one', () => {
    expect(
      errorOf(`- files: a/**\n  url: https://a.com/\n  refersh: true\n  domain: x\n  Exclude: b/**`)
    ).toBe(
      several(
        `rule 1: unknown field "refersh" (did you mean 'refresh'?). ${FIELDS_FIX}`,
        `rule 1: unknown field "domain". ${FIELDS_FIX}`,
        `rule 1: unknown field "Exclude" (did you mean 'exclude'?). ${FIELDS_FIX}`
      )
    )
  })

  it('does not also report a field as missing when a typo of it is reported', () => {
    expect(errorOf(`- file: a/**\n  URL: https://a.com/`)).toBe(
      several(
        `rule 1: unknown field "file" (did you mean 'files'?). ${FIELDS_FIX}`,
        `rule 1: unknown field "URL" (did you mean 'url'?). ${FIELDS_FIX}`
      )
    )
  })

  it('reports a missing field that no unknown field explains', () => {
    expect(errorOf(`- files: a/**\n  target: https://a.com/`)).toBe(
      several(
        `rule 1: unknown field "target". ${FIELDS_FIX}`,
        `rule 1, field 'url': is missing. ${URL_FIX}`
      )
    )
  })

  it('reports every bad item of a list', () => {
    expect(errorOf(`- files: [a/**, 1, true]\n  url: https://a.com/`)).toBe(
      several(
        `rule 1, field 'files' item 2: 1 is not valid. ${FILES_FIX}`,
        `rule 1, field 'files' item 3: true is not valid. ${FILES_FIX}`
      )
    )
  })

  it('reports every bad glob of files and exclude', () => {
    expect(
      errorOf(`
- files: [public/, '/a/**', '', '!./b/**', c/**]
  exclude: [d/, '!e/**', '/f/**']
  url: https://a.com/
`)
    ).toBe(
      several(
        `rule 1, field 'files': "public/" matches only a directory, never a file. Write "public/**".`,
        `rule 1, field 'files': "/a/**" does not match repository paths, which never start with / or ./. Write "a/**".`,
        `rule 1, field 'files': "" is an empty glob. ${FILES_FIX}`,
        `rule 1, field 'files': "!./b/**" does not match repository paths, which never start with / or ./. Write "b/**".`,
        `rule 1, field 'exclude': "d/" matches only a directory, never a file. Write "d/**".`,
        `rule 1, field 'exclude': "!e/**" starts with !. Write exclude globs without ! (they already exclude).`,
        `rule 1, field 'exclude': "/f/**" does not match repository paths, which never start with / or ./. Write "f/**".`
      )
    )
  })

  it('checks the other fields of a rule whose field has the wrong type', () => {
    expect(
      errorOf(`- files: 5\n  exclude: /x/**\n  url: www.example.com\n  index: [a/b]\n  strip: 3`)
    ).toBe(
      several(
        `rule 1, field 'files': 5 is not valid. ${FILES_FIX}`,
        `rule 1, field 'exclude': "/x/**" does not match repository paths, which never start with / or ./. Write "x/**".`,
        `rule 1, field 'url': "www.example.com" is not an absolute URL. Give a base URL such as https://www.example.com/.`,
        `rule 1, field 'strip': 3 is not valid. Give the repository path prefix to remove, e.g. strip: public/ (strip: "" keeps the whole path).`,
        `rule 1, field 'index': "a/b" is not a file name. ${INDEX_FIX}`
      )
    )
  })

  it('skips the index/url check when url is broken, and keeps it when only an index name is', () => {
    expect(errorOf(`- files: a/**\n  url: 5\n  index: index.html`)).toBe(
      `Input 'rules': rule 1, field 'url': 5 is not valid. ${URL_FIX}`
    )
    expect(errorOf(`- files: a/**\n  url: https://x.com/{stem}\n  index: [a/b, index.html]`)).toBe(
      several(
        `rule 1, field 'index': "a/b" is not a file name. ${INDEX_FIX}`,
        `rule 1, field 'index': ["a/b","index.html"] needs a url ending in {name}, {relative} or {path}, and url is "https://x.com/{stem}". Use such a url (or a base URL), or remove index.`
      )
    )
  })

  it('does not call files "only ! globs" when a selecting glob was itself bad', () => {
    expect(errorOf(`- files: ['!a/**', '/b/**']\n  url: https://a.com/`)).toBe(
      `Input 'rules': rule 1, field 'files': "/b/**" does not match repository paths, which never start with / or ./. Write "b/**".`
    )
    expect(errorOf(`- files: ['!a/**', '!/b/**']\n  url: https://a.com/`)).toBe(
      several(
        `rule 1, field 'files': "!/b/**" does not match repository paths, which never start with / or ./. Write "b/**".`,
        `rule 1, field 'files': ["!a/**","!/b/**"] has only ! globs, which exclude. Add a glob that selects files, e.g. files: [public/**, '!public/drafts/**'].`
      )
    )
  })

  it('numbers rules by position, valid rules between bad ones included', () => {
    const message = errorOf(`
- files: a/**
  url: https://a.com/
- files: b/**
  url: https://b.com/{nope}
- files: c/**
  url: https://c.com/
- files: d/
  url: https://d.com/
`)
    expect(message.split('\n').map(l => l.slice(0, 10))).toEqual([
      `Input 'rul`,
      '  rule 2, ',
      '  rule 4, '
    ])
  })

  it('still stops at a YAML error or a non-list, where nothing else can be checked', () => {
    expect(errorOf(`- files: a/\n  url: x\n- files: [`)).toMatch(
      /^Input 'rules': is not valid YAML: [^\n]*$/
    )
    expect(errorOf(`files: a/\nurl: x`)).toMatch(/^Input 'rules': must be a YAML list of rules/)
  })
})

/** The rules of `text` (all valid) and a directory test over `directories`, recording its calls. */
function checked(
  text: string,
  directories: string[]
): { error: InputError | undefined; asked: string[] } {
  const asked: string[] = []
  const error = directoryGlobProblems(parseRules(text), path => {
    asked.push(path)
    return directories.includes(path)
  })
  return { error, asked }
}

function rules(files: string, more = ''): string {
  return `- files: ${files}\n  url: https://www.example.com/\n${more.replace(/^/gm, '  ')}`
}

describe('directoryGlobProblems', () => {
  it('reports a directory named without wildcards, with the fix', () => {
    const { error, asked } = checked(rules('site'), ['site'])
    expect(error).toBeInstanceOf(InputError)
    expect(error?.input).toBe('rules')
    expect(error?.message).toBe(
      `Input 'rules': rule 1, field 'files': "site" names a directory, ${DIRECTORY} Write "site/**".`
    )
    expect(asked).toEqual(['site'])
  })

  it.each(['site/**', 'site/*.html', "'**'", "'*.html'", "'site/[ab]*'", "'site/**/index.html'"])(
    'asks nothing about %s, which has glob magic',
    glob => {
      expect(checked(rules(glob), ['site', 'site/index.html'])).toEqual({
        error: undefined,
        asked: []
      })
    }
  )

  it('accepts a file named without wildcards', () => {
    expect(checked(rules('[README.md, site/index.html]'), ['site'])).toEqual({
      error: undefined,
      asked: ['README.md', 'site/index.html']
    })
  })

  it('reports a ! glob of files that names a directory, which then excludes nothing', () => {
    expect(checked(rules(`[public/**, '!public/drafts']`), ['public/drafts']).error?.message).toBe(
      `Input 'rules': rule 1, field 'files': "!public/drafts" names a directory, ${DIRECTORY} Write "!public/drafts/**".`
    )
  })

  it('reports an exclude glob that names a directory', () => {
    expect(
      checked(rules('public/**', 'exclude: public/drafts'), ['public/drafts']).error?.message
    ).toBe(
      `Input 'rules': rule 1, field 'exclude': "public/drafts" names a directory, ${DIRECTORY} Write "public/drafts/**".`
    )
  })

  it('reads escaped magic as the literal character', () => {
    const { error, asked } = checked(rules(`'a\\*b'`), ['a*b'])
    expect(asked).toEqual(['a*b'])
    expect(error?.message).toBe(
      `Input 'rules': rule 1, field 'files': "a\\\\*b" names the directory "a*b", ${DIRECTORY} Write "a\\\\*b/**".`
    )
    expect(checked(rules(`'a\\*b'`), []).error).toBeUndefined()
  })

  it('reads a one-character class as the character', () => {
    expect(checked(rules(`'[s]ite'`), ['site']).error?.message).toBe(
      `Input 'rules': rule 1, field 'files': "[s]ite" names the directory "site", ${DIRECTORY} Write "[s]ite/**".`
    )
  })

  it('checks each brace expansion', () => {
    const braces = (glob: string, directories: string[]): string | undefined =>
      checked(rules(`'${glob}'`), directories).error?.message
    expect(braces('{site,docs}', ['site', 'docs'])).toBe(
      `Input 'rules': rule 1, field 'files': "{site,docs}" names the directories "site", "docs", ${DIRECTORY} Write "{site,docs}/**".`
    )
    expect(braces('{site,README.md}', ['site'])).toBe(
      `Input 'rules': rule 1, field 'files': "{site,README.md}" names the directory "site", ${DIRECTORY} Write "site/**" for the files in it.`
    )
    expect(braces('{site,*.md}', ['site'])).toBe(
      `Input 'rules': rule 1, field 'files': "{site,*.md}" names the directory "site", ${DIRECTORY} Write "site/**" for the files in it.`
    )
    expect(braces('{site,docs,*.md}', ['site', 'docs'])).toBe(
      `Input 'rules': rule 1, field 'files': "{site,docs,*.md}" names the directories "site", "docs", ${DIRECTORY} Write "site/**", "docs/**" for the files in them.`
    )
    expect(braces('{site,docs}/**', ['site', 'docs'])).toBeUndefined()
  })

  it('reports every such glob of every rule at once, in rule and field order', () => {
    const text = `
- files: [site, '!site/drafts', docs/**]
  exclude: [site/tmp, '**/*.map']
  url: https://a.com/
- files: README.md
  url: https://b.com/
- files: ['!old', blog, 'x/**']
  url: https://c.com/
`
    const { error, asked } = checked(text, ['site', 'site/drafts', 'site/tmp', 'old', 'blog'])
    expect(asked).toEqual(['site', 'site/drafts', 'site/tmp', 'README.md', 'old', 'blog'])
    expect(error?.message).toBe(
      several(
        `rule 1, field 'files': "site" names a directory, ${DIRECTORY} Write "site/**".`,
        `rule 1, field 'files': "!site/drafts" names a directory, ${DIRECTORY} Write "!site/drafts/**".`,
        `rule 1, field 'exclude': "site/tmp" names a directory, ${DIRECTORY} Write "site/tmp/**".`,
        `rule 3, field 'files': "!old" names a directory, ${DIRECTORY} Write "!old/**".`,
        `rule 3, field 'files': "blog" names a directory, ${DIRECTORY} Write "blog/**".`
      )
    )
  })

  it('finds nothing without rules', () => {
    expect(directoryGlobProblems([], () => true)).toBeUndefined()
  })
})

describe('ruleGlobs', () => {
  it('lists the files globs as written, in rule order, each once', () => {
    const compiled: CompiledRule[] = parseRules(`
- files: [public/**, '!public/drafts/**']
  exclude: '**/*.map'
  url: https://a.com/
- files: [docs/**, public/**]
  url: https://b.com/
`)
    expect(ruleGlobs(compiled)).toEqual(['public/**', '!public/drafts/**', 'docs/**'])
    expect(ruleGlobs([])).toEqual([])
  })
})

describe('noMatchWarning', () => {
  const HINT =
    'Globs match whole paths from the repository root: public/** matches public/css/a.css, but public and css/** do not.'

  it('names the changed files and every glob, in the plural', () => {
    const compiled = parseRules(`
- files: [public/**, '!public/drafts/**']
  url: https://a.com/
- files: docs/**
  url: https://b.com/
`)
    expect(noMatchWarning(compiled, 3)).toBe(
      `No rule matched any of the 3 changed files; the rules' globs are: "public/**", "!public/drafts/**", "docs/**". ${HINT}`
    )
  })

  it('speaks of one file, one rule and one glob in the singular', () => {
    expect(noMatchWarning(parseRules(rules('site')), 1)).toBe(
      `No rule matched the 1 changed file; the rule's glob is: "site". ${HINT}`
    )
    expect(noMatchWarning(parseRules(rules('[a/**, b/**]')), 2)).toBe(
      `No rule matched any of the 2 changed files; the rule's globs are: "a/**", "b/**". ${HINT}`
    )
  })

  it('writes large counts with separators', () => {
    expect(noMatchWarning(parseRules(rules('a/**')), 1500)).toMatch(
      /^No rule matched any of the 1,500 changed files;/
    )
  })

  it('shortens a long list of globs', () => {
    const globs = Array.from({ length: 25 }, (_, i) => `d${i}/**`)
    const warning = noMatchWarning(parseRules(rules(`[${globs.join(', ')}]`)), 7)
    expect(warning).toContain('"d19/**", and 5 more.')
    expect(warning).not.toContain('d20/')
  })

  it('says so when there are no rules', () => {
    expect(noMatchWarning([], 2)).toBe(
      `No rule matched any of the 2 changed files; there are no rules. ${HINT}`
    )
  })
})

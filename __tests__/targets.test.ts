import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import type { Change, ChangeKind } from '../src/model.js'
import { parseRules } from '../src/rules.js'
import { directoryUrl, mapTargets, ruleUrls } from '../src/targets.js'
import { thrown } from './helpers/expect-error.js'

const SITE = `
- files: public/**
  url: https://www.example.com/
  index: index.html
`

function urlsOf(rulesYaml: string, path: string, kind: ChangeKind = 'modified'): string[] {
  return mapTargets([{ path, kind }], parseRules(rulesYaml)).targets.map(t => t.url)
}

describe('mapTargets: file names to URLs', () => {
  it.each([
    ['public/a b.html', 'https://www.example.com/a%20b.html'],
    ['public/café/naïve.html', 'https://www.example.com/caf%C3%A9/na%C3%AFve.html'],
    ['public/中文.txt', 'https://www.example.com/%E4%B8%AD%E6%96%87.txt'],
    ['public/tag#1.html', 'https://www.example.com/tag%231.html'],
    ['public/what?.html', 'https://www.example.com/what%3F.html'],
    ['public/100%.txt', 'https://www.example.com/100%25.txt'],
    ['public/already%20encoded.txt', 'https://www.example.com/already%2520encoded.txt'],
    ['public/a+b.txt', 'https://www.example.com/a+b.txt'],
    ['public/a^b.txt', 'https://www.example.com/a%5Eb.txt'],
    ["public/it's.txt", "https://www.example.com/it's.txt"],
    ['public/"quoted".txt', 'https://www.example.com/%22quoted%22.txt'],
    ['public/back\\slash.txt', 'https://www.example.com/back%5Cslash.txt'],
    ['public/tab\there.txt', 'https://www.example.com/tab%09here.txt'],
    ['public/new\nline.txt', 'https://www.example.com/new%0Aline.txt'],
    ['public/..txt', 'https://www.example.com/..txt'],
    ['public/.../x', 'https://www.example.com/.../x'],
    ['public/..a/b..', 'https://www.example.com/..a/b..'],
    ['public/.well-known/security.txt', 'https://www.example.com/.well-known/security.txt'],
    ['public/<x>{y}`z`.txt', 'https://www.example.com/%3Cx%3E%7By%7D%60z%60.txt']
  ])('%j -> %s', (path, url) => {
    expect(urlsOf(SITE, path)).toEqual([url])
  })

  it('never lets CR or LF (or any control) reach a URL', () => {
    const changes: Change[] = [
      'public/a\nb.txt',
      'public/c\r\nd.txt',
      'public/e\u0000\u001f.txt'
    ].map(path => ({ path, kind: 'modified' }))
    const { targets, mapped } = mapTargets(changes, parseRules(SITE))
    expect(targets.map(t => t.url)).toEqual([
      'https://www.example.com/a%0Ab.txt',
      'https://www.example.com/c%0D%0Ad.txt',
      'https://www.example.com/e%00%1F.txt'
    ])
    for (const url of [...targets.map(t => t.url), ...mapped.flatMap(m => m.urls)]) {
      expect(url).not.toMatch(/[\p{Cc} ]/u)
    }
  })
})

describe('mapTargets: templates and strip', () => {
  it.each([
    ['https://cdn.example.com/{path}', 'https://cdn.example.com/site/blog/a%20b.min.css'],
    ['https://cdn.example.com/{relative}', 'https://cdn.example.com/blog/a%20b.min.css'],
    ['https://cdn.example.com/{dir}', 'https://cdn.example.com/blog/'],
    ['https://cdn.example.com/{name}', 'https://cdn.example.com/a%20b.min.css'],
    ['https://cdn.example.com/{ext}/{stem}', 'https://cdn.example.com/css/a%20b.min'],
    [
      'https://cdn.example.com/v1/{dir}{stem}.{ext}',
      'https://cdn.example.com/v1/blog/a%20b.min.css'
    ]
  ])('%s', (url, expected) => {
    expect(urlsOf(`- files: site/**\n  url: ${url}`, 'site/blog/a b.min.css')).toEqual([expected])
  })

  it.each([
    ['files: site/**', 'https://x.com/blog/a.css'],
    ['files: site/**\n  strip: ""', 'https://x.com/site/blog/a.css'],
    ['files: site/**\n  strip: site/blog', 'https://x.com/a.css'],
    ["files: '**/*.css'", 'https://x.com/site/blog/a.css'],
    ["files: 'site/blog/*.css'", 'https://x.com/a.css']
  ])('%s', (files, expected) => {
    expect(urlsOf(`- ${files}\n  url: https://x.com`, 'site/blog/a.css')).toEqual([expected])
  })

  it('keeps the whole path of a file outside the strip prefix', () => {
    const rules = `- files: [public/**, assets/**]\n  url: https://x.com/`
    expect(urlsOf(rules, 'assets/a.css')).toEqual(['https://x.com/assets/a.css'])
  })
})

describe('mapTargets: index documents', () => {
  it('maps an index document to its directory URL as well', () => {
    expect(urlsOf(SITE, 'public/blog/index.html')).toEqual([
      'https://www.example.com/blog/index.html',
      'https://www.example.com/blog/'
    ])
    expect(urlsOf(SITE, 'public/index.html')).toEqual([
      'https://www.example.com/index.html',
      'https://www.example.com/'
    ])
    expect(urlsOf(SITE, 'public/blog/index.htm')).toEqual([
      'https://www.example.com/blog/index.htm'
    ])
    expect(urlsOf(SITE, 'public/blog/my index.html')).toEqual([
      'https://www.example.com/blog/my%20index.html'
    ])
  })

  it('uses the template for the directory URL', () => {
    const rules = `- files: docs/**\n  url: https://d.example.com/v2/{path}\n  index: [index.html, README.md]`
    expect(urlsOf(rules, 'docs/a b/README.md')).toEqual([
      'https://d.example.com/v2/docs/a%20b/README.md',
      'https://d.example.com/v2/docs/a%20b/'
    ])
    const byName = `- files: docs/**\n  url: https://d.example.com/{dir}{name}\n  index: index.html`
    expect(urlsOf(byName, 'docs/x/index.html')).toEqual([
      'https://d.example.com/x/index.html',
      'https://d.example.com/x/'
    ])
  })

  it('gives both URLs from ruleUrls', () => {
    const [rule] = parseRules(SITE)
    expect(rule && ruleUrls(rule, 'public/a/index.html')).toEqual([
      'https://www.example.com/a/index.html',
      'https://www.example.com/a/'
    ])
  })
})

describe('mapTargets: globs, rules and merging', () => {
  const RULES = `
- files: [public/**, '!public/drafts/**']
  exclude: '**/*.map'
  url: https://www.example.com/
  prefetch: true
- files: 'public/**/*.css'
  url: https://cdn.example.com/static/{relative}
  refresh: [modified]
`

  it('maps one file through every matching rule, in rule order then change order', () => {
    const changes: Change[] = [
      { path: 'public/b.css', kind: 'modified' },
      { path: 'public/a.html', kind: 'added' },
      { path: 'public/drafts/x.html', kind: 'modified' },
      { path: 'public/app.js.map', kind: 'modified' },
      { path: 'README.md', kind: 'modified' },
      { path: 'public/.nojekyll', kind: 'removed' }
    ]
    const set = mapTargets(changes, parseRules(RULES))
    expect(set.targets).toEqual([
      {
        url: 'https://www.example.com/b.css',
        host: 'www.example.com',
        sources: ['public/b.css'],
        kind: 'modified',
        rule: 0,
        wanted: { refresh: true, prefetch: true }
      },
      {
        url: 'https://www.example.com/a.html',
        host: 'www.example.com',
        sources: ['public/a.html'],
        kind: 'added',
        rule: 0,
        wanted: { refresh: false, prefetch: true }
      },
      {
        url: 'https://www.example.com/.nojekyll',
        host: 'www.example.com',
        sources: ['public/.nojekyll'],
        kind: 'removed',
        rule: 0,
        wanted: { refresh: true, prefetch: false }
      },
      {
        url: 'https://cdn.example.com/static/b.css',
        host: 'cdn.example.com',
        sources: ['public/b.css'],
        kind: 'modified',
        rule: 1,
        wanted: { refresh: true, prefetch: false }
      }
    ])
    expect(set.unmatched).toEqual(['public/drafts/x.html', 'public/app.js.map', 'README.md'])
    expect(set.mapped).toEqual([
      {
        path: 'public/b.css',
        kind: 'modified',
        urls: ['https://www.example.com/b.css', 'https://cdn.example.com/static/b.css']
      },
      { path: 'public/a.html', kind: 'added', urls: ['https://www.example.com/a.html'] },
      { path: 'public/drafts/x.html', kind: 'modified', urls: [] },
      { path: 'public/app.js.map', kind: 'modified', urls: [] },
      { path: 'README.md', kind: 'modified', urls: [] },
      { path: 'public/.nojekyll', kind: 'removed', urls: ['https://www.example.com/.nojekyll'] }
    ])
  })

  it('merges one URL from two rules: first rule and kind, wanted OR-ed, sources once', () => {
    const rules = parseRules(`
- files: '**/*.css'
  url: https://x.com/
  strip: ''
- files: public/**
  url: https://x.com/public/
  refresh: false
  prefetch: [modified]
`)
    const { targets, mapped } = mapTargets([{ path: 'public/a.css', kind: 'modified' }], rules)
    expect(targets).toEqual([
      {
        url: 'https://x.com/public/a.css',
        host: 'x.com',
        sources: ['public/a.css'],
        kind: 'modified',
        rule: 0,
        wanted: { refresh: true, prefetch: true }
      }
    ])
    expect(mapped[0]?.urls).toEqual(['https://x.com/public/a.css'])
  })

  it('merges one URL from several files, keeping the first kind and every source', () => {
    const rules = parseRules(`
- files: '**'
  url: https://x.com/by-name/{name}
  prefetch: [added]
`)
    const changes: Change[] = [
      { path: 'old/logo.png', kind: 'removed' },
      { path: 'new/logo.png', kind: 'added' },
      { path: 'new/logo.png', kind: 'added' }
    ]
    expect(mapTargets(changes, rules).targets).toEqual([
      {
        url: 'https://x.com/by-name/logo.png',
        host: 'x.com',
        sources: ['old/logo.png', 'new/logo.png'],
        kind: 'removed',
        rule: 0,
        wanted: { refresh: true, prefetch: true }
      }
    ])
  })

  it('keeps every source once when many files share a URL', () => {
    const rules = parseRules(`
- files: '**'
  url: https://x.com/by-css/{ext}
- files: '**/*.css'
  url: https://x.com/by-{ext}/{ext}
`)
    const paths = Array.from({ length: 20 }, (_, i) => `d${i}/a.css`)
    const changes: Change[] = [...paths, ...paths].map(path => ({ path, kind: 'modified' }))
    const { targets, mapped } = mapTargets(changes, rules)
    expect(targets).toHaveLength(1)
    expect(targets[0]?.sources).toEqual(paths)
    expect(mapped.every(m => m.urls.length === 1)).toBe(true)
  })

  it('maps nothing without rules', () => {
    const set = mapTargets([{ path: 'a', kind: 'added' }], [])
    expect(set).toEqual({
      targets: [],
      unmatched: ['a'],
      mapped: [{ path: 'a', kind: 'added', urls: [] }]
    })
  })
})

describe('mapTargets: direct URLs', () => {
  it('adds direct refresh and prefetch URLs after rule targets, merging duplicates', () => {
    const set = mapTargets([{ path: 'public/a.html', kind: 'added' }], parseRules(SITE), {
      refresh: ['https://Other.example.com:443/x%20y', 'https://www.example.com/a.html'],
      prefetch: ['https://other.example.com/x%20y', 'http://p.example.com:8080/z']
    })
    expect(set.targets).toEqual([
      {
        url: 'https://www.example.com/a.html',
        host: 'www.example.com',
        sources: ['public/a.html'],
        kind: 'added',
        rule: 0,
        wanted: { refresh: true, prefetch: false }
      },
      {
        url: 'https://other.example.com/x%20y',
        host: 'other.example.com',
        sources: [],
        kind: 'modified',
        rule: -1,
        wanted: { refresh: true, prefetch: true }
      },
      {
        url: 'http://p.example.com:8080/z',
        host: 'p.example.com:8080',
        sources: [],
        kind: 'added',
        rule: -1,
        wanted: { refresh: false, prefetch: true }
      }
    ])
    expect(set.unmatched).toEqual([])
    expect(set.mapped).toHaveLength(1)
  })

  it('validates direct URLs, naming the input and the line', () => {
    const run = (refresh: string[], prefetch: string[]): string =>
      thrown(InputError, () => mapTargets([], [], { refresh, prefetch })).message
    expect(run(['https://a.com/', 'a.com/b'], [])).toBe(
      `Input 'urls': line 2: "a.com/b" is not an absolute URL. Give an absolute URL such as https://www.example.com/a.css.`
    )
    expect(run([], ['https://a.com/x y'])).toContain(
      `Input 'prefetch-urls': line 1: "https://a.com/x y"`
    )
  })
})

describe('mapTargets at scale', () => {
  it('maps 100,000 changes through 3 rules with one Target per URL', () => {
    const rules = parseRules(`
- files: public/**
  url: https://www.example.com/
  index: index.html
- files: 'public/**/*.css'
  url: https://cdn.example.com/{relative}
- files: '**/*.css'
  url: https://www.example.com/{relative}
  strip: public/
  refresh: false
  prefetch: true
`)
    const kinds: ChangeKind[] = ['added', 'modified', 'removed']
    const changes: Change[] = Array.from({ length: 100_000 }, (_, i) => ({
      path: `public/d${Math.floor(i / 10)}/${i % 10 === 0 ? 'index.html' : `f${i}.css`}`,
      kind: kinds[i % 3] as ChangeKind
    }))
    const set = mapTargets(changes, rules)
    // Rule 0: 10,000 index files (file and directory URL) and 90,000 CSS files. Rule 1: the CSS
    // files on the CDN host. Rule 2 makes rule 0's CSS URLs again and merges into them.
    expect(set.targets).toHaveLength(20_000 + 90_000 + 90_000)
    expect(new Set(set.targets.map(t => t.url)).size).toBe(set.targets.length)
    expect(set.unmatched).toEqual([])
    expect(set.targets.findIndex(t => t.rule === 1)).toBe(110_000)
    expect(set.targets.some(t => t.rule === 2)).toBe(false)
    expect(set.targets.slice(0, 3).map(t => t.url)).toEqual([
      'https://www.example.com/d0/index.html',
      'https://www.example.com/d0/',
      'https://www.example.com/d0/f1.css'
    ])
    expect(set.targets[2]).toMatchObject({
      sources: ['public/d0/f1.css'],
      kind: 'modified',
      wanted: { refresh: true, prefetch: true }
    })
    expect(set.mapped[99_999]).toEqual({
      path: 'public/d9999/f99999.css',
      kind: 'added',
      urls: ['https://www.example.com/d9999/f99999.css', 'https://cdn.example.com/d9999/f99999.css']
    })
  })
})

describe('mapTargets with refresh-type', () => {
  const changes = [
    { path: 'public/docs/a/1.html', kind: 'modified' as const },
    { path: 'public/docs/a/2.html', kind: 'modified' as const },
    { path: 'public/docs/b/3.html', kind: 'added' as const }
  ]

  it('refreshes the directory of each changed file once, and prefetches the files', () => {
    const rules = parseRules(
      '- files: public/**\n  url: https://www.example.com/\n  refresh-type: directory\n  prefetch: [added, modified]\n'
    )
    const { targets, mapped } = mapTargets(changes, rules)
    const directories = targets.filter(t => t.objectType === 'directory')
    expect(directories.map(t => [t.url, t.sources])).toEqual([
      ['https://www.example.com/docs/a/', ['public/docs/a/1.html', 'public/docs/a/2.html']]
    ])
    expect(directories[0]?.wanted).toEqual({ refresh: true, prefetch: false })
    const files = targets.filter(t => t.objectType === undefined)
    expect(files.map(t => t.url)).toEqual([
      'https://www.example.com/docs/a/1.html',
      'https://www.example.com/docs/a/2.html',
      'https://www.example.com/docs/b/3.html'
    ])
    // The file URLs are not refreshed themselves; the plan says why.
    expect(files[0]).toMatchObject({
      wanted: { refresh: false, prefetch: true },
      refreshedAs: 'directory'
    })
    // b/3.html was added: not refreshed, so its directory is not either.
    expect(files[2]?.refreshedAs).toBeUndefined()
    expect(mapped[0]?.urls).toEqual([
      'https://www.example.com/docs/a/',
      'https://www.example.com/docs/a/1.html'
    ])
  })

  it('refreshes a URL ignoring its query as its own object type', () => {
    const rules = parseRules(
      '- files: public/**\n  url: https://www.example.com/{relative}?v=1\n  refresh-type: ignore-params\n'
    )
    const { targets, mapped } = mapTargets(changes.slice(0, 1), rules)
    expect(targets).toEqual([
      expect.objectContaining({
        url: 'https://www.example.com/docs/a/1.html?v=1',
        objectType: 'ignore-params',
        wanted: { refresh: true, prefetch: false }
      })
    ])
    expect(mapped[0]?.urls).toEqual(['https://www.example.com/docs/a/1.html?v=1'])
  })

  it('keeps a file refresh another rule asks for', () => {
    const rules = parseRules(
      '- files: public/**\n  url: https://www.example.com/\n  refresh-type: directory\n  prefetch: true\n' +
        '- files: public/docs/**\n  url: https://www.example.com/docs/\n  strip: public/docs/\n'
    )
    const file = mapTargets(changes.slice(0, 1), rules).targets.find(
      t => t.url === 'https://www.example.com/docs/a/1.html'
    )
    expect(file).toMatchObject({ wanted: { refresh: true, prefetch: true } })
    expect(file?.refreshedAs).toBeUndefined()
  })
})

describe('directoryUrl', () => {
  it.each([
    ['https://h.example.com/docs/a/1.html', 'https://h.example.com/docs/a/'],
    ['https://h.example.com/1.html?x=a/b', 'https://h.example.com/'],
    ['https://h.example.com/docs/', 'https://h.example.com/docs/']
  ])('%s → %s', (url, dir) => {
    expect(directoryUrl(url)).toBe(dir)
  })
})

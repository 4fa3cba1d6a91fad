// mapTargets indexes rules by prefix, matches plain paths without minimatch where it can and
// expands templates per directory: these compare it with the straightforward definition.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Change, ChangeKind, ObjectType, Operation, Target } from '../src/model.js'
import {
  isPlainPath,
  parseRules,
  ruleDirTest,
  ruleDirTests,
  ruleMatches,
  rulePlainMatcher,
  wants
} from '../src/rules.js'
import type { CompiledRule } from '../src/rules.js'
import { directoryUrl, mapTargets, ruleUrls } from '../src/targets.js'

/** mapTargets as first written: every rule against every change, in rule order. */
function reference(changes: readonly Change[], rules: readonly CompiledRule[]) {
  const merged = new Map<string, Target>()
  const add = (
    url: string,
    host: string,
    rule: number,
    kind: ChangeKind,
    wanted: Record<Operation, boolean>,
    source: string,
    objectType: ObjectType = 'file',
    refreshedAs?: ObjectType
  ): void => {
    const key = objectType === 'file' ? url : `${objectType} ${url}`
    let target = merged.get(key)
    if (!target) {
      target = { url, host, sources: [], kind, rule, wanted: { ...wanted } }
      if (objectType !== 'file') target.objectType = objectType
      if (refreshedAs) target.refreshedAs = refreshedAs
      merged.set(key, target)
    } else {
      target.wanted.refresh ||= wanted.refresh
      target.wanted.prefetch ||= wanted.prefetch
      if (wanted.refresh) delete target.refreshedAs
    }
    if (!target.sources.includes(source)) target.sources.push(source)
  }
  const urls: string[][] = changes.map(() => [])
  for (const rule of rules) {
    changes.forEach((change, i) => {
      if (!ruleMatches(rule, change.path)) return
      const refresh = wants(rule, 'refresh', change.kind)
      const prefetch = wants(rule, 'prefetch', change.kind)
      const note = (url: string): void => {
        if (!urls[i]!.includes(url)) urls[i]!.push(url)
      }
      const host = rule.template.host
      for (const url of ruleUrls(rule, change.path)) {
        if (rule.refreshType === 'file') {
          add(url, host, rule.index, change.kind, { refresh, prefetch }, change.path)
          note(url)
          continue
        }
        const refreshUrl = rule.refreshType === 'directory' ? directoryUrl(url) : url
        if (refresh) {
          const only = { refresh: true, prefetch: false }
          add(refreshUrl, host, rule.index, change.kind, only, change.path, rule.refreshType)
          note(refreshUrl)
        }
        if (prefetch || !refresh) {
          const via = refresh ? rule.refreshType : undefined
          const fileOnly = { refresh: false, prefetch }
          add(url, host, rule.index, change.kind, fileOnly, change.path, 'file', via)
          note(url)
        }
      }
    })
  }
  const mapped = changes.map((c, i) => ({ path: c.path, kind: c.kind, urls: urls[i]! }))
  return {
    targets: [...merged.values()],
    unmatched: mapped.filter(m => m.urls.length === 0).map(m => m.path),
    mapped
  }
}

const RULES = `
- files: public/**
  exclude: [public/drafts/**, '**/*.map']
  url: https://www.example.com/
  index: [index.html, 'ü.htm']
  prefetch: [added, modified]
- files: ['public/**/*.html', '!public/private/**']
  url: https://m.example.com/{dir}{stem}.htm?x=1
- files: public/blog/**
  url: https://blog.example.com/{relative}
  strip: public/blog/
  refresh-type: directory
  prefetch: true
- files: '**/*.{png,jpg}'
  exclude: '**/thumbs/**'
  url: https://img.example.com/{path}?w=800
  refresh-type: ignore-params
- files: ['*.{html,txt}', 'a\\*b/*', '[pq]ublic/x/*', 'public/{a,b/c}/**']
  url: https://Root.example.com/{ext}/{name}/{path}
- files: ['**/sitemap*.xml', '+(docs|site)/**/?.md']
  url: https://www.example.com/{name}
- files: 'public/a/**'
  url: https://www.example.com/
  refresh-type: directory
- files: '**'
  exclude: 'public/**'
  url: https://any.example.com/{stem}/{dir}
`

const DIRS = [
  '',
  'public/',
  'public/a/',
  'public/b/c/',
  'public/blog/2024/',
  'public/drafts/',
  'public/private/',
  'public/thumbs/',
  'qublic/x/',
  'pqublic/x/',
  'a*b/',
  'docs/',
  'docs/x/y/',
  'site/über uns/',
  'public/日本語 dir/',
  'public/.hidden/',
  'public//',
  'public/./',
  'public/../',
  './',
  'public/%2e/',
  'publicity/'
]
const NAMES = [
  'index.html',
  'ü.htm',
  'a.html',
  '.html',
  'x.png',
  'y.jpg',
  'a.map',
  'readme.txt',
  'sitemap-1.xml',
  'a.md',
  'ab.md',
  '...',
  '..',
  '.',
  'café menu.html',
  '100%.txt',
  'a#b?.png',
  'lone\uD800.html',
  '😀.html',
  'noext',
  ''
]

function allChanges(): Change[] {
  const kinds: ChangeKind[] = ['added', 'modified', 'removed']
  const out: Change[] = []
  let k = 0
  for (const dir of DIRS)
    for (const name of NAMES) out.push({ path: dir + name, kind: kinds[k++ % 3]! })
  // The same path twice, and a path after its directory's index file.
  out.push(
    { path: 'public/a/index.html', kind: 'removed' },
    { path: 'public/a/z.html', kind: 'added' }
  )
  return out
}

describe('mapTargets, fast path', () => {
  const rules = parseRules(RULES)

  it('gives what every rule against every change gives, in the same order', () => {
    const changes = allChanges()
    expect(JSON.stringify(mapTargets(changes, rules))).toBe(
      JSON.stringify(reference(changes, rules))
    )
  })

  it('gives the same in any change order', () => {
    const changes = allChanges().reverse()
    expect(JSON.stringify(mapTargets(changes, rules))).toBe(
      JSON.stringify(reference(changes, rules))
    )
  })

  it('matches plain paths as minimatch does', () => {
    const globs = [
      'public/**',
      'public/**/*.html',
      '**/*.{png,jpg}',
      '*.{html,txt}',
      'a\\*b/*',
      '[pq]ublic/x/*',
      'public/{a,b/c}/**',
      '+(docs|site)/**/?.md',
      '**',
      '*',
      'public/**/x',
      '**/index.html',
      'public/a/index.html',
      '{public,docs}/**',
      'public/**/**/*.md',
      'public/!(drafts)/**',
      '**/.hidden/**',
      'public/*.{html,}',
      // Rows of literals and ** that end in **: answered per directory with a probe name.
      '**/b/**',
      'a/**/b/**',
      '**/index.html/**',
      '{**/b/**,a/*.x}',
      'public/*/index.html',
      '**/package.json'
    ]
    for (const glob of globs) {
      const [rule] = parseRules(`- files: ['${glob.replace(/'/g, "''")}']\n  url: https://h/`)
      const plain = rulePlainMatcher(rule!)
      // Names equal to a glob's literals, at depths around its own.
      const edges = ['b', 'a/b', 'x/b', 'a/x/b', 'a/b/c', 'x/b/y/z', 'index.html', 'x/index.html']
      for (const path of allChanges()
        .map(change => change.path)
        .concat(
          edges,
          edges.map(e => `a/${e}`)
        )) {
        if (!isPlainPath(path)) continue
        expect([glob, path, plain(path)]).toEqual([glob, path, ruleMatches(rule!, path)])
      }
    }
  })

  it('remembers a directory answer only where it holds for the directories below', () => {
    const segments = ['a', 'b', 'x', 'public', 'drafts', 'thumbs']
    const dirs = ['']
    for (let at = 0; at < dirs.length && dirs.length < 2000; at++) {
      if (dirs[at]!.split('/').length > 4) continue
      for (const s of segments) dirs.push(`${dirs[at]}${s}/`)
    }
    const globs = [
      ['public/**', 'public/drafts/**'],
      ['public/*/x/*.html'],
      ['a/b/**', '**/*.map'],
      ['**/thumbs/**'], // probed with the whole path: never remembered
      ['a/**/b/**'],
      ['*.{html,txt}'],
      ['{a,public/drafts}/**/*.md']
    ]
    for (const [files, ...exclude] of globs) {
      const [rule] = parseRules(
        `- files: '${files}'\n  exclude: ${JSON.stringify(exclude)}\n  url: https://h/`
      )
      const split = (dir: string): string[] => (dir === '' ? [] : dir.slice(0, -1).split('/'))
      // Deepest first and shallowest first: an answer remembered at one depth serves the others.
      for (const order of [[...dirs].reverse(), dirs]) {
        const remembered = ruleDirTests(rule!)
        for (const dir of order) {
          expect([files, dir, remembered(dir)]).toEqual([
            files,
            dir,
            ruleDirTest(rule!, split(dir), dir)
          ])
        }
      }
    }
  })

  it('merges one URL whether it is built as head and tail or whole', () => {
    // The first rule's URLs are found by directory head and file name; the others' are not (a
    // `/` after the name or after the directory, a dot segment) yet make some of the same URLs.
    const mixed = parseRules(`
- files: 'a/**'
  url: https://h.example.com/{path}
  index: [index.html]
  refresh-type: directory
  prefetch: true
- files: 'a/**'
  url: https://h.example.com/{dir}{stem}/
- files: 'a/**'
  url: https://h.example.com/{dir}x/../{name}
- files: 'a/**'
  url: https://h.example.com/a/./{relative}
  strip: a/
- files: 'a/**'
  url: https://h.example.com/{dir}{name}?v=1/2
`)
    const changes: Change[] = [
      { path: 'a/b.x', kind: 'added' },
      { path: 'a/b/index.html', kind: 'modified' },
      { path: 'a/b/c.html', kind: 'removed' },
      { path: 'a/b/.x', kind: 'added' },
      { path: 'a/b/%2e', kind: 'modified' },
      { path: 'a/日本/c.html', kind: 'added' },
      { path: 'a/b/c.html', kind: 'modified' }
    ]
    expect(JSON.stringify(mapTargets(changes, mixed))).toBe(
      JSON.stringify(reference(changes, mixed))
    )
  })

  it('tells plain paths from others', () => {
    expect(['a', 'a/b.c', '.a/..b', 'a/.../b'].map(isPlainPath)).toEqual([true, true, true, true])
    expect(['a//b', 'a/', './a', 'a/../b', 'a/.', '..'].map(isPlainPath)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false
    ])
  })

  // Name portions of literal text around one `*` (and minimatch's @(…|…) of them) are tested by
  // prefix and suffix instead of minimatch's matcher: the same answers for any name.
  it('answers one-star name portions as minimatch does, for any name', () => {
    // Each glob with the directory its names are tried in.
    const cases: [glob: string, dir: string][] = [
      ['**/*.png', 'x/y/'],
      ['*.{css,js}', ''],
      ['**/sitemap*.xml', 'x/'],
      ['d/*', 'd/'],
      ['d/a*', 'd/'],
      ['d/*a', 'd/'],
      ['d/*.', 'd/'],
      ['d/.*', 'd/'],
      ['d/x*y*z', 'd/'],
      ['d/a|b*', 'd/'],
      ['d/@(a*|b*)', 'd/'],
      ['d/\\*.js', 'd/'],
      ['d/*.[jt]s', 'd/'],
      ['d/?*.md', 'd/']
    ]
    const rules = cases.map(
      ([glob]) => parseRules(`- files: ['${glob.replace(/'/g, "''")}']\n  url: https://h/`)[0]!
    )
    const nameArb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom(
        '.',
        '..',
        '.png',
        'a.png',
        'png',
        'sitemap.xml',
        'sitemap-1.xml',
        'a',
        'x',
        'xyz',
        'xayaz',
        'a|b',
        'a|bc',
        'b.js',
        '*.js',
        'a.ts',
        'x.md',
        '.md',
        '😀.png',
        '\ud800.css'
      ),
      fc
        .tuple(
          fc.constantFrom('', '.', 'a', 'x', 'sitemap'),
          fc.string({ maxLength: 3 }),
          fc.constantFrom('.png', '.js', '.css', '.xml', 'z', '')
        )
        .map(parts => parts.join(''))
    )
    fc.assert(
      fc.property(
        nameArb.filter(name => name !== '' && !name.includes('/')),
        name => {
          for (const [k, rule] of rules.entries()) {
            const [glob, dir] = cases[k]!
            const path = dir + name
            if (!isPlainPath(path)) continue
            expect([glob, name, rulePlainMatcher(rule)(path)]).toEqual([
              glob,
              name,
              ruleMatches(rule, path)
            ])
          }
        }
      ),
      { seed: 9, numRuns: 1000 }
    )
    // The fast test is the one used for the simple portions (and only for them).
    const kinds = rules.map((rule, k) => {
      const dir = cases[k]![1]
      const test = ruleDirTest(rule, dir === '' ? [] : dir.slice(0, -1).split('/'), dir)
      const portion = typeof test === 'object' ? test.include[0] : undefined
      return portion === undefined || typeof portion === 'string'
        ? typeof portion
        : portion.constructor.name
    })
    expect(kinds).toEqual([
      ...Array<string>(8).fill('AffixPortion'),
      'Matcher', // two stars
      'Matcher', // a literal `|` outside @(…)
      'AffixPortion',
      'string', // an escaped `*`: minimatch's own literal
      'Matcher',
      'Matcher'
    ])
    // `.` and `..` (never a plain path's name, so not tried above) are refused as minimatch does.
    for (const [k, rule] of rules.entries()) {
      const dir = cases[k]![1]
      const test = ruleDirTest(rule, dir === '' ? [] : dir.slice(0, -1).split('/'), dir)
      const portion = typeof test === 'object' ? test.include[0] : undefined
      if (portion === undefined || typeof portion === 'string') continue
      expect([cases[k]![0], portion.test('.'), portion.test('..')]).toEqual([
        cases[k]![0],
        false,
        false
      ])
    }
  })
})

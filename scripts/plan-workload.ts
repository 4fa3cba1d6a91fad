// The planning workload of `npm run bench` (issue 9, target 1): realistic changed paths (mixed
// directories, extensions, non-ASCII names) and 50 rules (globs, excludes, index documents,
// templates, refresh types, several hosts), plus the obvious implementation to compare against.
import { minimatch, type MinimatchOptions } from 'minimatch'
import type { Change, ChangeKind, TargetSet } from '../src/model.js'
import type { CompiledRule } from '../src/rules.js'
import { ruleUrls, urlSplit } from '../src/targets.js'
import { encodePiece } from '../src/url.js'

const LANGS = ['en', 'de', 'fr', 'es', 'ja', 'zh', 'ko', 'ru', 'pt', 'it']
const SECTIONS = ['guide', 'api', 'cli', 'faq', 'howto', 'ops', 'sdk', 'release', 'blog', 'ref']

function buildRules(): string {
  const rules: string[] = [
    `- files: public/**
  exclude: [public/drafts/**, '**/*.map']
  url: https://www.example.com/
  index: [index.html]
  prefetch: [added, modified]`,
    `- files: public/assets/**
  url: https://static.example.com/v1/{relative}
  strip: public/assets/`,
    `- files: ['public/**/*.html', '!public/private/**']
  url: https://m.example.com/{dir}{stem}.htm`,
    `- files: public/blog/**
  url: https://blog.example.com/{relative}
  strip: public/blog/
  refresh-type: directory`,
    `- files: '**/*.woff2'
  url: https://fonts.example.com/{name}`,
    `- files: '**/*.{png,jpg,webp}'
  exclude: '**/thumbs/**'
  url: https://img.example.com/{path}?w=800
  refresh-type: ignore-params
  prefetch: true`
  ]
  for (let k = 0; k < 10; k++) {
    rules.push(`- files: sites/site${k}/**
  url: https://site${k}.example.com/
  index: [index.html, index.htm]`)
    rules.push(`- files: 'sites/site${k}/**/*.{css,js}'
  url: https://cdn${k}.example.com/{relative}?v=1
  strip: sites/site${k}/
  prefetch: true`)
  }
  for (const lang of LANGS) {
    rules.push(`- files: public/${lang}/**
  url: https://${lang}.example.com/{relative}
  index: [index.html]`)
  }
  for (const section of SECTIONS) {
    rules.push(`- files: docs/${section}/**/*.md
  url: https://docs.example.com/${section}/{dir}{stem}/`)
  }
  rules.push(`- files: '**/sitemap*.xml'
  url: https://www.example.com/{name}`)
  rules.push(`- files: media/**
  exclude: [media/raw/**, '**/*.tmp']
  url: https://media.example.com/{relative}
  prefetch: true`)
  rules.push(`- files: '*.{html,txt}'
  url: https://root.example.com/{name}`)
  rules.push(`- files: '**/*.json'
  exclude: '**/package.json'
  url: https://api.example.com/data/{path}`)
  return rules.join('\n')
}

/** The bench's 50 rules, as the `rules` input. */
export const BENCH_RULES = buildRules()

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'news',
  'über uns',
  'café',
  'Straße',
  '日本語',
  'naïve',
  'résumé',
  'products',
  'team',
  '2024',
  'archive',
  'a b',
  '100%',
  'emoji 🎉',
  'данные',
  'guide',
  'img',
  'thumbs',
  'x^y'
]
const STEMS = ['index', 'page', 'post', 'café', 'Ünïcödé', '写真', 'report final', 'app', 'main']
const EXTS = ['html', 'html', 'css', 'js', 'png', 'jpg', 'webp', 'svg', 'woff2', 'json', 'md']
const AREAS: [weight: number, make: (r: () => number, pick: <T>(a: T[]) => T) => string][] = [
  [30, (r, pick) => `public/${pick(WORDS)}/${pick(WORDS)}/`],
  [8, (r, pick) => `public/assets/${pick(['css', 'js', 'img', 'fonts'])}/${pick(WORDS)}/`],
  [8, (r, pick) => `public/blog/${2015 + Math.floor(r() * 10)}/${pick(WORDS)}/`],
  [12, (r, pick) => `public/${pick(LANGS)}/${pick(WORDS)}/`],
  [15, (r, pick) => `sites/site${Math.floor(r() * 10)}/${pick(WORDS)}/${pick(WORDS)}/`],
  [8, (r, pick) => `docs/${pick(SECTIONS)}/${pick(WORDS)}/`],
  [5, (r, pick) => `media/${pick(['video', 'raw', 'audio'])}/${pick(WORDS)}/`],
  [12, (r, pick) => `src/${pick(['components', 'lib', 'util'])}/${pick(WORDS)}/`],
  [1, () => ''],
  [1, () => 'public/drafts/']
]
const KINDS: ChangeKind[] = ['added', 'modified', 'modified', 'modified', 'removed']

/**
 * `n` changed paths, the same for the same `n`: about 25 files per directory, a fifth of the names
 * non-ASCII or with characters that need encoding, some paths matching no rule. In git's order, as
 * `git diff` and the compare API list them, unless `order` is `random` (the order they were drawn
 * in, which no source of changes gives: a reference for how much the order costs).
 */
export function benchChanges(n: number, order: 'git' | 'random' = 'git'): Change[] {
  const r = random(n)
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!
  const total = AREAS.reduce((sum, [w]) => sum + w, 0)
  const dirs: string[] = []
  for (let i = 0; i < Math.max(50, Math.ceil(n / 25)); i++) {
    let w = r() * total
    const area = AREAS.find(([weight]) => (w -= weight) < 0) ?? AREAS[0]!
    dirs.push(area[1](r, pick) + (r() < 0.5 ? `${pick(WORDS)}-${i}/` : ''))
  }
  const paths: string[] = []
  const kinds: ChangeKind[] = []
  for (let i = 0; i < n; i++) {
    const ext = r() < 0.02 ? pick(['xml', 'txt', 'tmp', 'map']) : pick(EXTS)
    const stem = r() < 0.05 ? 'index' : `${pick(STEMS)}-${i}`
    const name = ext === 'xml' ? `sitemap-${i}.xml` : `${stem}.${ext}`
    paths.push(pick(dirs) + name)
    kinds.push(pick(KINDS))
  }
  // Git lists paths in the byte order of their UTF-8; for these names (no code point from U+E000 to
  // U+FFFF, where it differs from UTF-16's) that is the default sort's order. Kinds are drawn apart
  // from paths, so they stay in draw order.
  if (order === 'git') paths.sort()
  // The paths as the action receives them: cut from one NUL-separated `git diff -z` output
  // (src/changes/git.ts), so flat strings rather than the concatenations built above, which the
  // first look at each would flatten inside the timed and measured mapping.
  return paths
    .join('\0')
    .split('\0')
    .map((path, i) => ({ path, kind: kinds[i]! }))
}

// As in src/rules.ts.
const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true,
  nonegate: true,
  platform: 'linux'
}

/**
 * The obvious implementation, for reference: a `minimatch(path, glob)` call for every path and
 * glob, then each URL built and collected by URL. Returns the number of distinct URLs.
 */
export function obviousMap(changes: readonly Change[], rules: readonly CompiledRule[]): number {
  const urls = new Map<string, string[]>()
  for (const rule of rules) {
    const include = rule.include.map(g => g.pattern)
    const exclude = rule.exclude.map(g => g.pattern)
    for (const change of changes) {
      const path = change.path
      if (!include.some(g => minimatch(path, g, GLOB_OPTIONS))) continue
      if (exclude.some(g => minimatch(path, g, GLOB_OPTIONS))) continue
      for (const url of ruleUrls(rule, path)) {
        const sources = urls.get(url)
        if (sources) sources.push(path)
        else urls.set(url, [path])
      }
    }
  }
  return urls.size
}

/** One URL of one change, as floorMap is handed it: its head's table, and its tail when unusual. */
interface FloorStep {
  head: string
  table: Map<string, number>
  /** The tail after `head`; undefined when it is the change's encoded file name (most URLs). */
  tail: string | undefined
}

/**
 * What floorMap is handed for free (see there): for each change, the URLs the action makes of it,
 * each cut as mapTargets cuts it (urlSplit) into a shared head (with its own table) and a tail.
 */
export function prepareFloor(set: TargetSet): FloorStep[][] {
  const heads = new Map<string, { head: string; table: Map<string, number> }>()
  return set.mapped.map(({ path, urls }) => {
    const name = encodePiece(path.slice(path.lastIndexOf('/') + 1))
    return urls.map(url => {
      const split = urlSplit(url)
      const headText = url.slice(0, split)
      let head = heads.get(headText)
      if (!head) heads.set(headText, (head = { head: headText, table: new Map() }))
      const tail = url.slice(split)
      return { head: head.head, table: head.table, tail: tail === name ? undefined : tail }
    })
  })
}

/**
 * A floor for mapping as this action does it (URLs as strings, found again through hash tables):
 * only what no such implementation can skip, with everything else handed to it for free. Which
 * rules match which path, the heads of their URLs and any tail other than the encoded file name
 * come from `steps` (prepareFloor, untimed); it cuts each matched change's name, encodes it once,
 * and for each URL builds head + tail, looks the tail up in the head's table and records a new URL
 * with its first source. No glob is tested, no rule or kind kept, no plan or batch made. Returns
 * the number of distinct URLs (the table contents differ from mapTargets' only in object types).
 */
export function floorMap(changes: readonly Change[], steps: readonly FloorStep[][]): number {
  const urls: string[] = []
  const sources: number[] = []
  for (let i = 0; i < changes.length; i++) {
    const mine = steps[i]!
    if (mine.length === 0) continue
    const path = changes[i]!.path
    const name = encodePiece(path.slice(path.lastIndexOf('/') + 1))
    for (let k = 0; k < mine.length; k++) {
      const step = mine[k]!
      const tail = step.tail ?? name
      if (step.table.has(tail)) continue
      step.table.set(tail, urls.length)
      urls.push(step.head + tail)
      sources.push(i)
    }
  }
  return urls.length
}

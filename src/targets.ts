import type { Change, ChangeKind, ObjectType, Target, TargetSet } from './model.js'
import {
  isPlainPath,
  nameTestMatches,
  ruleDirTest,
  ruleKeys,
  ruleMatches,
  wants,
  type CompiledRule,
  type DirTest
} from './rules.js'
import {
  directoryParts,
  encodePiece,
  expandUrl,
  hostOf,
  normalizeDirectUrls,
  pathParts
} from './url.js'

/** URLs given directly in the `urls` and `prefetch-urls` inputs. */
export interface DirectUrls {
  refresh: readonly string[]
  prefetch: readonly string[]
}

/** The URLs one rule makes for one file: its own, then its directory's when it is an index file. */
export function ruleUrls(rule: CompiledRule, path: string): string[] {
  const parts = pathParts(path, rule.strip)
  const url = expandUrl(rule.template, parts)
  if (!rule.indexNames.has(parts.name)) return [url]
  return [url, expandUrl(rule.template, directoryParts(parts))]
}

/**
 * The URL of the directory a URL names a file in, with the query dropped:
 * `https://h/docs/a/1.html?v=2` → `https://h/docs/a/`. A directory URL stays as it is.
 */
export function directoryUrl(url: string): string {
  const query = url.indexOf('?')
  const path = query < 0 ? url : url.slice(0, query)
  return path.slice(0, path.lastIndexOf('/') + 1)
}

/** A rule's URL template as pieces of a path: literal text, or a part of the file or its directory. */
type Atom = string | 0 | 1 | 2 | 3 | 4
const PATH_DIR = 0 // the directory of `path`, encoded
const RELATIVE_DIR = 1 // the directory of `relative` (= `dir`), encoded
const NAME = 2
const STEM = 3
const EXT = 4

/** A rule ready for mapping: everything that does not depend on the path computed once. */
interface RulePlan {
  rule: CompiledRule
  host: string
  /** Template atoms up to the first part of the file name: the same for every file of a directory. */
  head: readonly Atom[]
  /** The rest, expanded per file. */
  tail: readonly Atom[]
  /** wanted[kind]: [refresh, prefetch]. */
  wanted: Record<ChangeKind, readonly [boolean, boolean]>
  /** Per directory (by its number in mapTargets): the expanded head, and the index document's directory URL once needed. */
  dirs: (RuleDir | undefined)[]
  /** Per directory: what the rule's globs say about its plain files (see ruleDirTest). */
  tests: (DirTest | undefined)[]
  /**
   * The tail holds no directory and no literal `/`: with a head that ends in `/` (see RuleDir.fast),
   * a URL splits into head and tail exactly where urlSplit cuts it.
   */
  slashFreeTail: boolean
  /** The tail's literal text alone: what an index document's directory URL adds to the head. */
  tailLiterals: string
}

interface RuleDir {
  head: string
  relativeDir: string
  dirUrl?: string
  /**
   * The head ends in `/`, holds no `?` and no dot segment, the template is normal and its tail
   * slash-free: every URL of the directory is `head + tail` with urlSplit at head.length, so
   * targets are found by tail in the tables below, without building or hashing the whole URL.
   */
  fast: boolean
  /** Tables (see mapTargets: `table`) of this head, per object type, once used. */
  files?: ByTail
  refreshes?: ByTail
}

/** Targets with one URL prefix (see urlSplit), by the rest of the URL. */
type ByTail = Map<string, Target>

/**
 * Where a URL's last path segment begins (after the last `/` before any `?`): the point at which
 * mapTargets cuts every URL into the two keys of its tables. A function of the URL alone, so two
 * URLs are equal exactly when both their parts are.
 */
function urlSplit(url: string): number {
  const query = url.indexOf('?')
  if (query === 0) return 0
  return url.lastIndexOf('/', query < 0 ? url.length - 1 : query - 1) + 1
}

function planRule(rule: CompiledRule): RulePlan {
  const atoms: Atom[] = []
  for (const piece of rule.template.pieces) {
    if (typeof piece === 'string') atoms.push(piece)
    else if (piece.placeholder === 'path') atoms.push(PATH_DIR, NAME)
    else if (piece.placeholder === 'relative') atoms.push(RELATIVE_DIR, NAME)
    else if (piece.placeholder === 'dir') atoms.push(RELATIVE_DIR)
    else atoms.push(piece.placeholder === 'name' ? NAME : piece.placeholder === 'stem' ? STEM : EXT)
  }
  let split = atoms.findIndex(a => a === NAME || a === STEM || a === EXT)
  if (split < 0) split = atoms.length
  const kinds = (kind: ChangeKind): readonly [boolean, boolean] => [
    wants(rule, 'refresh', kind),
    wants(rule, 'prefetch', kind)
  ]
  const tail = atoms.slice(split)
  return {
    rule,
    host: rule.template.host,
    head: atoms.slice(0, split),
    tail,
    slashFreeTail: tail.every(a =>
      typeof a === 'string' ? !a.includes('/') : a !== PATH_DIR && a !== RELATIVE_DIR
    ),
    tailLiterals: tail.filter(a => typeof a === 'string').join(''),
    wanted: { added: kinds('added'), modified: kinds('modified'), removed: kinds('removed') },
    dirs: [],
    tests: []
  }
}

// See expandUrl: only a URL that may hold a dot segment goes through the URL parser.
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=[/?#]|$)/i
function normalUrl(rule: CompiledRule, text: string): string {
  if (
    rule.template.normal &&
    ((!text.includes('/.') && !text.includes('/%')) || !DOT_SEGMENT.test(text))
  )
    return text
  return new URL(text).href
}

/**
 * What mapTargets knows of the changed paths, by position in the change list: each one's
 * directory, and the encoded parts of its name once a template needs them. Parallel arrays
 * rather than an object (and a name string) per path: they are all dropped with the mapping.
 */
class PathTable {
  readonly dirs: Directory[]
  private readonly names: (string | undefined)[]
  private stems?: (string | undefined)[]
  private exts?: (string | undefined)[]
  constructor(private readonly changes: readonly Change[]) {
    this.dirs = new Array<Directory>(changes.length)
    this.names = new Array<string | undefined>(changes.length)
  }

  name(i: number): string {
    const path = this.changes[i]!.path
    return path.slice(path.lastIndexOf('/') + 1)
  }

  part(i: number, atom: 2 | 3 | 4): string {
    if (atom === NAME) {
      const known = this.names[i]
      if (known !== undefined) return known
      return (this.names[i] = encodePiece(this.name(i)))
    }
    const cache =
      atom === STEM
        ? (this.stems ??= new Array<string | undefined>(this.changes.length))
        : (this.exts ??= new Array<string | undefined>(this.changes.length))
    const known = cache[i]
    if (known !== undefined) return known
    const name = this.name(i)
    const dot = name.lastIndexOf('.')
    return (cache[i] =
      atom === STEM
        ? encodePiece(dot > 0 ? name.slice(0, dot) : name)
        : dot > 0
          ? encodePiece(name.slice(dot + 1))
          : '')
  }
}

interface Directory {
  /** Its number: the index of its RuleDir and DirTest in every RulePlan. */
  id: number
  path: string
  encoded: string
  /** Rules that may match its plain files (by prefix, then by ruleDirTest), ascending. */
  rules: number[]
  /** Their DirTests, in the same order (moved to the RulePlans once every directory is known). */
  tests?: DirTest[]
}

/** A slash-free tail (see RulePlan.slashFreeTail) for one file: often just its cached encoded name. */
function fileTail(tail: readonly Atom[], paths: PathTable, i: number): string {
  if (tail.length === 1) {
    const atom = tail[0]!
    return typeof atom === 'string' ? atom : paths.part(i, atom as 2 | 3 | 4)
  }
  let text = ''
  for (const atom of tail) {
    text += typeof atom === 'string' ? atom : paths.part(i, atom as 2 | 3 | 4)
  }
  return text
}

/**
 * The four `wanted` values, one object each: targets share them instead of holding one object
 * apiece (nothing mutates a target's `wanted`; mapTargets replaces it when a rule adds to it).
 */
const WANTED: readonly Target['wanted'][] = [
  Object.freeze({ refresh: false, prefetch: false }),
  Object.freeze({ refresh: false, prefetch: true }),
  Object.freeze({ refresh: true, prefetch: false }),
  Object.freeze({ refresh: true, prefetch: true })
]
const wantedFlags = (refresh: boolean, prefetch: boolean): Target['wanted'] =>
  WANTED[(refresh ? 2 : 0) + (prefetch ? 1 : 0)]!

/**
 * Maps changed files through every rule whose globs match them, then adds the direct URLs. One
 * Target per URL: sources unioned, `wanted` OR-ed, `rule` and `kind` from the first producer.
 * Targets come in rule order, then change order, direct URLs last: the plan relies on it.
 *
 * Linear in changes × matching rules: rules are indexed by the literal directories their globs
 * start with, so a path is only matched against rules that can match it; each directory is
 * encoded once, and each rule expands its URL template once per directory. Most URLs are then the
 * directory's head plus a short tail (see RuleDir.fast): found by that tail in the head's table
 * and kept as the concatenation, never built flat or hashed whole.
 */
export function mapTargets(
  changes: readonly Change[],
  rules: readonly CompiledRule[],
  direct: DirectUrls = { refresh: [], prefetch: [] }
): TargetSet {
  // Targets are kept in two-level tables: per object type (a file and a directory refresh of one
  // URL are two targets), by the URL up to urlSplit, then by the rest. A rule's directory finds its
  // table once, so most URLs are looked up by a short tail (often the cached encoded file name)
  // and are never built flat or hashed whole.
  const tables = new Map<ObjectType, Map<string, ByTail>>()
  const table = (objectType: ObjectType, prefix: string): ByTail => {
    let byPrefix = tables.get(objectType)
    if (!byPrefix) tables.set(objectType, (byPrefix = new Map()))
    let byTail = byPrefix.get(prefix)
    if (!byTail) byPrefix.set(prefix, (byTail = new Map()))
    return byTail
  }
  // Targets in creation order (the order of the result), whatever their object type.
  const order: Target[] = []
  // The `[path]` of the change being mapped, shared by the targets it is the only source of.
  const singles = new Array<string[] | undefined>(changes.length)
  let single: string[] | undefined
  // Sources are searched directly while short; a URL with many sources gets a Set.
  const manySources = new Map<Target, Set<string>>()
  const addTo = (
    byTail: ByTail,
    tail: string,
    url: string,
    host: string,
    rule: number,
    kind: ChangeKind,
    refresh: boolean,
    prefetch: boolean,
    source: string | undefined,
    objectType: ObjectType,
    refreshedAs: ObjectType | undefined
  ): void => {
    const target = byTail.get(tail)
    if (!target) {
      // Targets with one source share that change's `[path]` (see `single`); a second source
      // replaces the shared array (a literal, exactly two slots) instead of growing it.
      const sources =
        source === undefined ? [] : single !== undefined && single[0] === source ? single : [source]
      const wanted = wantedFlags(refresh, prefetch)
      // Each shape as one literal: its fields in the object itself, none added afterwards.
      const created: Target =
        objectType === 'file'
          ? refreshedAs
            ? { url, host, sources, kind, rule, wanted, refreshedAs }
            : { url, host, sources, kind, rule, wanted }
          : refreshedAs
            ? { url, host, sources, kind, rule, wanted, objectType, refreshedAs }
            : { url, host, sources, kind, rule, wanted, objectType }
      byTail.set(tail, created)
      order.push(created)
      return
    }
    const wanted = target.wanted
    if ((refresh && !wanted.refresh) || (prefetch && !wanted.prefetch)) {
      target.wanted = wantedFlags(refresh || wanted.refresh, prefetch || wanted.prefetch)
    }
    // A refresh another rule asks for as a file is a file refresh after all.
    if (refresh && target.refreshedAs !== undefined) delete target.refreshedAs
    if (source === undefined) return
    const sources = target.sources
    const count = sources.length
    if (count > 0 && sources[count - 1] === source) return
    if (count === 1) {
      target.sources = [sources[0]!, source]
      return
    }
    if (count <= 8) {
      if (sources.includes(source)) return
      sources.push(source)
      if (count === 8) manySources.set(target, new Set(sources))
      return
    }
    const seen = manySources.get(target)!
    if (seen.has(source)) return
    seen.add(source)
    sources.push(source)
  }
  const add = (
    url: string,
    host: string,
    rule: number,
    kind: ChangeKind,
    refresh: boolean,
    prefetch: boolean,
    source: string | undefined,
    objectType: ObjectType,
    refreshedAs: ObjectType | undefined
  ): void => {
    const at = urlSplit(url)
    const byTail = table(objectType, url.slice(0, at))
    addTo(
      byTail,
      url.slice(at),
      url,
      host,
      rule,
      kind,
      refresh,
      prefetch,
      source,
      objectType,
      refreshedAs
    )
  }

  const plans = rules.map(planRule)
  // Rules by the literal directory their globs start with; rules without one meet every path.
  const byPrefix = new Map<string, number[]>()
  const everywhere: number[] = []
  plans.forEach((plan, r) => {
    for (const prefix of ruleKeys(plan.rule).prefixes) {
      if (prefix === '') everywhere.push(r)
      else {
        const list = byPrefix.get(prefix)
        if (list) list.push(r)
        else byPrefix.set(prefix, [r])
      }
    }
  })
  const all = plans.map((_, r) => r)
  const candidatesOf = (dir: string): number[] => {
    if (byPrefix.size === 0) return everywhere
    const found = new Set(everywhere)
    for (let slash = dir.indexOf('/'); slash >= 0; slash = dir.indexOf('/', slash + 1)) {
      const list = byPrefix.get(dir.slice(0, slash + 1))
      if (list) for (const r of list) found.add(r)
    }
    return [...found].sort((a, b) => a - b)
  }

  const directories = new Map<string, Directory>()
  const paths = new PathTable(changes)
  // Per change: 1 for a plain path (see isPlainPath, no leading `/`): its directory's DirTests hold.
  const plainPaths = new Uint8Array(changes.length)
  // Per change, the rules it meets; per rule, how many changes meet it.
  const candidatesPerChange: number[][] = new Array<number[]>(changes.length)
  const counts = new Int32Array(plans.length)
  for (let i = 0; i < changes.length; i++) {
    const path = changes[i]!.path
    const slash = path.lastIndexOf('/')
    const dirPath = path.slice(0, slash + 1)
    let directory = directories.get(dirPath)
    if (!directory) {
      const id = directories.size
      // Rules whose globs reach no file here are dropped for the whole directory.
      const dirs = dirPath === '' ? [] : dirPath.slice(0, -1).split('/')
      const rules: number[] = []
      const tests: DirTest[] = []
      for (const r of candidatesOf(dirPath)) {
        const test = ruleDirTest(plans[r]!.rule, dirs, dirPath)
        if (test === false) continue
        rules.push(r)
        tests.push(test)
      }
      directory = { id, path: dirPath, encoded: encodePiece(dirPath), rules, tests }
      directories.set(dirPath, directory)
    }
    paths.dirs[i] = directory
    // The index and the DirTests hold for paths as git stores them; any other meets every rule.
    const plain = path.charCodeAt(0) !== 47 /* / */ && isPlainPath(path)
    if (plain) plainPaths[i] = 1
    const candidates = plain ? directory.rules : all
    candidatesPerChange[i] = candidates
    for (let c = 0; c < candidates.length; c++) counts[candidates[c]!]!++
  }
  // Per rule, arrays indexed by directory number, allocated whole: filled as they were found, they
  // would be sparse and V8 would keep them as slow dictionaries.
  for (const plan of plans) {
    plan.dirs = new Array<RuleDir | undefined>(directories.size).fill(undefined)
    plan.tests = new Array<DirTest | undefined>(directories.size).fill(undefined)
  }
  for (const directory of directories.values()) {
    directory.rules.forEach((r, k) => (plans[r]!.tests[directory.id] = directory.tests![k]))
    directory.tests = undefined
  }
  // Per rule, the changes that can match it, in change order: one typed array per rule, sized
  // by the count above, so no list grows (and is copied) as it is filled.
  const perRule = plans.map((_, r) => new Int32Array(counts[r]!))
  counts.fill(0)
  for (let i = 0; i < changes.length; i++) {
    const candidates = candidatesPerChange[i]!
    for (let c = 0; c < candidates.length; c++) {
      const r = candidates[c]!
      perRule[r]![counts[r]!++] = i
    }
  }

  const urlsPerChange: (string[] | undefined)[] = new Array<string[] | undefined>(changes.length)
  const note = (i: number, url: string): void => {
    const mapped = urlsPerChange[i]
    // Literal arrays of one and two hold exactly that many slots; a push onto one reserves 17.
    if (!mapped) urlsPerChange[i] = [url]
    else if (mapped.length === 1) {
      if (mapped[0] !== url) urlsPerChange[i] = [mapped[0]!, url]
    } else if (!mapped.includes(url)) mapped.push(url)
  }
  const expand = (
    plan: RulePlan,
    ruleDir: RuleDir,
    directory: Directory,
    /** The change whose file URL this is; -1 for the directory's own URL. */
    i: number
  ): string => {
    let text = ruleDir.head
    for (const atom of plan.tail) {
      text +=
        typeof atom === 'string'
          ? atom
          : atom === PATH_DIR
            ? directory.encoded
            : atom === RELATIVE_DIR
              ? ruleDir.relativeDir
              : i >= 0
                ? paths.part(i, atom)
                : ''
    }
    return normalUrl(plan.rule, text)
  }

  plans.forEach((plan, r) => {
    const { rule, host, wanted: wantedByKind } = plan
    const tests = plan.tests
    const refreshType = rule.refreshType
    const ofRule = perRule[r]!
    for (let k = 0; k < ofRule.length; k++) {
      const i = ofRule[k]!
      const change = changes[i]!
      const path = change.path
      const directory = paths.dirs[i]!
      if (plainPaths[i] === 1) {
        const test = tests[directory.id]!
        if (test !== true && (test === false || !nameTestMatches(test, paths.name(i), path)))
          continue
      } else if (!ruleMatches(rule, path)) continue
      single = singles[i] ??= [path]
      let ruleDir = plan.dirs[directory.id]
      if (!ruleDir) {
        const strip = rule.strip
        const relative =
          strip !== '' && directory.path.startsWith(strip)
            ? directory.path.slice(strip.length)
            : directory.path
        const relativeDir = relative === directory.path ? directory.encoded : encodePiece(relative)
        let head = ''
        for (const atom of plan.head) {
          head +=
            typeof atom === 'string' ? atom : atom === PATH_DIR ? directory.encoded : relativeDir
        }
        const fast =
          rule.template.normal &&
          plan.slashFreeTail &&
          head.endsWith('/') &&
          !head.includes('?') &&
          !DOT_SEGMENT.test(head)
        ruleDir = { head, relativeDir, fast }
        plan.dirs[directory.id] = ruleDir
      }
      const kind = change.kind
      const wanted = wantedByKind[kind]
      const refresh = wanted[0]
      const prefetch = wanted[1]
      const index = rule.indexNames.size > 0 && rule.indexNames.has(paths.name(i))
      for (let u = 0; u < (index ? 2 : 1); u++) {
        // Fast: the URL is head + tail (see RuleDir.fast), unless the tail could begin a dot
        // segment after the head's last `/`; then the URL is built and normalized whole.
        let tail: string | undefined
        if (ruleDir.fast) {
          tail = u === 0 ? fileTail(plan.tail, paths, i) : plan.tailLiterals
          const first = tail.charCodeAt(0)
          if (first === 46 /* . */ || first === 37 /* % */) tail = undefined
        }
        const url =
          tail !== undefined
            ? tail === ''
              ? ruleDir.head
              : ruleDir.head + tail
            : u === 0
              ? expand(plan, ruleDir, directory, i)
              : (ruleDir.dirUrl ??= expand(plan, ruleDir, directory, -1))
        if (refreshType === 'file') {
          if (tail === undefined)
            add(url, host, rule.index, kind, refresh, prefetch, path, 'file', undefined)
          else {
            const files = (ruleDir.files ??= table('file', ruleDir.head))
            addTo(
              files,
              tail,
              url,
              host,
              rule.index,
              kind,
              refresh,
              prefetch,
              path,
              'file',
              undefined
            )
          }
          note(i, url)
          continue
        }
        // The refresh goes to the directory (or to the URL whatever its query); the file URL
        // stays a target only for a prefetch, or to say how it is refreshed.
        if (refresh) {
          if (tail === undefined) {
            const refreshUrl = refreshType === 'directory' ? directoryUrl(url) : url
            add(refreshUrl, host, rule.index, kind, true, false, path, refreshType, undefined)
            note(i, refreshUrl)
          } else {
            // A fast URL's directory is its head (no `/` in the tail, no `?` in the head).
            const refreshes = (ruleDir.refreshes ??= table(refreshType, ruleDir.head))
            const directoryRefresh = refreshType === 'directory'
            const refreshUrl = directoryRefresh ? ruleDir.head : url
            const key = directoryRefresh ? '' : tail
            addTo(
              refreshes,
              key,
              refreshUrl,
              host,
              rule.index,
              kind,
              true,
              false,
              path,
              refreshType,
              undefined
            )
            note(i, refreshUrl)
          }
        }
        if (prefetch || !refresh) {
          const via = refresh ? refreshType : undefined
          if (tail === undefined)
            add(url, host, rule.index, kind, false, prefetch, path, 'file', via)
          else {
            const files = (ruleDir.files ??= table('file', ruleDir.head))
            addTo(files, tail, url, host, rule.index, kind, false, prefetch, path, 'file', via)
          }
          note(i, url)
        }
      }
    }
  })

  for (const url of normalizeDirectUrls('urls', direct.refresh)) {
    add(url, hostOf(url), -1, 'modified', true, false, undefined, 'file', undefined)
  }
  for (const url of normalizeDirectUrls('prefetch-urls', direct.prefetch)) {
    add(url, hostOf(url), -1, 'added', false, true, undefined, 'file', undefined)
  }

  const mapped: TargetSet['mapped'] = new Array<TargetSet['mapped'][number]>(changes.length)
  const unmatched: string[] = []
  for (let i = 0; i < changes.length; i++) {
    const { path, kind } = changes[i]!
    const urls = urlsPerChange[i] ?? []
    if (urls.length === 0) unmatched.push(path)
    mapped[i] = { path, kind, urls }
  }
  return { targets: order, unmatched, mapped }
}

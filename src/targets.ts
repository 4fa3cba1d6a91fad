import type { Change, ChangeKind, ObjectType, Target, TargetSet } from './model.js'
import {
  isPlainPath,
  nameTestMatches,
  ruleDirTests,
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
  /**
   * The tail holds no directory and no literal `/`: with a head that ends in `/` (see RuleDir.fast),
   * a URL splits into head and tail exactly where urlSplit cuts it.
   */
  slashFreeTail: boolean
  /** The tail's literal text alone: what an index document's directory URL adds to the head. */
  tailLiterals: string
  /** The rule's DirTest for a directory, remembered where it holds for the directories below. */
  dirTest: (dirPath: string) => DirTest
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

/** Targets (their numbers in mapTargets) with one URL prefix (see urlSplit), by the rest of the URL. */
type ByTail = Map<string, number>

/**
 * Where a URL's last path segment begins (after the last `/` before any `?`): the point at which
 * mapTargets cuts every URL into the two keys of its tables. A function of the URL alone, so two
 * URLs are equal exactly when both their parts are.
 */
export function urlSplit(url: string): number {
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
    dirTest: ruleDirTests(rule),
    wanted: { added: kinds('added'), modified: kinds('modified'), removed: kinds('removed') }
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
 * The name of the change being mapped, and its encoded parts once a template needs them: mapping
 * goes path by path, so each is computed at most once per path and dropped with it.
 */
class CurrentName {
  name = ''
  private encoded: string | undefined
  private stem: string | undefined
  private ext: string | undefined

  set(name: string): void {
    this.name = name
    this.encoded = this.stem = this.ext = undefined
  }

  part(atom: 2 | 3 | 4): string {
    if (atom === NAME) return (this.encoded ??= encodePiece(this.name))
    const name = this.name
    const dot = name.lastIndexOf('.')
    if (atom === STEM) return (this.stem ??= encodePiece(dot > 0 ? name.slice(0, dot) : name))
    return (this.ext ??= dot > 0 ? encodePiece(name.slice(dot + 1)) : '')
  }
}

/** A rule that may match the plain files of a directory, with what it needs there. */
interface DirRule {
  plan: RulePlan
  /** The rule's position in the list mapped. */
  r: number
  test: DirTest
  ruleDir?: RuleDir
}

interface Directory {
  /** Its position in mapTargets' list of directories. */
  id: number
  path: string
  encoded: string
  /** Its paths are plain (see isPlainPath, no leading `/`) when their names are. */
  plain: boolean
  /** Rules that may match its plain files (by prefix, then by ruleDirTest), in rule order. */
  rules: DirRule[]
  /** RuleDirs for paths that are not plain (which meet every rule), by rule, once needed. */
  others?: (RuleDir | undefined)[]
}

/** A slash-free tail (see RulePlan.slashFreeTail) for one file: often just its encoded name. */
function fileTail(tail: readonly Atom[], name: CurrentName): string {
  if (tail.length === 1) {
    const atom = tail[0]!
    return typeof atom === 'string' ? atom : name.part(atom as 2 | 3 | 4)
  }
  let text = ''
  for (const atom of tail) {
    text += typeof atom === 'string' ? atom : name.part(atom as 2 | 3 | 4)
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

/**
 * Maps changed files through every rule whose globs match them, then adds the direct URLs. One
 * Target per URL: sources unioned, `wanted` OR-ed, `rule` and `kind` from the first producer.
 * Targets come in rule order, then change order, direct URLs last: the plan relies on it.
 *
 * Linear in changes × matching rules: rules are indexed by the literal directories their globs
 * start with, and each directory keeps the rules that can match its files with what their globs
 * say there, so a path meets only those. Each directory is encoded once, and each rule expands its
 * URL template once per directory. Most URLs are then the directory's head plus a short tail (see
 * RuleDir.fast): found by that tail in the head's table and kept as the concatenation, never built
 * flat or hashed whole.
 *
 * Paths are mapped one by one (all rules of a path, then the next path), directory by directory,
 * so what is known of a path is computed once and a directory's rules, tests and tables stay in
 * the cache while its files are mapped. The order above is restored at the end from each target's
 * first step (rule, change, call), kept while mapping; likewise each source's place in `sources`.
 */
export function mapTargets(
  changes: readonly Change[],
  rules: readonly CompiledRule[],
  direct: DirectUrls = { refresh: [], prefetch: [] }
): TargetSet {
  // Targets are numbered as created. Tables find a target's number per object type (a file and a
  // directory refresh of one URL are two targets), by the URL up to urlSplit, then by the rest. A
  // rule's directory finds its table once, so most URLs are looked up by a short tail (often the
  // encoded file name) and are never built flat or hashed whole.
  const tables = new Map<ObjectType, Map<string, ByTail>>()
  const table = (objectType: ObjectType, prefix: string): ByTail => {
    let byPrefix = tables.get(objectType)
    if (!byPrefix) tables.set(objectType, (byPrefix = new Map()))
    let byTail = byPrefix.get(prefix)
    if (!byTail) byPrefix.set(prefix, (byTail = new Map()))
    return byTail
  }
  // Targets by number, in creation order; the result is them by their first steps.
  const created: Target[] = []
  // The first step that reached each target (see stepKey): its rule, kind and refreshedAs are
  // that step's, whatever order the steps were taken in.
  const firstStep: number[] = []
  // A step is one addTo call: rule r on change i, the `call`th (at most 4) of that pair. Rule-major
  // order of steps is the order of these keys, exact doubles while rules × changes < 2^50.
  const stride = changes.length + 1
  const stepKey = (r: number, i: number, call: number): number => (r * stride + i) * 4 + call
  // Of targets with several sources: each source's first step, to restore rule-major order.
  const sourceSteps = new Map<number, number[]>()
  // Of targets with many sources: each source's position, instead of searching the list.
  const sourceAt = new Map<number, Map<string, number>>()
  // Targets whose sources were not met in rule-major order, sorted by sourceSteps at the end.
  const unsorted = new Set<number>()
  // The `[path]` of the change being mapped, shared by the targets it is the only source of.
  let single: string[] | undefined
  let step = 0
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
    const key = step++
    const t = byTail.get(tail)
    if (t === undefined) {
      byTail.set(tail, created.length)
      // Targets with one source share that change's `[path]` (see `single`); a second source
      // replaces the shared array (a literal, exactly two slots) instead of growing it.
      const sources =
        source === undefined ? [] : single !== undefined && single[0] === source ? single : [source]
      const wanted = WANTED[(refresh ? 2 : 0) + (prefetch ? 1 : 0)]!
      // Each shape as one literal: its fields in the object itself, none added afterwards.
      created.push(
        objectType === 'file'
          ? refreshedAs
            ? { url, host, sources, kind, rule, wanted, refreshedAs }
            : { url, host, sources, kind, rule, wanted }
          : refreshedAs
            ? { url, host, sources, kind, rule, wanted, objectType, refreshedAs }
            : { url, host, sources, kind, rule, wanted, objectType }
      )
      firstStep.push(key)
      return
    }
    const target = created[t]!
    const wanted = target.wanted
    if ((refresh && !wanted.refresh) || (prefetch && !wanted.prefetch)) {
      target.wanted =
        WANTED[(refresh || wanted.refresh ? 2 : 0) + (prefetch || wanted.prefetch ? 1 : 0)]!
    }
    const previous = firstStep[t]!
    const earlier = key < previous
    if (earlier) {
      firstStep[t] = key
      target.rule = rule
      target.kind = kind
    }
    // refreshedAs is the first step's, unless some step refreshes the URL as a file: then it is a
    // file refresh after all.
    if (target.wanted.refresh) {
      if (target.refreshedAs !== undefined) delete target.refreshedAs
    } else if (earlier && target.refreshedAs !== refreshedAs) {
      if (refreshedAs === undefined) delete target.refreshedAs
      else target.refreshedAs = refreshedAs
    }
    if (source === undefined) return
    const sources = target.sources
    const count = sources.length
    if (count === 1) {
      if (sources[0] === source) return
      target.sources = [sources[0]!, source]
      sourceSteps.set(t, [previous, key])
      if (earlier) unsorted.add(t)
      return
    }
    const steps = sourceSteps.get(t)
    if (steps === undefined) {
      // A direct URL's target (no sources); no change reaches one after it.
      sources.push(source)
      return
    }
    const at =
      sources[count - 1] === source
        ? count - 1
        : count <= 8
          ? sources.indexOf(source)
          : (sourceAt.get(t)!.get(source) ?? -1)
    if (at >= 0) {
      // A source met again (a path listed twice) by an earlier rule moves up.
      if (key < steps[at]!) {
        steps[at] = key
        unsorted.add(t)
      }
      return
    }
    if (key < steps[count - 1]!) unsorted.add(t)
    sources.push(source)
    steps.push(key)
    if (count === 8) sourceAt.set(t, new Map(sources.map((s, k) => [s, k])))
    else if (count > 8) sourceAt.get(t)!.set(source, count)
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
  const candidatesOf = (dir: string): number[] => {
    if (byPrefix.size === 0) return everywhere
    const found = new Set(everywhere)
    for (let slash = dir.indexOf('/'); slash >= 0; slash = dir.indexOf('/', slash + 1)) {
      const list = byPrefix.get(dir.slice(0, slash + 1))
      if (list) for (const r of list) found.add(r)
    }
    return [...found].sort((a, b) => a - b)
  }
  const directoryOf = (dirPath: string, id: number): Directory => {
    // Rules whose globs reach no file here are dropped for the whole directory.
    const dirRules: DirRule[] = []
    for (const r of candidatesOf(dirPath)) {
      const plan = plans[r]!
      const test = plan.dirTest(dirPath)
      if (test !== false) dirRules.push({ plan, r, test, ruleDir: undefined })
    }
    // A path is plain when its directory is (tried with a harmless name) and its name is neither
    // empty nor a dot segment: the only other ways isPlainPath can fail.
    const plain = dirPath.charCodeAt(0) !== 47 /* / */ && isPlainPath(dirPath + 'x')
    const encoded = encodePiece(dirPath)
    return { id, path: dirPath, encoded, plain, rules: dirRules, others: undefined }
  }
  const ruleDirOf = (plan: RulePlan, directory: Directory): RuleDir => {
    const rule = plan.rule
    const strip = rule.strip
    const relative =
      strip !== '' && directory.path.startsWith(strip)
        ? directory.path.slice(strip.length)
        : directory.path
    const relativeDir = relative === directory.path ? directory.encoded : encodePiece(relative)
    let head = ''
    for (const atom of plan.head) {
      head += typeof atom === 'string' ? atom : atom === PATH_DIR ? directory.encoded : relativeDir
    }
    const fast =
      rule.template.normal &&
      plan.slashFreeTail &&
      head.endsWith('/') &&
      !head.includes('?') &&
      !DOT_SEGMENT.test(head)
    return { head, relativeDir, fast }
  }

  const name = new CurrentName()
  // The URLs of the change being mapped.
  let noted: string[] | undefined
  const note = (url: string): void => {
    // Literal arrays of one and two hold exactly that many slots; a push onto one reserves 17.
    if (!noted) noted = [url]
    else if (noted.length === 1) {
      if (noted[0] !== url) noted = [noted[0]!, url]
    } else if (!noted.includes(url)) noted.push(url)
  }
  const expand = (
    plan: RulePlan,
    ruleDir: RuleDir,
    directory: Directory,
    /** Whether this is the file's URL, not the directory's own. */
    file: boolean
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
              : file
                ? name.part(atom)
                : ''
    }
    return normalUrl(plan.rule, text)
  }

  /** Rule `r` (its plan) on change `i`, which its globs match. */
  const mapStep = (
    plan: RulePlan,
    r: number,
    ruleDir: RuleDir,
    directory: Directory,
    i: number,
    path: string,
    kind: ChangeKind
  ): void => {
    const rule = plan.rule
    const host = plan.host
    const refreshType = rule.refreshType
    step = stepKey(r, i, 0)
    const wanted = plan.wanted[kind]
    const refresh = wanted[0]
    const prefetch = wanted[1]
    const index = rule.indexNames.size > 0 && rule.indexNames.has(name.name)
    for (let u = 0; u < (index ? 2 : 1); u++) {
      // Fast: the URL is head + tail (see RuleDir.fast), unless the tail could begin a dot
      // segment after the head's last `/`; then the URL is built and normalized whole.
      let tail: string | undefined
      if (ruleDir.fast) {
        tail = u === 0 ? fileTail(plan.tail, name) : plan.tailLiterals
        const first = tail.charCodeAt(0)
        if (first === 46 /* . */ || (first === 37 /* % */ && /^%2e/i.test(tail))) tail = undefined
      }
      const url =
        tail !== undefined
          ? tail === ''
            ? ruleDir.head
            : ruleDir.head + tail
          : u === 0
            ? expand(plan, ruleDir, directory, true)
            : (ruleDir.dirUrl ??= expand(plan, ruleDir, directory, false))
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
        note(url)
        continue
      }
      // The refresh goes to the directory (or to the URL whatever its query); the file URL
      // stays a target only for a prefetch, or to say how it is refreshed.
      if (refresh) {
        if (tail === undefined) {
          const refreshUrl = refreshType === 'directory' ? directoryUrl(url) : url
          add(refreshUrl, host, rule.index, kind, true, false, path, refreshType, undefined)
          note(refreshUrl)
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
          note(refreshUrl)
        }
      }
      if (prefetch || !refresh) {
        const via = refresh ? refreshType : undefined
        if (tail === undefined) add(url, host, rule.index, kind, false, prefetch, path, 'file', via)
        else {
          const files = (ruleDir.files ??= table('file', ruleDir.head))
          addTo(files, tail, url, host, rule.index, kind, false, prefetch, path, 'file', via)
        }
        note(url)
      }
    }
  }

  // Changes are mapped directory by directory (in change order within one): a directory's rules,
  // tests and tables stay in the cache while its files are mapped, where change order would visit
  // them at random.
  const directories = new Map<string, Directory>()
  const list: Directory[] = []
  const dirOf = new Int32Array(changes.length)
  let directory: Directory | undefined
  let d = -1
  for (let i = 0; i < changes.length; i++) {
    const path = changes[i]!.path
    const slash = path.lastIndexOf('/')
    // Changes listed by git come sorted, directory by directory: most share the last one's.
    if (!(slash + 1 === directory?.path.length && path.startsWith(directory.path))) {
      const dirPath = path.slice(0, slash + 1)
      directory = directories.get(dirPath)
      if (!directory) {
        directory = directoryOf(dirPath, list.length)
        directories.set(dirPath, directory)
        list.push(directory)
      }
      d = directory.id
    }
    dirOf[i] = d
  }
  // A counting sort of the changes by directory. The pass that places them reads the change list
  // in order and cuts each name there, so that mapping, which visits the changes out of order,
  // reads them from these arrays rather than from the change objects and paths.
  const starts = new Int32Array(list.length + 1)
  for (let i = 0; i < changes.length; i++) starts[dirOf[i]! + 1]!++
  for (let k = 0; k < list.length; k++) starts[k + 1]! += starts[k]!
  const byDirectory = new Int32Array(changes.length)
  const sortedPaths = new Array<string>(changes.length)
  const sortedNames = new Array<string>(changes.length)
  const sortedKinds = new Array<ChangeKind>(changes.length)
  const filled = starts.slice(0, list.length)
  for (let i = 0; i < changes.length; i++) {
    const k = filled[dirOf[i]!]!++
    const change = changes[i]!
    const path = change.path
    byDirectory[k] = i
    sortedPaths[k] = path
    sortedNames[k] = path.slice(path.lastIndexOf('/') + 1)
    sortedKinds[k] = change.kind
  }

  const mapped: TargetSet['mapped'] = new Array<TargetSet['mapped'][number]>(changes.length)
  const matched = new Uint8Array(changes.length)
  /** Every rule on change `i`. */
  const mapChange = (
    directory: Directory,
    i: number,
    path: string,
    fileName: string,
    kind: ChangeKind
  ): void => {
    name.set(fileName)
    single = undefined
    noted = undefined
    // The index and the DirTests hold for paths as git stores them; any other meets every rule.
    if (directory.plain && fileName !== '' && fileName !== '.' && fileName !== '..') {
      const dirRules = directory.rules
      for (let n = 0; n < dirRules.length; n++) {
        const dirRule = dirRules[n]!
        const test = dirRule.test
        if (test !== true && (test === false || !nameTestMatches(test, name.name, path))) continue
        single ??= [path]
        const plan = dirRule.plan
        const ruleDir = (dirRule.ruleDir ??= ruleDirOf(plan, directory))
        mapStep(plan, dirRule.r, ruleDir, directory, i, path, kind)
      }
    } else {
      for (let r = 0; r < plans.length; r++) {
        const plan = plans[r]!
        if (!ruleMatches(plan.rule, path)) continue
        single ??= [path]
        const others = (directory.others ??= new Array<RuleDir | undefined>(plans.length).fill(
          undefined
        ))
        const ruleDir = (others[r] ??= ruleDirOf(plan, directory))
        mapStep(plan, r, ruleDir, directory, i, path, kind)
      }
    }
    const urlsOfChange: string[] = noted ?? []
    if (urlsOfChange.length > 0) matched[i] = 1
    mapped[i] = { path, kind, urls: urlsOfChange }
  }
  for (let d = 0; d < list.length; d++) {
    const directory = list[d]!
    for (let k = starts[d]!; k < starts[d + 1]!; k++) {
      mapChange(directory, byDirectory[k]!, sortedPaths[k]!, sortedNames[k]!, sortedKinds[k]!)
    }
  }
  const unmatched: string[] = []
  for (let i = 0; i < changes.length; i++) if (matched[i] === 0) unmatched.push(changes[i]!.path)

  // Direct URLs after every rule's step.
  step = stepKey(plans.length, 0, 0)
  for (const url of normalizeDirectUrls('urls', direct.refresh)) {
    add(url, hostOf(url), -1, 'modified', true, false, undefined, 'file', undefined)
  }
  for (const url of normalizeDirectUrls('prefetch-urls', direct.prefetch)) {
    add(url, hostOf(url), -1, 'added', false, true, undefined, 'file', undefined)
  }

  for (const t of unsorted) {
    const target = created[t]!
    const sources = target.sources
    const steps = sourceSteps.get(t)!
    const order = sources.map((_, k) => k).sort((a, b) => steps[a]! - steps[b]!)
    target.sources = order.map(k => sources[k]!)
  }
  const byFirstStep = rankByFirstStep(firstStep, step)
  const targets = new Array<Target>(created.length)
  for (let k = 0; k < byFirstStep.length; k++) targets[k] = created[byFirstStep[k]!]!
  return { targets, unmatched, mapped }
}

/**
 * Target numbers ordered by their first steps (distinct, below `end`): packed as `step × 2^b +
 * number` into doubles and sorted natively while that stays exact, else by comparison.
 */
function rankByFirstStep(firstStep: readonly number[], end: number): ArrayLike<number> {
  const count = firstStep.length
  const scale = 2 ** Math.ceil(Math.log2(count + 1))
  if ((end + 1) * scale > Number.MAX_SAFE_INTEGER) {
    return firstStep.map((_, t) => t).sort((a, b) => firstStep[a]! - firstStep[b]!)
  }
  const packed = new Float64Array(count)
  for (let t = 0; t < count; t++) packed[t] = firstStep[t]! * scale + t
  packed.sort()
  const ranked = new Uint32Array(count)
  for (let k = 0; k < count; k++) ranked[k] = packed[k]! % scale
  return ranked
}

import type { Change, ChangeKind, ObjectType, Target, TargetSet } from './model.js'
import {
  isPlainPath,
  ruleKeys,
  rulePlainMatcher,
  ruleMatches,
  wants,
  type CompiledRule
} from './rules.js'
import {
  directoryParts,
  encodePath,
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
  /** Per directory: the expanded head, and the index document's directory URL once needed. */
  dirs: Map<string, RuleDir>
}

interface RuleDir {
  head: string
  relativeDir: string
  dirUrl?: string
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
  return {
    rule,
    host: rule.template.host,
    head: atoms.slice(0, split),
    tail: atoms.slice(split),
    wanted: { added: kinds('added'), modified: kinds('modified'), removed: kinds('removed') },
    dirs: new Map()
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

function countSlashes(path: string): number {
  let count = 0
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) count++
  return count
}

/** What mapTargets knows of one path: its directory (with the encoded form) and its name. */
class PathInfo {
  private encodedName?: string
  private encodedStem?: string
  private encodedExt?: string
  constructor(
    readonly dir: Directory,
    readonly name: string
  ) {}

  part(atom: 2 | 3 | 4): string {
    if (atom === NAME) return (this.encodedName ??= encodePath(this.name))
    const dot = this.name.lastIndexOf('.')
    if (atom === STEM)
      return (this.encodedStem ??= encodePath(dot > 0 ? this.name.slice(0, dot) : this.name))
    return (this.encodedExt ??= dot > 0 ? encodePath(this.name.slice(dot + 1)) : '')
  }
}

interface Directory {
  path: string
  encoded: string
}

/**
 * Maps changed files through every rule whose globs match them, then adds the direct URLs. One
 * Target per URL: sources unioned, `wanted` OR-ed, `rule` and `kind` from the first producer.
 * Targets come in rule order, then change order, direct URLs last: the plan relies on it.
 *
 * Linear in changes × matching rules: rules are indexed by the literal directories their globs
 * start with, so a path is only matched against rules that can match it; each directory is
 * encoded once, and each rule expands its URL template once per directory.
 */
export function mapTargets(
  changes: readonly Change[],
  rules: readonly CompiledRule[],
  direct: DirectUrls = { refresh: [], prefetch: [] }
): TargetSet {
  // Keyed by object type and URL: a file and a directory refresh of one URL are two targets.
  const merged = new Map<string, Target>()
  // Sources are searched directly while short; a URL with many sources gets a Set.
  const manySources = new Map<Target, Set<string>>()
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
    const key = objectType === 'file' ? url : `${objectType} ${url}`
    let target = merged.get(key)
    if (!target) {
      target = { url, host, sources: [], kind, rule, wanted: { refresh, prefetch } }
      if (objectType !== 'file') target.objectType = objectType
      if (refreshedAs) target.refreshedAs = refreshedAs
      merged.set(key, target)
    } else {
      const wanted = target.wanted
      if (refresh) wanted.refresh = true
      if (prefetch) wanted.prefetch = true
      // A refresh another rule asks for as a file is a file refresh after all.
      if (refresh && target.refreshedAs !== undefined) delete target.refreshedAs
    }
    if (source === undefined) return
    const sources = target.sources
    const count = sources.length
    if (count > 0 && sources[count - 1] === source) return
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

  // Per rule, the changes that can match it, in change order.
  const perRule: number[][] = plans.map(() => [])
  const directories = new Map<string, { directory: Directory; candidates: number[] }>()
  const infos: PathInfo[] = new Array<PathInfo>(changes.length)
  // Per change: the number of `/` in a plain path, -1 for any other.
  const depths = new Int32Array(changes.length)
  for (let i = 0; i < changes.length; i++) {
    const path = changes[i]!.path
    const slash = path.lastIndexOf('/')
    const dirPath = path.slice(0, slash + 1)
    let entry = directories.get(dirPath)
    if (!entry) {
      entry = {
        directory: { path: dirPath, encoded: encodePath(dirPath) },
        candidates: candidatesOf(dirPath)
      }
      directories.set(dirPath, entry)
    }
    infos[i] = new PathInfo(entry.directory, path.slice(slash + 1))
    // The index holds for paths as git stores them; any other path meets every rule.
    const plain = isPlainPath(path)
    depths[i] = plain ? countSlashes(path) : -1
    for (const r of plain ? entry.candidates : all) perRule[r]!.push(i)
  }

  const urlsPerChange: (string[] | undefined)[] = new Array<string[] | undefined>(changes.length)
  const note = (i: number, url: string): void => {
    const mapped = urlsPerChange[i]
    if (!mapped) urlsPerChange[i] = [url]
    else if (!mapped.includes(url)) mapped.push(url)
  }
  const expand = (
    plan: RulePlan,
    ruleDir: RuleDir,
    directory: Directory,
    info: PathInfo | undefined
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
              : info
                ? info.part(atom)
                : ''
    }
    return normalUrl(plan.rule, text)
  }

  plans.forEach((plan, r) => {
    const { rule, host, wanted: wantedByKind } = plan
    const matches = rulePlainMatcher(rule)
    const refreshType = rule.refreshType
    for (const i of perRule[r]!) {
      const change = changes[i]!
      const path = change.path
      const depth = depths[i]!
      if (!(depth >= 0 ? matches(path, depth) : ruleMatches(rule, path))) continue
      const info = infos[i]!
      const directory = info.dir
      let ruleDir = plan.dirs.get(directory.path)
      if (!ruleDir) {
        const strip = rule.strip
        const relative =
          strip !== '' && directory.path.startsWith(strip)
            ? directory.path.slice(strip.length)
            : directory.path
        const relativeDir = relative === directory.path ? directory.encoded : encodePath(relative)
        let head = ''
        for (const atom of plan.head) {
          head +=
            typeof atom === 'string' ? atom : atom === PATH_DIR ? directory.encoded : relativeDir
        }
        ruleDir = { head, relativeDir }
        plan.dirs.set(directory.path, ruleDir)
      }
      const [refresh, prefetch] = wantedByKind[change.kind]
      const fileUrl = expand(plan, ruleDir, directory, info)
      const index = rule.indexNames.size > 0 && rule.indexNames.has(info.name)
      for (let u = 0; u < (index ? 2 : 1); u++) {
        const url =
          u === 0 ? fileUrl : (ruleDir.dirUrl ??= expand(plan, ruleDir, directory, undefined))
        if (refreshType === 'file') {
          add(url, host, rule.index, change.kind, refresh, prefetch, path, 'file', undefined)
          note(i, url)
          continue
        }
        // The refresh goes to the directory (or to the URL whatever its query); the file URL
        // stays a target only for a prefetch, or to say how it is refreshed.
        if (refresh) {
          const refreshUrl = refreshType === 'directory' ? directoryUrl(url) : url
          add(refreshUrl, host, rule.index, change.kind, true, false, path, refreshType, undefined)
          note(i, refreshUrl)
        }
        if (prefetch || !refresh) {
          const via = refresh ? refreshType : undefined
          add(url, host, rule.index, change.kind, false, prefetch, path, 'file', via)
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
  return { targets: [...merged.values()], unmatched, mapped }
}

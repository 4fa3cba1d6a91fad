import { escape, GLOBSTAR, Minimatch, type MinimatchOptions } from 'minimatch'
import { parseDocument } from 'yaml'
import * as z from 'zod/mini'
import { InputError } from './input-error.js'
import type { ChangeKind, Operation } from './model.js'
import { countOf } from './plural.js'
import { parseUrlTemplate, quote, type UrlTemplate } from './url.js'

/** One entry of the `rules` input, validated, with its globs and URL compiled once. */
export interface CompiledRule {
  /** Position in the list from 0 (Target.rule); messages call it `rule ${index + 1}`. */
  index: number
  /** `files` and `url` as written, for reports. */
  files: readonly string[]
  url: string
  /** A path matches when some `include` glob matches it and no `exclude` glob does. */
  include: readonly Minimatch[]
  /** The `!` globs of `files` and the globs of `exclude`. */
  exclude: readonly Minimatch[]
  /** Path prefix removed to form `{relative}`; empty or ending in `/`. */
  strip: string
  template: UrlTemplate
  /** File names that also map to their directory URL. */
  indexNames: ReadonlySet<string>
  /** Change kinds each operation is wanted for. */
  refresh: ReadonlySet<ChangeKind>
  prefetch: ReadonlySet<ChangeKind>
  /**
   * What a refresh names: the file's URL (`file`), its directory's URL (`directory`, everything
   * under it), or the URL with any query ignored (`ignore-params`).
   */
  refreshType: RefreshType
}

export type RefreshType = 'file' | 'directory' | 'ignore-params'
export const REFRESH_TYPES: readonly RefreshType[] = ['file', 'directory', 'ignore-params']

// Paths are matched as git stores them on every runner: `\` escapes (never separates), case
// matters, dot files are ordinary files, and `!`/`#` are handled here rather than by minimatch.
const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true,
  nonegate: true,
  platform: 'linux'
}

const FIELDS = [
  'files',
  'exclude',
  'url',
  'strip',
  'index',
  'refresh',
  'refresh-type',
  'prefetch'
] as const
type Field = (typeof FIELDS)[number]

/** What a rule asks for when it leaves `refresh` / `prefetch` out, unless a provider says otherwise. */
export const RULE_DEFAULTS: Readonly<Record<Operation, boolean>> = {
  refresh: true,
  prefetch: false
}

/** What `refresh: true` / `prefetch: true` mean. */
export const DEFAULT_KINDS: Readonly<Record<Operation, readonly ChangeKind[]>> = {
  refresh: ['modified', 'removed'],
  prefetch: ['added', 'modified']
}

const KINDS_FIX = (op: Operation): string =>
  `Use true (= [${DEFAULT_KINDS[op].join(', ')}]), false, or a list of change types from added, modified, removed, e.g. ${op}: [${DEFAULT_KINDS[op].join(', ')}].`

const FIX: Record<Field, string> = {
  files:
    "Give a glob or a list of globs, e.g. files: public/** (quote a glob that starts with * or !, e.g. '**/*.css').",
  exclude: 'Give a glob or a list of globs, e.g. exclude: public/drafts/**.',
  url: 'Give a base URL such as https://www.example.com/ or a template such as https://cdn.example.com/{relative}.',
  strip:
    'Give the repository path prefix to remove, e.g. strip: public/ (strip: "" keeps the whole path).',
  index: 'Give a file name or a list of file names, e.g. index: [index.html].',
  refresh: KINDS_FIX('refresh'),
  'refresh-type':
    'Use file (the default), directory (refresh the directory of each changed file) or ignore-params (refresh the URL whatever its query).',
  prefetch: KINDS_FIX('prefetch')
}

const YAML_FIX =
  "Quote globs that start with * or ! (YAML reads them as an alias or a tag), e.g. files: ['**/*.css', '!drafts/**']."

const globs = z.union([z.string(), z.array(z.string())])
const kinds = z.union([z.boolean(), z.array(z.enum(['added', 'modified', 'removed']))])
const ruleSchema = z.strictObject({
  files: globs,
  exclude: z.optional(globs),
  url: z.string(),
  strip: z.optional(z.string()),
  index: z.optional(globs),
  refresh: z.optional(kinds),
  'refresh-type': z.optional(z.enum(['file', 'directory', 'ignore-params'])),
  prefetch: z.optional(kinds)
})
type RawRule = z.infer<typeof ruleSchema>

/**
 * Collects one rule's problems, each `rule N[, field 'f'[ item i]]: problem. Fix.`, so that every
 * problem of every rule is reported at once.
 */
class RuleProblems {
  private readonly found: { order: number; text: string }[] = []

  constructor(readonly rule: number) {}

  /** Whether no problem was found. */
  get ok(): boolean {
    return this.found.length === 0
  }

  /** A problem with a field (optionally one item of a list), or with the whole rule. */
  add(field: Field | undefined, problem: string, fix: string, item?: number): void {
    const where =
      field === undefined ? '' : `, field '${field}'${item === undefined ? '' : ` item ${item}`}`
    this.found.push({
      order: field === undefined ? -1 : FIELDS.indexOf(field),
      text: `rule ${this.rule}${where}: ${problem}. ${fix}`
    })
  }

  /** The problems, whole-rule ones first and then by field (stable), as message lines. */
  lines(): string[] {
    return [...this.found].sort((a, b) => a.order - b.order).map(p => p.text)
  }
}

/**
 * One InputError('rules') for all the problems found (at least one): a single problem as its own
 * line, several as `N problems:` followed by one indented line each, in rule order.
 */
function rulesError(problems: readonly string[]): InputError {
  const [single] = problems
  if (problems.length === 1 && single !== undefined) return new InputError('rules', single)
  return new InputError(
    'rules',
    `${countOf(problems.length, 'problem')}:${problems.map(p => `\n  ${p}`).join('')}`
  )
}

function show(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 200 ? json.slice(0, 200) + '…' : json
}

/**
 * Parses and compiles the `rules` input. Empty text means no rules. Invalid YAML, or YAML that is
 * not a list, is an InputError('rules') of its own. Otherwise every problem of every rule is
 * collected and thrown as one InputError('rules'), each problem naming the rule number, the field,
 * the bad value and the fix: a single problem reads `Input 'rules': rule 2, field 'url': ... Fix.`,
 * several read `Input 'rules': 3 problems:` and then one line each, `  rule 1, field ...`.
 * `defaults` is what a rule that leaves `refresh` / `prefetch` out asks for (the provider's
 * ruleDefaults: they follow what it can do).
 */
export function parseRules(
  text: string,
  defaults: Readonly<Record<Operation, boolean>> = RULE_DEFAULTS
): CompiledRule[] {
  const raw = readYaml(text)
  if (raw === null || raw === undefined) return []
  if (!Array.isArray(raw)) {
    throw new InputError(
      'rules',
      `must be a YAML list of rules, not ${show(raw)}. Start each rule with "- files:", e.g. "- files: public/**" and then "  url: https://www.example.com/".`
    )
  }
  const problems: string[] = []
  const rules: CompiledRule[] = []
  raw.forEach((item: unknown, index) => {
    const found = new RuleProblems(index + 1)
    const fields = validate(item, found)
    const rule = fields && compileRule(fields, index, found, defaults)
    if (rule) rules.push(rule)
    problems.push(...found.lines())
  })
  if (problems.length > 0) throw rulesError(problems)
  return rules
}

function readYaml(text: string): unknown {
  const doc = parseDocument(text)
  // An unresolved tag (an unquoted `!glob`) is only a warning to YAML, but it loses the glob.
  const problem = doc.errors[0] ?? doc.warnings[0]
  let message = problem?.message
  if (!problem) {
    try {
      return doc.toJS()
    } catch (e) {
      message = (e as Error).message
    }
  }
  const first = (message ?? '').split('\n')[0]?.replace(/:$/, '')
  throw new InputError('rules', `is not valid YAML: ${first}. ${YAML_FIX}`)
}

/**
 * Checks a rule's shape, reporting every unknown field and every field of the wrong type. Returns
 * the fields that are well typed (a bad field is left out, so later checks skip it), or undefined
 * when the rule is not even a mapping.
 */
function validate(item: unknown, found: RuleProblems): Partial<RawRule> | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    found.add(
      undefined,
      `${show(item)} is not a mapping`,
      'Write each rule as "- files: <glob>" followed by an indented "url: <URL>" line.'
    )
    return undefined
  }
  const parsed = ruleSchema.safeParse(item)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues
  const guesses = new Set<Field>()
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue
    for (const key of issue.keys) {
      const guess = closest(key)
      if (guess) guesses.add(guess)
      found.add(
        undefined,
        `unknown field ${quote(key)}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        `Fields are ${FIELDS.join(', ')}.`
      )
    }
  }
  const broken = new Set<string>()
  for (const issue of issues.flatMap(i => (i.code === 'unrecognized_keys' ? [] : leaves(i)))) {
    const field = String(issue.path[0]) as Field
    broken.add(field)
    const position = issue.path[1]
    const value = issue.path.reduce<unknown>(
      (v, key) => (v as Record<PropertyKey, unknown>)[key as PropertyKey],
      item
    )
    // A typo in a field name also leaves that field missing: the typo says it all.
    if (value === undefined && issue.path.length === 1 && guesses.has(field)) continue
    const problem =
      value === undefined
        ? 'is missing'
        : value === null
          ? 'is empty'
          : issue.code === 'invalid_value'
            ? `${show(value)} is not a ${field === 'refresh-type' ? 'refresh type' : 'change type'}`
            : `${show(value)} is not valid`
    found.add(field, problem, FIX[field], typeof position === 'number' ? position + 1 : undefined)
  }
  const known: readonly string[] = FIELDS
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => known.includes(key) && !broken.has(key))
  ) as Partial<RawRule>
}

type Issue = z.core.$ZodIssue

/**
 * The innermost issues of an issue, with full paths: for a union, those of the branch that got
 * furthest (e.g. the list branch of `files: [a/**, 2024]`, with one issue per bad item).
 */
function leaves(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue]
  let best: Issue[] = [issue]
  let depth = 0
  for (const branch of issue.errors) {
    const inner = branch.flatMap(leaves)
    const innerDepth = Math.max(0, ...inner.map(i => i.path.length))
    if (innerDepth > depth) {
      best = inner.map(i => ({ ...i, path: [...issue.path, ...i.path] }))
      depth = innerDepth
    }
  }
  return best
}

/** The field a typo most likely meant: at most two edits away, ignoring case. */
function closest(key: string): Field | undefined {
  let best: Field | undefined
  let bestDistance = 3
  for (const field of FIELDS) {
    const d = editDistance(key.toLowerCase(), field)
    if (d < bestDistance) [best, bestDistance] = [field, d]
  }
  return best
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost)
    }
    row = next
  }
  return row[b.length] ?? 0
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value
}

/**
 * Compiles a rule's well-typed fields, reporting every problem found in them. A check that needs a
 * field left out by `validate` is skipped. Returns undefined when the rule has any problem.
 */
function compileRule(
  raw: Partial<RawRule>,
  index: number,
  found: RuleProblems,
  defaults: Readonly<Record<Operation, boolean>>
): CompiledRule | undefined {
  const files = raw.files === undefined ? undefined : asList(raw.files)
  const include: Minimatch[] = []
  const exclude: Minimatch[] = []
  for (const glob of files ?? []) {
    const negated = glob.startsWith('!')
    const compiled = compileGlob(found, 'files', negated ? glob.slice(1) : glob, glob)
    if (compiled) (negated ? exclude : include).push(compiled)
  }
  if (files && !files.some(glob => !glob.startsWith('!'))) {
    found.add(
      'files',
      files.length === 0 ? 'is an empty list' : `${show(files)} has only ! globs, which exclude`,
      "Add a glob that selects files, e.g. files: [public/**, '!public/drafts/**']."
    )
  }
  for (const glob of asList(raw.exclude)) {
    if (glob.startsWith('!')) {
      found.add(
        'exclude',
        `${quote(glob)} starts with !`,
        'Write exclude globs without ! (they already exclude).'
      )
      continue
    }
    const compiled = compileGlob(found, 'exclude', glob, glob)
    if (compiled) exclude.push(compiled)
  }

  let template: UrlTemplate | undefined
  if (raw.url !== undefined) {
    const parsedUrl = parseUrlTemplate(raw.url)
    if (parsedUrl.ok) template = parsedUrl.template
    else found.add('url', parsedUrl.problem, parsedUrl.fix)
  }

  const strip = raw.strip === undefined ? undefined : checkStrip(found, raw.strip)

  const indexNames = asList(raw.index)
  for (const name of indexNames) {
    if (name === '' || name.includes('/')) {
      found.add('index', `${quote(name)} is not a file name`, FIX.index)
    }
  }
  if (indexNames.length > 0 && template && !template.endsWithName) {
    found.add(
      'index',
      `${show(indexNames)} needs a url ending in {name}, {relative} or {path}, and url is ${quote(raw.url ?? '')}`,
      'Use such a url (or a base URL), or remove index.'
    )
  }

  const first = include[0]
  if (!found.ok || !files || raw.url === undefined || !template || !first) return undefined
  return {
    index,
    files,
    url: raw.url,
    include,
    exclude,
    strip: strip ?? staticPrefix(first),
    template,
    indexNames: new Set(indexNames),
    refresh: kindsOf(raw.refresh ?? defaults.refresh, 'refresh'),
    prefetch: kindsOf(raw.prefetch ?? defaults.prefetch, 'prefetch'),
    refreshType: raw['refresh-type'] ?? 'file'
  }
}

/** Compiles one glob (`pattern` is `written` without a leading `!`), or reports why it can't. */
function compileGlob(
  found: RuleProblems,
  field: 'files' | 'exclude',
  pattern: string,
  written: string
): Minimatch | undefined {
  const bad = (problem: string, fix: string): undefined => {
    found.add(field, `${quote(written)} ${problem}`, fix)
    return undefined
  }
  if (pattern === '') return bad('is an empty glob', FIX[field])
  if (pattern.startsWith('/') || pattern.startsWith('./')) {
    const fixed = pattern.replace(/^(\.?\/)+/, '')
    return bad(
      'does not match repository paths, which never start with / or ./',
      `Write ${quote(fixed)}.`
    )
  }
  if (pattern.endsWith('/')) {
    return bad('matches only a directory, never a file', `Write ${quote(pattern + '**')}.`)
  }
  try {
    return new Minimatch(pattern, GLOB_OPTIONS)
  } catch (e) {
    return bad(`is not a valid glob (${(e as Error).message})`, FIX[field])
  }
}

/**
 * The leading segments of a glob that hold no glob magic and are followed by another segment:
 * `public/**` -> `public/`, `site/blog/*.html` -> `site/blog/`, `**\/*.css` -> ``. With braces,
 * the segments every expansion shares.
 */
function staticPrefix(glob: Minimatch): string {
  const [first = [], ...others] = glob.set
  const segments: string[] = []
  for (let i = 0; i < first.length - 1; i++) {
    const segment = first[i]
    if (typeof segment !== 'string') break
    if (!others.every(s => i < s.length - 1 && s[i] === segment)) break
    segments.push(segment + '/')
  }
  return segments.join('')
}

/** The `strip` prefix as written, made to end in `/`; undefined (reported) when it can't work. */
function checkStrip(found: RuleProblems, strip: string): string | undefined {
  if (strip.startsWith('/') || strip.startsWith('./')) {
    found.add(
      'strip',
      `${quote(strip)} can never prefix a repository path, which never starts with / or ./`,
      `Write ${quote(strip.replace(/^(\.?\/)+/, ''))}.`
    )
    return undefined
  }
  // `public` strips the directory `public/`, not the start of `publicity/`.
  return strip === '' || strip.endsWith('/') ? strip : strip + '/'
}

function kindsOf(value: boolean | ChangeKind[], op: Operation): ReadonlySet<ChangeKind> {
  if (value === true) return new Set(DEFAULT_KINDS[op])
  return new Set(value === false ? [] : value)
}

/**
 * A necessary condition for a plain path (see isPlainPath) to match one of a rule's include globs,
 * read from how minimatch compiled them: it starts with one of `prefixes`, the literal leading
 * directories of each brace expansion (`''` when one has none). mapTargets indexes rules by them,
 * so a path meets only the rules that can match it.
 */
export interface RuleKeys {
  prefixes: readonly string[]
}

const ruleKeysCache = new WeakMap<CompiledRule, RuleKeys>()

export function ruleKeys(rule: CompiledRule): RuleKeys {
  const cached = ruleKeysCache.get(rule)
  if (cached) return cached
  const prefixes = new Set<string>()
  for (const glob of rule.include) {
    for (const row of glob.set) {
      let prefix = ''
      for (let i = 0; i < row.length - 1; i++) {
        const segment = row[i]
        if (typeof segment !== 'string' || segment === '') break
        prefix += segment + '/'
      }
      prefixes.add(prefix)
    }
  }
  const keys: RuleKeys = { prefixes: prefixes.has('') ? [''] : [...prefixes] }
  ruleKeysCache.set(rule, keys)
  return keys
}

/**
 * A portion of a glob row as minimatch compiled it: literal text, or a matcher of one portion
 * (minimatch's Matcher, which has `test`).
 */
type Portion = string | { test(portion: string): boolean }

/**
 * What a rule's globs say about the plain files (see isPlainPath, and no leading `/`) of one
 * directory: `true` when every file in it matches, `false` when none does, or a NameTest when it
 * depends on the file. Computed once per rule and directory, so most files are decided by their
 * name alone, and a directory no glob can reach is never looked at file by file.
 */
export type DirTest = boolean | NameTest

/** A glob minimatch must answer for a file, only asked when `names` (if any) holds its name. */
interface GlobCheck {
  glob: Minimatch
  names?: ReadonlySet<string>
}

/** A file matches when it matches an include portion or check, and no exclude one. */
export interface NameTest {
  /** Every file is included (only excludes can drop it). */
  includeAll: boolean
  include: readonly Portion[]
  includeChecks: readonly GlobCheck[]
  exclude: readonly Portion[]
  excludeChecks: readonly GlobCheck[]
}

/** One glob's answer for a directory: all files, none, those whose name matches a portion, or a check. */
type GlobVerdict = boolean | Portion[] | GlobCheck

/**
 * Reads the rows minimatch compiled. A row of literal directories `s1..sk` then a last portion
 * `L`, or `s1..sk/**` then `L`, matches `d1/../dn/name` exactly when the directories are `s1..sk`
 * (n = k, or n >= k after `**`, which with `dot` takes any portions of a plain path) and `L`
 * matches the name; `s1..sk/**` matches every file below `s1..sk`. A glob whose rows are literal
 * text and `**` (`**\/thumbs/**`), ending in `**`, answers alike for every name that is none of
 * its literals: a probe name answers for them. Anything else is asked of minimatch per file.
 */
function globVerdict(glob: Minimatch, dirs: readonly string[], dirPath: string): GlobVerdict {
  let names: Portion[] | undefined
  for (const row of glob.set) {
    const last = row.length - 1
    const end = row[last]
    const star = starOf(row)
    const literal = Math.min(star, last)
    if (!isSimpleRow(row) || (end === GLOBSTAR && dirs.length < last)) return probe(glob, dirPath)
    if (end !== GLOBSTAR && (star < last ? dirs.length < star : dirs.length !== last)) continue
    let same = true
    for (let i = 0; i < literal && same; i++) same = row[i] === dirs[i]
    if (!same) continue
    if (end === GLOBSTAR) return true
    ;(names ??= []).push(fastPortion(end as Portion))
  }
  return names ?? false
}

type Row = Minimatch['set'][number]

/** Where a row's `**` is: its last portion, the one before it, or none (the row's length). */
function starOf(row: Row): number {
  const last = row.length - 1
  return row[last] === GLOBSTAR ? last : row[last - 1] === GLOBSTAR ? last - 1 : row.length
}

/**
 * Whether a row is literal directories, then at most one `**`, then a last portion (or the `**`
 * itself): the rows globVerdict answers from the directory alone, without probing.
 */
function isSimpleRow(row: Row): boolean {
  const end = row[row.length - 1]
  if (end === undefined || end === '') return false
  const literal = Math.min(starOf(row), row.length - 1)
  for (let i = 0; i < literal; i++) {
    const s = row[i]
    if (typeof s !== 'string' || s === '') return false
  }
  return true
}

/**
 * A name portion that is literal text around one `*` (`*.png`, `sitemap*.xml`), or minimatch's
 * `@(…|…)` of such (from `*.{css,js}`), tested by its prefix and suffix: the same answer as the
 * matcher minimatch compiled (with `dot`, `*` also takes a leading dot; `.` and `..` are never
 * matched), without its per-name setup. Mapping asks this of nearly every changed file. Any other
 * portion, or a matcher whose source is not readable, is kept as it is.
 */
function fastPortion(portion: Portion): Portion {
  if (typeof portion === 'string') return portion
  let fast = FAST_PORTIONS.get(portion)
  if (fast === undefined) {
    const source = (portion as { pattern?: unknown }).pattern
    const affixes = typeof source === 'string' ? affixesOf(source) : undefined
    fast = affixes === undefined ? portion : new AffixPortion(affixes)
    FAST_PORTIONS.set(portion, fast)
  }
  return fast
}
const FAST_PORTIONS = new WeakMap<object, Portion>()
const ONE_STAR = /^([^*?[\]{}()!+@\\|]*)\*([^*?[\]{}()!+@\\|]*)$/

function affixesOf(source: string): [string, string][] | undefined {
  // Only inside `@(…)` is `|` a separator; elsewhere it is a literal, which ONE_STAR refuses.
  const alternatives =
    source.startsWith('@(') && source.endsWith(')') ? source.slice(2, -1).split('|') : [source]
  const affixes: [string, string][] = []
  for (const alternative of alternatives) {
    const m = ONE_STAR.exec(alternative)
    if (!m) return undefined
    affixes.push([m[1]!, m[2]!])
  }
  return affixes
}

class AffixPortion {
  constructor(private readonly affixes: readonly (readonly [string, string])[]) {}

  test(name: string): boolean {
    if (name === '.' || name === '..') return false
    for (const [prefix, suffix] of this.affixes) {
      if (
        name.length >= prefix.length + suffix.length &&
        name.startsWith(prefix) &&
        name.endsWith(suffix)
      )
        return true
    }
    return false
  }
}

/** Probe-name answer (see globVerdict), or a check of every file when the glob is not of that kind. */
function probe(glob: Minimatch, dirPath: string): GlobVerdict {
  const literals = new Set<string>()
  for (const row of glob.set) {
    if (row[row.length - 1] !== GLOBSTAR) return { glob }
    for (const portion of row) {
      if (portion === GLOBSTAR) continue
      if (typeof portion !== 'string' || portion === '') return { glob }
      literals.add(portion)
    }
  }
  // NUL is in no git path, so it is none of the literals.
  return glob.match(dirPath + '\0') ? true : { glob, names: literals }
}

/** ruleDirTest for the directory `dirPath` (`''` or ending in `/`), split into `dirs`. */
export function ruleDirTest(rule: CompiledRule, dirs: readonly string[], dirPath: string): DirTest {
  let includeAll = false
  const include: Portion[] = []
  const includeChecks: GlobCheck[] = []
  for (const glob of rule.include) {
    const verdict = globVerdict(glob, dirs, dirPath)
    if (verdict === true) includeAll = true
    else if (Array.isArray(verdict)) include.push(...verdict)
    else if (verdict !== false) includeChecks.push(verdict)
  }
  if (!includeAll && include.length === 0 && includeChecks.length === 0) return false
  const exclude: Portion[] = []
  const excludeChecks: GlobCheck[] = []
  for (const glob of rule.exclude) {
    const verdict = globVerdict(glob, dirs, dirPath)
    if (verdict === true) return false
    if (Array.isArray(verdict)) exclude.push(...verdict)
    else if (verdict !== false) excludeChecks.push(verdict)
  }
  if (includeAll && exclude.length === 0 && excludeChecks.length === 0) return true
  // Empty lists shared: there is a NameTest for most rule and directory pairs.
  const list = <T>(items: T[]): readonly T[] => (items.length === 0 ? NONE : items)
  return {
    includeAll,
    include: includeAll ? NONE : list(include),
    includeChecks: includeAll ? NONE : list(includeChecks),
    exclude: list(exclude),
    excludeChecks: list(excludeChecks)
  }
}
const NONE: readonly never[] = Object.freeze([])

/**
 * ruleDirTest for one rule, remembering its answers: a directory deeper than the rule's depth (the
 * most directories a row of its globs names) gets the answer of the first directories it shares
 * with one seen before, since globVerdict reads no further than that depth and only compares the
 * count of directories with it. A rule with a row that is not literal directories then one last
 * portion may be probed with the whole path (see probe): its answers are not remembered.
 */
export function ruleDirTests(rule: CompiledRule): (dirPath: string) => DirTest {
  const split = (dirPath: string): string[] =>
    dirPath === '' ? [] : dirPath.slice(0, -1).split('/')
  const depth = dirTestDepth(rule)
  if (depth === undefined) return dirPath => ruleDirTest(rule, split(dirPath), dirPath)
  const answers = new Map<string, DirTest>()
  return dirPath => {
    // The key: the directory itself when it is no deeper than `depth`, else its first `depth`
    // directories and a mark that more follow (NUL is in no git path).
    let end = -1
    for (let k = 0; k < depth && end + 1 < dirPath.length; k++) end = dirPath.indexOf('/', end + 1)
    const key = end + 1 < dirPath.length ? dirPath.slice(0, end + 1) + '\0' : dirPath
    let answer = answers.get(key)
    if (answer === undefined) {
      answer = ruleDirTest(rule, split(dirPath), dirPath)
      answers.set(key, answer)
    }
    return answer
  }
}

/** See ruleDirTests: the rule's depth, or undefined when its answers depend on the whole path. */
function dirTestDepth(rule: CompiledRule): number | undefined {
  let depth = 0
  for (const glob of [...rule.include, ...rule.exclude]) {
    for (const row of glob.set) {
      if (!isSimpleRow(row)) return undefined
      depth = Math.max(depth, row.length - 1)
    }
  }
  return depth
}

const portionMatches = (portion: Portion, name: string): boolean =>
  typeof portion === 'string' ? portion === name : name !== '' && portion.test(name)

const checkMatches = (check: GlobCheck, name: string, path: string): boolean =>
  (check.names === undefined || check.names.has(name)) && check.glob.match(path)

/** A NameTest's answer for the file `name` at `path`. */
export function nameTestMatches(test: NameTest, name: string, path: string): boolean {
  let included = test.includeAll
  for (let i = 0; i < test.include.length && !included; i++)
    included = portionMatches(test.include[i]!, name)
  for (let i = 0; i < test.includeChecks.length && !included; i++)
    included = checkMatches(test.includeChecks[i]!, name, path)
  if (!included) return false
  for (let i = 0; i < test.exclude.length; i++)
    if (portionMatches(test.exclude[i]!, name)) return false
  for (let i = 0; i < test.excludeChecks.length; i++)
    if (checkMatches(test.excludeChecks[i]!, name, path)) return false
  return true
}

/**
 * ruleMatches for a plain path (see isPlainPath) not starting with `/`, through ruleDirTest: the
 * same answer. mapTargets computes the DirTest once per directory instead.
 */
export function rulePlainMatcher(rule: CompiledRule): (path: string) => boolean {
  const dirTest = ruleDirTests(rule)
  return path => {
    const slash = path.lastIndexOf('/')
    const test = dirTest(path.slice(0, slash + 1))
    return typeof test === 'boolean' ? test : nameTestMatches(test, path.slice(slash + 1), path)
  }
}

/** Whether a path is plain: ruleKeys and ruleDirTest hold for it (when it does not start with `/`). */
export function isPlainPath(path: string): boolean {
  return !/\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)/.test(path)
}

/** Whether a path is selected by a rule's globs. */
export function ruleMatches(rule: CompiledRule, path: string): boolean {
  return rule.include.some(g => g.match(path)) && !rule.exclude.some(g => g.match(path))
}

/** Whether a rule asks for an operation on a change of this kind. */
export function wants(rule: CompiledRule, operation: Operation, kind: ChangeKind): boolean {
  return rule[operation].has(kind)
}

/** A glob of a compiled rule as the user wrote it, with the field it came from. */
interface WrittenGlob {
  field: 'files' | 'exclude'
  written: string
  glob: Minimatch
}

/**
 * Each compiled glob of a rule with its field and text, as written: `include` holds the globs of
 * `files` without `!`, and `exclude` the `!` globs of `files` and then those of `exclude`, each in
 * order (see compileRule).
 */
function writtenGlobs(rule: CompiledRule): WrittenGlob[] {
  const globs: WrittenGlob[] = []
  let included = 0
  let excluded = 0
  for (const written of rule.files) {
    const glob = written.startsWith('!') ? rule.exclude[excluded++] : rule.include[included++]
    if (glob) globs.push({ field: 'files', written, glob })
  }
  for (const glob of rule.exclude.slice(excluded)) {
    globs.push({ field: 'exclude', written: glob.pattern, glob })
  }
  return globs
}

/** Whether a brace expansion of a glob, as minimatch compiled it, has no glob magic. */
function isLiteral(segments: Minimatch['set'][number]): segments is string[] {
  return segments.every(s => typeof s === 'string')
}

/**
 * The repository paths a glob names literally: one per brace expansion without glob magic, as
 * minimatch reads it (`a\*b` -> `a*b`, `[b]` -> `b`); none for `site/**` or `*.html`.
 */
function literalPaths(glob: Minimatch): string[] {
  const paths = glob.set.filter(isLiteral).map(segments => segments.join('/'))
  return [...new Set(paths)].filter(path => path !== '')
}

/**
 * Finds the globs of `files` and `exclude` (`!` globs included) that have no glob magic and name a
 * directory: git lists files, never directories, so `files: site` matches nothing and
 * `exclude: site/drafts` excludes nothing; `site/**` is meant. `isDirectory` is asked about each
 * such literal repository path (e.g. `site`, or `a*b` for `a\*b`; every one, in rule order) and
 * should say whether the checkout has a directory there. Pure apart from `isDirectory`.
 *
 * Returns one InputError('rules') listing every such glob, in the format of parseRules (one
 * problem: `Input 'rules': rule 1, field 'files': "site" names a directory, ... Write "site/**".`;
 * several: `Input 'rules': 2 problems:` and one indented line each), or undefined when none does.
 */
export function directoryGlobProblems(
  rules: readonly CompiledRule[],
  isDirectory: (repoPath: string) => boolean
): InputError | undefined {
  const problems: string[] = []
  for (const rule of rules) {
    const found = new RuleProblems(rule.index + 1)
    for (const { field, written, glob } of writtenGlobs(rule)) {
      const paths = literalPaths(glob)
      const directories = paths.filter(path => isDirectory(path))
      if (directories.length === 0) continue
      const negation = written.startsWith('!') ? '!' : ''
      const pattern = written.slice(negation.length)
      const names =
        directories.length === 1 && directories[0] === pattern
          ? 'names a directory'
          : `names the ${directories.length === 1 ? 'directory' : 'directories'} ${directories.map(d => quote(d)).join(', ')}`
      // When every expansion is a directory, `/**` after the whole glob fixes it (braces too).
      const fix =
        directories.length === paths.length && glob.set.every(isLiteral)
          ? `Write ${quote(`${written}/**`)}.`
          : `Write ${directories.map(d => quote(`${negation}${escape(d)}/**`)).join(', ')} for the files in ${directories.length === 1 ? 'it' : 'them'}.`
      found.add(
        field,
        `${quote(written)} ${names}, but a glob without wildcards matches only a file at that exact path, never the files in a directory`,
        fix
      )
    }
    problems.push(...found.lines())
  }
  return problems.length > 0 ? rulesError(problems) : undefined
}

/** The globs of every rule's `files` as written (`!` globs included), in rule order, each once. */
export function ruleGlobs(rules: readonly CompiledRule[]): string[] {
  return [...new Set(rules.flatMap(rule => rule.files))]
}

/** How many globs noMatchWarning lists before `and N more`. */
const WARNING_GLOBS = 20

/**
 * The warning for a run where no rule matched any of the `changedCount` (> 0) changed files:
 * `No rule matched any of the 3 changed files; the rules' globs are: "public/**", "docs/**". ...`
 */
export function noMatchWarning(rules: readonly CompiledRule[], changedCount: number): string {
  const changed =
    changedCount === 1
      ? 'the 1 changed file'
      : `any of the ${countOf(changedCount, 'changed file')}`
  const globs = ruleGlobs(rules)
  const shown = globs.slice(0, WARNING_GLOBS).map(g => quote(g))
  if (globs.length > shown.length) shown.push(`and ${globs.length - shown.length} more`)
  const owner = rules.length === 1 ? "the rule's" : "the rules'"
  const list =
    globs.length === 0
      ? 'there are no rules'
      : `${owner} ${globs.length === 1 ? 'glob is' : 'globs are'}: ${shown.join(', ')}`
  return `No rule matched ${changed}; ${list}. Globs match whole paths from the repository root: public/** matches public/css/a.css, but public and css/** do not.`
}

import { Minimatch, type MinimatchOptions } from 'minimatch'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import { InputError } from './input-error.js'
import type { ChangeKind, Operation } from './model.js'
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
}

// Paths are matched as git stores them on every runner: `\` escapes (never separates), case
// matters, dot files are ordinary files, and `!`/`#` are handled here rather than by minimatch.
const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true,
  nonegate: true,
  platform: 'linux'
}

const FIELDS = ['files', 'exclude', 'url', 'strip', 'index', 'refresh', 'prefetch'] as const
type Field = (typeof FIELDS)[number]

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
  prefetch: KINDS_FIX('prefetch')
}

const YAML_FIX =
  "Quote globs that start with * or ! (YAML reads them as an alias or a tag), e.g. files: ['**/*.css', '!drafts/**']."

const globs = z.union([z.string(), z.array(z.string())])
const kinds = z.union([z.boolean(), z.array(z.enum(['added', 'modified', 'removed']))])
const ruleSchema = z.strictObject({
  files: globs,
  exclude: globs.optional(),
  url: z.string(),
  strip: z.string().optional(),
  index: globs.optional(),
  refresh: kinds.optional(),
  prefetch: kinds.optional()
})
type RawRule = z.infer<typeof ruleSchema>

function ruleError(rule: number, where: string, problem: string, fix: string): InputError {
  return new InputError('rules', `rule ${rule}${where ? `, ${where}` : ''}: ${problem}. ${fix}`)
}

function show(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 200 ? json.slice(0, 200) + '…' : json
}

/**
 * Parses and compiles the `rules` input. Empty text means no rules. Every problem is an
 * InputError('rules') naming the rule number, the field, the bad value and the fix.
 */
export function parseRules(text: string): CompiledRule[] {
  const raw = readYaml(text)
  if (raw === null || raw === undefined) return []
  if (!Array.isArray(raw)) {
    throw new InputError(
      'rules',
      `must be a YAML list of rules, not ${show(raw)}. Start each rule with "- files:", e.g. "- files: public/**" and then "  url: https://www.example.com/".`
    )
  }
  return raw.map((item: unknown, index) => compileRule(validate(item, index + 1), index))
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

function validate(item: unknown, rule: number): RawRule {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw ruleError(
      rule,
      '',
      `${show(item)} is not a mapping`,
      'Write each rule as "- files: <glob>" followed by an indented "url: <URL>" line.'
    )
  }
  const parsed = ruleSchema.safeParse(item)
  if (parsed.success) return parsed.data
  // A typo in a field name usually also leaves a required field missing: report the typo.
  const issues = parsed.error.issues
  const unknown = issues.find(i => i.code === 'unrecognized_keys')
  if (unknown) {
    const key = unknown.keys[0] ?? ''
    const guess = closest(key)
    throw ruleError(
      rule,
      '',
      `unknown field ${quote(key)}${guess ? ` (did you mean '${guess}'?)` : ''}`,
      `Fields are ${FIELDS.join(', ')}.`
    )
  }
  // zod reports at least one issue on failure.
  const issue = deepest(issues[0] as Issue)
  const field = String(issue.path[0]) as Field
  const position = issue.path[1]
  const where = `field '${field}'${typeof position === 'number' ? ` item ${position + 1}` : ''}`
  const value = issue.path.reduce<unknown>(
    (v, key) => (v as Record<PropertyKey, unknown>)[key as PropertyKey],
    item
  )
  const problem =
    value === undefined
      ? 'is missing'
      : value === null
        ? 'is empty'
        : issue.code === 'invalid_value'
          ? `${show(value)} is not a change type`
          : `${show(value)} is not valid`
  throw ruleError(rule, where, problem, FIX[field])
}

type Issue = z.core.$ZodIssue

/** The innermost issue of a union (the branch that got furthest), with its full path. */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue
  let best: Issue = issue
  let depth = 0
  for (const branch of issue.errors) {
    const inner = branch[0] && deepest(branch[0])
    if (inner && inner.path.length > depth) {
      best = { ...inner, path: [...issue.path, ...inner.path] }
      depth = inner.path.length
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

function compileRule(raw: RawRule, index: number): CompiledRule {
  const rule = index + 1
  const files = asList(raw.files)
  const include: Minimatch[] = []
  const exclude: Minimatch[] = []
  for (const glob of files) {
    const negated = glob.startsWith('!')
    const compiled = compileGlob(rule, 'files', negated ? glob.slice(1) : glob, glob)
    ;(negated ? exclude : include).push(compiled)
  }
  const first = include[0]
  if (!first) {
    throw ruleError(
      rule,
      "field 'files'",
      files.length === 0 ? 'is an empty list' : `${show(files)} has only ! globs, which exclude`,
      "Add a glob that selects files, e.g. files: [public/**, '!public/drafts/**']."
    )
  }
  for (const glob of asList(raw.exclude)) {
    if (glob.startsWith('!')) {
      throw ruleError(
        rule,
        "field 'exclude'",
        `${quote(glob)} starts with !`,
        'Write exclude globs without ! (they already exclude).'
      )
    }
    exclude.push(compileGlob(rule, 'exclude', glob, glob))
  }

  const parsedUrl = parseUrlTemplate(raw.url)
  if (!parsedUrl.ok) throw ruleError(rule, "field 'url'", parsedUrl.problem, parsedUrl.fix)
  const template = parsedUrl.template

  const indexNames = asList(raw.index)
  for (const name of indexNames) {
    if (name === '' || name.includes('/')) {
      throw ruleError(rule, "field 'index'", `${quote(name)} is not a file name`, FIX.index)
    }
  }
  if (indexNames.length > 0 && !template.endsWithName) {
    throw ruleError(
      rule,
      "field 'index'",
      `${show(indexNames)} needs a url ending in {name}, {relative} or {path}, and url is ${quote(raw.url)}`,
      'Use such a url (or a base URL), or remove index.'
    )
  }

  return {
    index,
    files,
    url: raw.url,
    include,
    exclude,
    strip: compileStrip(rule, raw.strip, first),
    template,
    indexNames: new Set(indexNames),
    refresh: kindsOf(raw.refresh ?? true, 'refresh'),
    prefetch: kindsOf(raw.prefetch ?? false, 'prefetch')
  }
}

function compileGlob(rule: number, field: Field, pattern: string, written: string): Minimatch {
  const bad = (problem: string, fix: string): InputError =>
    ruleError(rule, `field '${field}'`, `${quote(written)} ${problem}`, fix)
  if (pattern === '') throw bad('is an empty glob', FIX[field])
  if (pattern.startsWith('/') || pattern.startsWith('./')) {
    const fixed = pattern.replace(/^(\.?\/)+/, '')
    throw bad(
      'does not match repository paths, which never start with / or ./',
      `Write ${quote(fixed)}.`
    )
  }
  if (pattern.endsWith('/')) {
    throw bad('matches only a directory, never a file', `Write ${quote(pattern + '**')}.`)
  }
  try {
    return new Minimatch(pattern, GLOB_OPTIONS)
  } catch (e) {
    throw bad(`is not a valid glob (${(e as Error).message})`, FIX[field])
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

function compileStrip(rule: number, strip: string | undefined, first: Minimatch): string {
  if (strip === undefined) return staticPrefix(first)
  if (strip.startsWith('/') || strip.startsWith('./')) {
    throw ruleError(
      rule,
      "field 'strip'",
      `${quote(strip)} can never prefix a repository path, which never starts with / or ./`,
      `Write ${quote(strip.replace(/^(\.?\/)+/, ''))}.`
    )
  }
  // `public` strips the directory `public/`, not the start of `publicity/`.
  return strip === '' || strip.endsWith('/') ? strip : strip + '/'
}

function kindsOf(value: boolean | ChangeKind[], op: Operation): ReadonlySet<ChangeKind> {
  if (value === true) return new Set(DEFAULT_KINDS[op])
  return new Set(value === false ? [] : value)
}

/** Whether a path is selected by a rule's globs. */
export function ruleMatches(rule: CompiledRule, path: string): boolean {
  return rule.include.some(g => g.match(path)) && !rule.exclude.some(g => g.match(path))
}

/** Whether a rule asks for an operation on a change of this kind. */
export function wants(rule: CompiledRule, operation: Operation, kind: ChangeKind): boolean {
  return rule[operation].has(kind)
}

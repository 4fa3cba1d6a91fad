import { InputError } from '../input-error.js'
import type { Change, ChangeKind } from '../model.js'

const FORMAT_HELP =
  "Write one repository-relative path per line, or git --name-status lines such as 'M<TAB>path', " +
  "'D<TAB>path' or 'R100<TAB>old<TAB>new'; quote a name holding a tab, newline or leading '\"' " +
  'the way git does ("a\\tb").'

const SINGLE_PATH_KINDS: Record<string, ChangeKind> = {
  A: 'added',
  M: 'modified',
  T: 'modified',
  D: 'removed'
}

/**
 * Parses the `files` input: plain paths (counted as modified) or `git diff --name-status` lines.
 * Duplicates (same path and kind) are dropped; the first occurrence keeps its place.
 */
export function parseFilesInput(text: string): Change[] {
  const changes = new ChangeCollector()
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return
    parseLine(line, { number: index + 1, text: line }, changes)
  })
  return changes.list
}

function parseLine(line: string, ref: LineRef, changes: ChangeCollector): void {
  const tab = line.indexOf('\t')
  if (tab === -1) {
    changes.add(toPath(line, ref), 'modified')
    return
  }
  const status = line.slice(0, tab)
  const fields = line.slice(tab + 1).split('\t')
  const match = /^([A-Z])(\d{0,3})$/.exec(status)
  const letter = match?.[1]
  if (letter === undefined || !'AMTDRC'.includes(letter)) {
    throw lineError(
      ref,
      `unknown status '${status}' (expected A, M, T, D, R<score> or C<score>; ` +
        'a path that holds a tab must be quoted)'
    )
  }
  if (match?.[2] !== '' && !'RCM'.includes(letter)) {
    throw lineError(ref, `status '${letter}' takes no score, found '${status}'`)
  }
  if (letter === 'R' || letter === 'C') {
    const [from, to] = fields
    if (fields.length !== 2 || from === undefined || to === undefined) {
      throw lineError(
        ref,
        `status '${status}' needs two paths (old<TAB>new), found ${fields.length}`
      )
    }
    const oldPath = toPath(from, ref)
    const newPath = toPath(to, ref)
    if (letter === 'R') changes.add(oldPath, 'removed')
    changes.add(newPath, 'added')
    return
  }
  const [only] = fields
  if (fields.length !== 1 || only === undefined) {
    throw lineError(ref, `status '${status}' takes one path, found ${fields.length}`)
  }
  changes.add(toPath(only, ref), SINGLE_PATH_KINDS[letter] ?? 'modified')
}

function toPath(field: string, ref: LineRef): string {
  let path = field.startsWith('"') ? unquoteC(field, ref) : field
  while (path.startsWith('./')) path = path.slice(2)
  if (path === '') throw lineError(ref, 'empty path')
  if (path.startsWith('/'))
    throw lineError(ref, 'absolute path; paths are relative to the repository root')
  if (path.includes('\0')) throw lineError(ref, 'path holds a NUL character')
  if (path.split('/').includes('..')) throw lineError(ref, "path leaves the repository ('..')")
  return path
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92
}

/** Undoes git's C-style quoting: escapes and octal bytes, decoded as UTF-8. */
function unquoteC(field: string, ref: LineRef): string {
  if (field.length < 2 || !field.endsWith('"')) throw lineError(ref, 'unterminated quoted path')
  const inner = field.slice(1, -1)
  const bytes: number[] = []
  const encoder = new TextEncoder()
  let literal = 0 // start of the pending run of unescaped characters
  const flush = (end: number): void => {
    for (const b of encoder.encode(inner.slice(literal, end))) bytes.push(b)
  }
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]
    if (ch === '"') throw lineError(ref, 'unescaped \'"\' inside a quoted path (write \\")')
    if (ch !== '\\') continue
    flush(i)
    const next = inner[i + 1]
    const octal = inner.slice(i + 1, i + 4)
    const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next]
    if (simple !== undefined) {
      bytes.push(simple)
      i += 1
    } else if (/^[0-3][0-7]{2}$/.test(octal)) {
      bytes.push(parseInt(octal, 8))
      i += 3
    } else {
      throw lineError(ref, `bad escape '\\${next ?? ''}' in a quoted path`)
    }
    literal = i + 1
  }
  flush(inner.length)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))
  } catch {
    throw lineError(ref, 'quoted path is not valid UTF-8')
  }
}

/** Where a problem is, for the error message; built only when there is one. */
interface LineRef {
  number: number
  text: string
}

function lineError(ref: LineRef, problem: string): InputError {
  const shown = ref.text.length > 120 ? `${ref.text.slice(0, 120)}…` : ref.text
  return new InputError(
    'files',
    `line ${ref.number} ${JSON.stringify(shown)}: ${problem}. ${FORMAT_HELP}`
  )
}

/** Keeps each (path, kind) once, in first-seen order; a Set keeps it linear for huge lists. */
class ChangeCollector {
  readonly list: Change[] = []
  private readonly seen = new Set<string>()

  add(path: string, kind: ChangeKind): void {
    const key = `${kind}\0${path}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.list.push({ path, kind })
  }
}

// `report-path` checked before the first provider call: a report that cannot be written would lose
// the task IDs of everything the run submitted.
import type { Stats } from 'node:fs'
import { mkdir, open, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { InputError } from '../input-error.js'
import { escapeControls } from '../workflow-text.js'

const FIX =
  'Give the path of a file in a writable directory, e.g. ${{ runner.temp }}/cdn-refresh-report.json, or leave report-path empty for the default.'

function problem(given: string, path: string, what: string): InputError {
  const value = given === '' ? `The default '${path}'` : `'${escapeControls(given)}'`
  const resolved = given !== '' && given !== path ? ` (${escapeControls(path)})` : ''
  return new InputError('report-path', `${value}${resolved} ${what}. ${FIX}`)
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e)

/** stat, with the error code instead of a throw (`instanceof Error` fails across Jest's realms). */
async function statOf(path: string): Promise<{ stats?: Stats; code?: string }> {
  try {
    return { stats: await stat(path) }
  } catch (e) {
    return { code: code(e) }
  }
}

/**
 * Creates the missing directories above `path`, one level at a time: a recursive mkdir can loop
 * forever on file systems such as /proc. Throws the file system's error (ENOTDIR when a parent is a
 * file), with `path` set to the directory at fault.
 */
export async function createParents(path: string): Promise<void> {
  const missing: string[] = []
  for (let dir = dirname(path); ;) {
    const { stats, code: failed } = await statOf(dir)
    if (stats?.isDirectory()) break
    if (stats || (failed !== 'ENOENT' && failed !== 'ENOTDIR')) {
      const why = stats ? `${dir} is not a directory` : `cannot read ${dir}`
      throw Object.assign(new Error(why), { code: failed ?? 'ENOTDIR', path: dir })
    }
    missing.unshift(dir)
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  for (const dir of missing) {
    await mkdir(dir).catch((e: unknown) => {
      if (code(e) !== 'EEXIST') throw e
    })
  }
}

/**
 * Proves that the report can be written at `path` (`given`: the input as written, for the message):
 * not a directory, every missing parent creatable, the file creatable or writable. Creates the
 * missing parents, as writing the report would; leaves an existing file as it is. InputError if not.
 */
export async function checkReportPath(path: string, given: string): Promise<void> {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(given)) {
    throw problem(given, path, 'contains a control character (a line break?)')
  }
  const existing = (await statOf(path)).stats
  if (existing?.isDirectory()) {
    throw problem(given, path, 'is a directory, not a file')
  }
  try {
    await createParents(path)
  } catch (e) {
    const at = (e as { path?: string }).path ?? dirname(path)
    const what =
      code(e) === 'ENOTDIR' || code(e) === 'EEXIST'
        ? `'${at}' is a file, not a directory`
        : `making '${at}' failed (${code(e)})`
    throw problem(given, path, `cannot be created: ${what}`)
  }
  try {
    if (!existing) {
      // Created and removed again: the report itself is written at the end.
      await (await open(path, 'wx')).close()
      await unlink(path)
    } else {
      await (await open(path, 'r+')).close()
    }
  } catch (e) {
    throw problem(given, path, `cannot be written (${code(e)})`)
  }
}

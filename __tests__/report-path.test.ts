// report-path is proved writable before the first provider call (issue 10, point 5).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError } from '../src/input-error.js'
import { checkReportPath, createParents } from '../src/report/report-path.js'
import { thrownAsync } from './helpers/expect-error.js'
import { TempDirs } from './helpers/git-repo.js'

let temp: TempDirs
beforeAll(() => {
  temp = new TempDirs()
})
afterAll(async () => {
  await temp.cleanup()
})

const root = process.getuid?.() === 0

describe('checkReportPath', () => {
  it('accepts a new file in new directories, creating the directories but not the file', async () => {
    const dir = await temp.make()
    const path = join(dir, 'a', 'b', 'report.json')
    await checkReportPath(path, 'a/b/report.json')
    expect((await stat(join(dir, 'a', 'b'))).isDirectory()).toBe(true)
    expect(await readdir(join(dir, 'a', 'b'))).toEqual([])
  })

  it('accepts an existing file and leaves it as it was', async () => {
    const dir = await temp.make()
    const path = join(dir, 'report.json')
    await writeFile(path, 'previous')
    await checkReportPath(path, 'report.json')
    expect(await readFile(path, 'utf8')).toBe('previous')
  })

  it('rejects a directory, naming the input, the value and the fix', async () => {
    const dir = await temp.make()
    await mkdir(join(dir, 'out'))
    const e = await thrownAsync(InputError, checkReportPath(join(dir, 'out'), 'out'))
    expect(e.input).toBe('report-path')
    expect(e.message).toBe(
      `Input 'report-path': 'out' (${join(dir, 'out')}) is a directory, not a file. Give the path of a file in a writable directory, e.g. \${{ runner.temp }}/cdn-refresh-report.json, or leave report-path empty for the default.`
    )
  })

  it('rejects a path whose parent is a file', async () => {
    const dir = await temp.make()
    await writeFile(join(dir, 'file.txt'), 'x')
    const path = join(dir, 'file.txt', 'sub', 'report.json')
    const e = await thrownAsync(InputError, checkReportPath(path, path))
    expect(e.message).toContain(`cannot be created: '${join(dir, 'file.txt')}' is a file`)
  })

  it('rejects a line break in the path, shown escaped', async () => {
    const dir = await temp.make()
    const e = await thrownAsync(InputError, checkReportPath(join(dir, 'a\nb'), 'a\nb'))
    expect(e.message).toContain("'a\\nb'")
    expect(e.message).not.toContain('\n')
  })

  it('rejects a directory the run cannot write to', async () => {
    // As root, permissions do not apply: use a file system that refuses new files instead.
    let path = '/sys/cdn-refresh-report.json'
    if (!root) {
      const dir = await temp.make()
      await chmod(dir, 0o500)
      path = join(dir, 'report.json')
    }
    const e = await thrownAsync(InputError, checkReportPath(path, path))
    expect(e.message).toMatch(/cannot be (written|created)/)
  })

  it('fails, and does not hang, where a recursive mkdir would loop (/proc)', async () => {
    const e = await thrownAsync(
      InputError,
      checkReportPath('/proc/nope/r.json', '/proc/nope/r.json')
    )
    expect(e.message).toContain("making '/proc/nope' failed (ENOENT)")
  })

  it('names the default location when report-path is empty', async () => {
    const dir = await temp.make()
    await mkdir(join(dir, 'cdn-refresh-report.json'))
    const e = await thrownAsync(
      InputError,
      checkReportPath(join(dir, 'cdn-refresh-report.json'), '')
    )
    expect(e.message).toContain(
      `The default '${join(dir, 'cdn-refresh-report.json')}' is a directory`
    )
  })
})

describe('createParents', () => {
  it('makes every missing level and accepts existing ones', async () => {
    const dir = await temp.make()
    await createParents(join(dir, 'x', 'y', 'z', 'f.json'))
    await createParents(join(dir, 'x', 'y', 'z', 'f.json'))
    expect((await stat(join(dir, 'x', 'y', 'z'))).isDirectory()).toBe(true)
  })
})

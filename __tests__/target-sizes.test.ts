import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { attachSizes } from '../src/target-sizes.js'
import { parseLsTreeSizes } from '../src/changes/git.js'
import { byteSize } from '../src/input-fields.js'
import { InputError } from '../src/input-error.js'
import type { Target } from '../src/model.js'
import { silentLogger } from '../src/providers/provider.js'
import { GitRepo, TempDirs } from './helpers/git-repo.js'
import { thrown } from './helpers/expect-error.js'

let temp: TempDirs
beforeAll(() => {
  temp = new TempDirs()
})
afterAll(async () => {
  await temp.cleanup()
})

function target(source: string, kind: Target['kind'] = 'added'): Target {
  return {
    url: `https://cdn.example.com/${encodeURIComponent(source)}`,
    host: 'cdn.example.com',
    sources: [source],
    kind,
    rule: 0,
    wanted: { refresh: false, prefetch: true }
  }
}

describe('attachSizes', () => {
  it('reads sizes from the pushed commit, whatever the working tree holds', async () => {
    const repo = await GitRepo.init(temp)
    await repo.write('big.bin', 'x'.repeat(5000))
    await repo.write('dir/line\nbreak.mp4', 'y'.repeat(1234)) // a newline in the name
    await repo.write('small.txt', 'z')
    const head = await repo.commit('media')
    await repo.write('big.bin', 'changed after the commit') // not what was pushed
    const targets = [
      target('big.bin'),
      target('dir/line\nbreak.mp4', 'modified'),
      target('small.txt'),
      target('gone.bin', 'removed'),
      { ...target(''), sources: [] } // a direct URL: no file
    ]
    const unknown = await attachSizes(targets, {
      workspace: repo.dir,
      head,
      logger: silentLogger
    })
    expect(targets.map(t => t.size)).toEqual([5000, 1234, 1, undefined, undefined])
    expect(unknown).toBe(0)
  })

  it('falls back to the workspace without a commit, and counts what it could not read', async () => {
    const repo = await GitRepo.init(temp)
    await repo.write('a.bin', 'x'.repeat(42))
    const targets = [target('a.bin'), target('missing.bin')]
    const unknown = await attachSizes(targets, { workspace: repo.dir, logger: silentLogger })
    expect(targets.map(t => t.size)).toEqual([42, undefined])
    expect(unknown).toBe(1)
  })
})

describe('parseLsTreeSizes', () => {
  it('takes blobs only, by exact path', () => {
    const out =
      '100644 blob aaaa     120\ta b.txt\0' +
      '160000 commit bbbb       -\tsub\0' +
      '100644 blob cccc 9999999999\tx\ny\0'
    expect([...parseLsTreeSizes(out, new Set(['a b.txt', 'sub', 'x\ny', 'nope']))]).toEqual([
      ['a b.txt', 120],
      ['x\ny', 9999999999]
    ])
  })
})

describe('byteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['200MB', 200_000_000],
    ['200 mb', 200_000_000],
    ['5GB', 5_000_000_000],
    ['5GiB', 5 * 2 ** 30],
    ['1.5KiB', 1536],
    ['10kb', 10_000],
    ['7B', 7]
  ])('reads %s', (text, bytes) => {
    expect(byteSize('prefetch-min-size', text)).toBe(bytes)
  })

  it.each(['', 'big', '-5MB', '5 PB', '1e9', 'MB'])(
    'rejects %j naming the input and the fix',
    text => {
      const e = thrown(InputError, () => byteSize('prefetch-max-size', text))
      expect(e.input).toBe('prefetch-max-size')
      expect(e.message).toMatch(/e\.g\. 200MB/)
    }
  )
})

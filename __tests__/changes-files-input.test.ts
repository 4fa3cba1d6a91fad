import { describe, expect, it } from '@jest/globals'
import { parseFilesInput } from '../src/changes/files-input.js'
import { InputError } from '../src/input-error.js'
import { thrown } from './helpers/expect-error.js'

describe('parseFilesInput', () => {
  it('treats plain paths as modified, keeping them exactly', () => {
    expect(parseFilesInput('a.txt\ndir/with space.html\n#x?y%20.css\ncafé.txt')).toEqual([
      { path: 'a.txt', kind: 'modified' },
      { path: 'dir/with space.html', kind: 'modified' },
      { path: '#x?y%20.css', kind: 'modified' },
      { path: 'café.txt', kind: 'modified' }
    ])
  })

  it('reads --name-status lines', () => {
    const text = [
      'A\tnew.txt',
      'M\tchanged.txt',
      'T\tlink',
      'D\tgone.txt',
      'M087\trewritten.txt'
    ].join('\n')
    expect(parseFilesInput(text)).toEqual([
      { path: 'new.txt', kind: 'added' },
      { path: 'changed.txt', kind: 'modified' },
      { path: 'link', kind: 'modified' },
      { path: 'gone.txt', kind: 'removed' },
      { path: 'rewritten.txt', kind: 'modified' }
    ])
  })

  it('turns a rename into removed + added and a copy into added', () => {
    expect(parseFilesInput('R100\told/a.txt\tnew/a.txt\nC75\tsrc.txt\tcopy.txt\nR\tx\ty')).toEqual([
      { path: 'old/a.txt', kind: 'removed' },
      { path: 'new/a.txt', kind: 'added' },
      { path: 'copy.txt', kind: 'added' },
      { path: 'x', kind: 'removed' },
      { path: 'y', kind: 'added' }
    ])
  })

  it('unquotes C-quoted names, including escapes, octal UTF-8 and newlines', () => {
    const text = [
      'A\t"caf\\303\\251 \\"x\\".txt"',
      '"tab\\there"',
      'M\t"line\\nbreak"',
      'D\t"back\\\\slash"',
      '"bell\\a\\b\\v\\f\\r"',
      'R100\t"\\"quoted\\""\t"日本.txt"'
    ].join('\n')
    expect(parseFilesInput(text)).toEqual([
      { path: 'café "x".txt', kind: 'added' },
      { path: 'tab\there', kind: 'modified' },
      { path: 'line\nbreak', kind: 'modified' },
      { path: 'back\\slash', kind: 'removed' },
      { path: 'bell\x07\b\v\f\r', kind: 'modified' },
      { path: '"quoted"', kind: 'removed' },
      { path: '日本.txt', kind: 'added' }
    ])
  })

  it('ignores blank lines, tolerates CRLF and strips a leading ./', () => {
    expect(parseFilesInput('\r\n./a.txt\r\n   \r\n\nM\t././b.txt\r\n')).toEqual([
      { path: 'a.txt', kind: 'modified' },
      { path: 'b.txt', kind: 'modified' }
    ])
  })

  it('keeps each path and kind once, in first-seen order', () => {
    expect(parseFilesInput('b\na\nM\tb\nD\tb\n./a\nR100\tb\tc')).toEqual([
      { path: 'b', kind: 'modified' },
      { path: 'a', kind: 'modified' },
      { path: 'b', kind: 'removed' },
      { path: 'c', kind: 'added' }
    ])
  })

  it('rejects an unknown status letter, naming the line, the value and the fix', () => {
    const error = thrown(InputError, () => parseFilesInput('a.txt\n\nX\tb.txt'))
    expect(error.input).toBe('files')
    expect(error.message).toContain('line 3')
    expect(error.message).toContain('"X\\tb.txt"')
    expect(error.message).toContain("unknown status 'X'")
    expect(error.message).toContain('--name-status')
  })

  it.each([
    ['U\tconflict.txt', "unknown status 'U'"],
    ['m\tlower.txt', "unknown status 'm'"],
    ['A100\tx', "status 'A' takes no score"],
    ['R100\tonly-one', 'needs two paths'],
    ['C50\ta\tb\tc', 'needs two paths'],
    ['M\ta\tb', 'takes one path'],
    ['M\t', 'empty path'],
    ['./', 'empty path'],
    ['/etc/passwd', 'absolute path'],
    ['a/../../b', "leaves the repository ('..')"],
    ['"unterminated', 'unterminated quoted path'],
    ['"bad\\q"', "bad escape '\\q'"],
    ['"in"side"', 'unescaped'],
    ['"\\377\\376"', 'not valid UTF-8'],
    ['"nul\\000"', 'NUL']
  ])('rejects %j (%s)', (line, problem) => {
    const error = thrown(InputError, () => parseFilesInput(`ok.txt\n${line}`))
    expect(error.message).toContain('line 2')
    expect(error.message).toContain(problem)
  })

  it('shortens a very long bad line in the message', () => {
    const error = thrown(InputError, () => parseFilesInput(`X\t${'a'.repeat(500)}`))
    expect(error.message).toContain('…')
    expect(error.message.length).toBeLessThan(500)
  })

  it('handles 100,000 lines in linear time', () => {
    // Quadratic de-duplication would need billions of comparisons here and time out.
    const lines = Array.from({ length: 50_000 }, (_, i) => `M\tdir/${i}.txt`)
    const started = Date.now()
    const changes = parseFilesInput([...lines, ...lines].join('\n'))
    expect(changes).toHaveLength(50_000)
    expect(changes[49_999]).toEqual({ path: 'dir/49999.txt', kind: 'modified' })
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

// GITHUB_OUTPUT entries: one-line values as `name=value`, anything else in core's heredoc form, both
// read back as the runner reads the file.
import { describe, expect, it } from '@jest/globals'
import { EOL } from 'node:os'
import { parseOutputFile } from '../emulators/github-runner.js'
import { outputFileEntry } from '../src/output-line.js'

const roundTrip = (entries: [string, string][]): Record<string, string> =>
  parseOutputFile(entries.map(([n, v]) => outputFileEntry(n, v) + EOL).join(''))

describe('outputFileEntry', () => {
  it('writes a one-line value as name=value, whatever it holds', () => {
    expect(outputFileEntry('refreshed', '12')).toBe('refreshed=12')
    const values: [string, string][] = [
      ['quota-remaining', '{"refresh-url":9,"prefetch":null}'],
      ['refresh-task-ids', 'a=b,c<<d'],
      ['report', '/tmp/rünner temp/report.json'],
      ['incomplete-task-ids', ''],
      ['completed', '<<EOF']
    ]
    for (const [name, value] of values)
      expect(outputFileEntry(name, value)).toBe(`${name}=${value}`)
    expect(roundTrip(values)).toEqual(Object.fromEntries(values))
  })

  it('keeps the heredoc form, with a fresh delimiter, for a value with line breaks', () => {
    const value = 'line 1\nrefreshed=999\r\nghadelimiter_x'
    const entry = outputFileEntry('failed', value)
    const delimiter = /^failed<<(ghadelimiter_[0-9a-f-]{36})\r?\n/.exec(entry)?.[1]
    expect(delimiter).toBeDefined()
    expect(entry.endsWith(`${EOL}${delimiter}`)).toBe(true)
    expect(outputFileEntry('failed', value)).not.toContain(delimiter!)
    expect(
      roundTrip([
        ['failed', value],
        ['refreshed', '1']
      ])
    ).toEqual({
      failed: value,
      refreshed: '1'
    })
  })

  it('uses the heredoc form for a name the short form cannot carry', () => {
    expect(outputFileEntry('a=b', '1')).toMatch(/^a=b<<ghadelimiter_/)
    expect(outputFileEntry('a<<b', '1')).toMatch(/^a<<b<<ghadelimiter_/)
  })
})

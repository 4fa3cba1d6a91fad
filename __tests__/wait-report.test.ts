import { describe, expect, it } from '@jest/globals'
import {
  completionAnnotations,
  completionFailure,
  completionOf,
  completionOutputs,
  completionSummary
} from '../src/wait/report.js'
import type { WaitRecord } from '../src/wait/run-wait.js'
import type { WaitTask } from '../src/wait/wait.js'

const t0 = Date.UTC(2026, 0, 1)

function task(key: string, fields: Partial<WaitTask>): WaitTask {
  return {
    key,
    taskId: key.startsWith('request') ? undefined : key,
    operation: 'refresh',
    urls: ['https://a.example.com/x'],
    submittedAt: t0,
    outcome: {} as WaitTask['outcome'],
    state: 'complete',
    ...fields
  }
}

function record(tasks: WaitTask[], stopped?: WaitRecord['stopped']): WaitRecord {
  return { waitedMs: 95_000, timeoutSeconds: 600, pollIntervalSeconds: 10, tasks, stopped }
}

describe('completion in the report', () => {
  it('gives each task its final status and the time from submission to finishing', () => {
    const c = completionOf(
      record([
        task('1', { state: 'complete', progress: 100, finishedAt: t0 + 80_000 }),
        task('2', { state: 'failed', detail: 'OriginTimeout', finishedAt: t0 + 30_000 }),
        task('3', { state: 'incomplete', progress: 40 }),
        task('request 4', { operation: 'prefetch', state: 'unavailable' })
      ])
    )
    expect(c.completed).toBe(false)
    expect(c.counts).toEqual({ complete: 1, failed: 1, incomplete: 1, unavailable: 1, unknown: 0 })
    expect(c.tasks[0]).toEqual({
      operation: 'refresh',
      key: '1',
      taskId: '1',
      status: 'complete',
      progress: 100,
      detail: undefined,
      urls: 1,
      submittedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:20.000Z',
      durationMs: 80_000
    })
    expect(completionOutputs(c)).toEqual({
      completed: 'false',
      'incomplete-task-ids': '2,3,request 4'
    })
    // Unavailable is not complete, but is not a failure either.
    expect(completionFailure(c)).toBe(
      'Not complete: 2 tasks (1 failed, 1 did not finish within wait-timeout; fail-on: incomplete). See the job summary.'
    )
    expect(completionAnnotations(c).map(a => a.level)).toEqual(['error', 'warning', 'warning'])
    const summary = completionSummary(c, s => s, 200)
    expect(summary).toContain(
      '**Waiting for completion**: 1 of 4 tasks complete, after waiting 1 min 35 s'
    )
    expect(summary).toContain('| <code>1</code> | refresh | 1 | ✅ complete | 1 min 20 s |')
    expect(summary).toContain('| <code>3</code> | refresh | 1 | ⏳ not finished | — |')
  })

  it('is complete, and passes, only when every task was seen complete', () => {
    const c = completionOf(record([task('1', { finishedAt: t0 + 1000 })]))
    expect(completionOutputs(c)).toEqual({ completed: 'true', 'incomplete-task-ids': '' })
    expect(completionFailure(c)).toBeUndefined()
    const unavailable = completionOf(record([task('request 1', { state: 'unavailable' })]))
    expect(completionOutputs(unavailable).completed).toBe('false')
    expect(completionFailure(unavailable)).toBeUndefined()
  })

  it('without a wait: completed is false, and nothing fails for it', () => {
    expect(completionOutputs(undefined)).toEqual({ completed: 'false', 'incomplete-task-ids': '' })
    expect(completionFailure(undefined)).toBeUndefined()
  })

  it('says why a wait stopped', () => {
    const c = completionOf(
      record([task('1', { state: 'unknown' })], { code: 'Forbidden', message: 'X refused' })
    )
    expect(c.stopped).toBe('X refused')
    expect(completionAnnotations(c)[0]).toEqual({ level: 'error', message: 'X refused' })
    expect(completionFailure(c)).toMatch(/1 could not be read/)
  })
})

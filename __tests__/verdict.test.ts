import { describe, expect, it } from '@jest/globals'
import { annotationsOf, failureOf } from '../src/report/verdict.js'
import type { Report, ReportTask, ReportUrl } from '../src/report/report.js'

function report(urls: Partial<ReportUrl>[], tasks: Partial<ReportTask>[] = []): Report {
  const failed = urls.filter(u => u.status === 'failed').length
  return {
    providerTitle: 'Alibaba Cloud DCDN',
    reportPath: '/tmp/r.json',
    urls: urls.map(u => ({
      url: 'https://x.example.com/',
      operation: 'refresh',
      rule: 0,
      sources: [],
      status: 'submitted',
      ...u
    })),
    tasks: tasks as ReportTask[],
    counts: { refresh: { failed }, prefetch: { failed: 0 } }
  } as unknown as Report
}

describe('failureOf', () => {
  const quota = report([{ status: 'skipped', reason: 'quota' }])
  const failed = report([{ status: 'failed', errorCode: 'X' }])
  const ruleOnly = report([
    { status: 'not-wanted', reason: 'rule' },
    { status: 'skipped', reason: 'dry-run' }
  ])

  it('fails on provider failures unless fail-on is never', () => {
    expect(failureOf(failed, 'error')).toMatch(/^1 URL operation failed at Alibaba Cloud DCDN/)
    expect(failureOf(failed, 'skipped')).toMatch(/failed/)
    expect(failureOf(failed, 'never')).toBeUndefined()
  })
  it('fails on quota, time and abort skips only with fail-on: skipped', () => {
    expect(failureOf(quota, 'error')).toBeUndefined()
    expect(failureOf(quota, 'skipped')).toMatch(/fail-on: skipped/)
    expect(failureOf(report([{ status: 'skipped', reason: 'aborted' }]), 'skipped')).toMatch(
      /skipped/
    )
  })
  it('never fails for rule or dry-run skips', () => {
    expect(failureOf(ruleOnly, 'skipped')).toBeUndefined()
  })
})

describe('annotationsOf', () => {
  it('warns for quota, time and abort skips and errors for each failed request', () => {
    const r = report(
      [
        { status: 'skipped', reason: 'quota' },
        { status: 'skipped', reason: 'quota' },
        { status: 'skipped', reason: 'time-budget' },
        { status: 'skipped', reason: 'aborted' },
        { status: 'not-wanted', reason: 'rule' }
      ],
      [
        {
          status: 'failed',
          operation: 'prefetch',
          urls: 3,
          errorCode: 'PreloadQueueFull',
          detail: 'full'
        }
      ]
    )
    expect(annotationsOf(r)).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(
          /^2 URL operations were skipped because the Alibaba Cloud DCDN quota/
        )
      },
      { level: 'warning', message: expect.stringMatching(/^1 .*timeout ran out/) },
      { level: 'error', message: 'A prefetch request for 3 URLs failed: PreloadQueueFull: full' },
      {
        level: 'warning',
        message: expect.stringMatching(
          /^1 URL operation was not submitted because the run stopped first/
        )
      }
    ])
  })
  it('says nothing for a clean run', () => {
    expect(annotationsOf(report([{ status: 'submitted' }]))).toEqual([])
  })
})

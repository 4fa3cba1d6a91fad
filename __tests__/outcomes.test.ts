import { describe, expect, it } from '@jest/globals'
import { closeUnfinished } from '../src/outcomes.js'
import type { PlanItem } from '../src/model.js'

const item = (url: string, status: PlanItem['status']): PlanItem => ({
  url,
  host: 'a.example.com',
  operation: 'refresh',
  rule: 0,
  sources: [],
  status
})

describe('closeUnfinished', () => {
  const items = [
    item('https://a.example.com/sent', 'submitted'),
    item('https://a.example.com/x', 'planned')
  ]

  it('skips what the run never reached, reason aborted', () => {
    const closed = closeUnfinished(items, 'not submitted: the run stopped first (input error)')
    expect(closed[0]).toBe(items[0])
    expect(closed[1]).toMatchObject({ status: 'skipped', reason: 'aborted' })
    expect(closed[1]).not.toHaveProperty('errorCode')
  })

  it('fails it with the error when the provider kept failing: a silent provider is no skip', () => {
    const closed = closeUnfinished(items, 'not submitted: it kept failing (Timeout: …)', 'Timeout')
    expect(closed[0]).toBe(items[0])
    expect(closed[1]).toMatchObject({ status: 'failed', errorCode: 'Timeout' })
    expect(closed[1]).not.toHaveProperty('reason')
  })
})

import { describe, expect, it } from '@jest/globals'
import { FakeClock } from './helpers/fake-clock.js'

describe('FakeClock', () => {
  it('advances on sleep without waiting', async () => {
    const clock = new FakeClock(1000)
    await clock.sleep(60_000)
    expect(clock.now()).toBe(61_000)
    expect(clock.sleeps).toEqual([60_000])
  })
})

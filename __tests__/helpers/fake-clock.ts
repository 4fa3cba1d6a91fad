import type { Clock } from '../../src/submit/clock.js'

/** Virtual time: sleep() advances the clock at once and records how long was asked for. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  constructor(private current = Date.UTC(2026, 0, 1, 0, 0, 0)) {}
  now(): number {
    return this.current
  }
  async sleep(ms: number): Promise<void> {
    const d = Math.max(0, ms)
    this.sleeps.push(d)
    this.current += d
  }
  advance(ms: number): void {
    this.current += ms
  }
}

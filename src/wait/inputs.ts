// The `wait`, `wait-timeout` and `poll-interval` inputs (validated like every other input).
import { InputError } from '../input-error.js'
import { boolean, integer, type InputReader } from '../input-fields.js'

export interface WaitSettings {
  /** Poll task status after submitting until the tasks finish or waitTimeoutSeconds pass. */
  wait: boolean
  /** Seconds spent waiting, counted apart from `timeout`. */
  waitTimeoutSeconds: number
  /** Seconds between polls in the first minute of a wait (then slower, up to 60). */
  pollIntervalSeconds: number
}

/** Reads the wait inputs; `fail-on: incomplete` needs `wait: true` to mean anything. */
export function readWaitSettings(read: InputReader, failOn: string): WaitSettings {
  const get = (name: string): string => read(name).trim()
  const wait = boolean('wait', get('wait') || 'false')
  const settings = {
    wait,
    waitTimeoutSeconds: integer('wait-timeout', get('wait-timeout') || '600', 1, 6 * 3600),
    pollIntervalSeconds: integer('poll-interval', get('poll-interval') || '10', 1, 600)
  }
  if (failOn === 'incomplete' && !wait) {
    throw new InputError(
      'fail-on',
      `'incomplete' needs wait: true (without waiting nothing is known to be complete). Set wait: true, or use fail-on: error.`
    )
  }
  return settings
}

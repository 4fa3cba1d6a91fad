/**
 * A problem with what the user wrote in `with:` (or the event it ran on). Raised before any provider
 * call, so bad input never produces a partial submission. The message names the input, the bad
 * value and the fix.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

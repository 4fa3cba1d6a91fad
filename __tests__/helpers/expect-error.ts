/** Any error class, whatever its constructor takes. */
type ErrorClass<E extends Error> = new (...args: never[]) => E

/**
 * Runs `fn` and returns what it threw, typed as `type`. An error of another type is rethrown as
 * is, so the test fails showing it; returning normally fails the test too.
 */
export function thrown<E extends Error>(type: ErrorClass<E>, fn: () => unknown): E {
  try {
    fn()
  } catch (e) {
    if (e instanceof type) return e
    throw e
  }
  throw new Error(`expected a ${type.name}, but no error was thrown`)
}

/** Like `thrown`, for a promise: awaits it and returns its rejection, typed as `type`. */
export async function thrownAsync<E extends Error>(
  type: ErrorClass<E>,
  promise: Promise<unknown>
): Promise<E> {
  try {
    await promise
  } catch (e) {
    if (e instanceof type) return e
    throw e
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`)
}

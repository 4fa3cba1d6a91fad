// The faults every provider emulator can inject into its next answers.

/** What the next request of a route gets instead of normal processing. */
export type EmulatorFault =
  | {
      status: number
      /** The provider's error code (or, for Gcore, the field the message is about). */
      code?: string
      message?: string
      headers?: Record<string, string>
      /** Raw body instead of the provider's JSON error document. */
      body?: string
    }
  | 'timeout' //     never answers (the socket stays open until the client gives up or close())
  | 'malformed' //   2xx with a body that is not JSON
  | 'wrong-shape' // 2xx with JSON that lacks the route's fields
  | 'reset' //       destroys the connection without answering
  // The request is processed as usual (it counts: a task, quota, a rate window), then its answer
  // is lost or broken, as when a reply goes missing after the provider accepted a write:
  | 'accept-then-reset' //         destroys the connection without answering
  | 'accept-then-timeout' //       never answers
  | 'accept-then-cut' //           sends the success status and headers, then resets mid-body
  | 'accept-then-malformed' //     success status with a body that is not JSON
  | 'accept-without-task-id' //    success without the task ID field (as usual where there is none)

/** The faults that let the request take effect before spoiling its answer. */
export type AfterAcceptFault = Extract<EmulatorFault, `accept-${string}`>

export function isAfterAcceptFault(fault: EmulatorFault): fault is AfterAcceptFault {
  return typeof fault === 'string' && fault.startsWith('accept-')
}

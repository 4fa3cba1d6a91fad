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

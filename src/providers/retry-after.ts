// The standard `Retry-After` response header (RFC 9110 §10.2.3), shared by every provider adapter.
// Provider-specific hints (Alibaba's x-acs-retry-after) stay with their adapter.

// asctime() dates carry no zone but are defined as GMT; Date.parse would read them as local time.
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (a non-negative integer) or an
 * HTTP-date (IMF-fixdate, RFC 850 or asctime), measured against `nowMs` and clamped at zero.
 * Anything else, including fractions, negative numbers and bare ISO dates, is not a hint
 * (undefined), so a garbled header falls back to the caller's own backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Every HTTP-date form starts with a day name; this keeps Date.parse from reading "1.5" as a date.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined
  const at = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** `parseRetryAfter` of the `retry-after` entry of lower-case response headers. */
export function retryAfterMs(
  headers: Readonly<Record<string, string>>,
  nowMs: number
): number | undefined {
  return parseRetryAfter(headers['retry-after'], nowMs)
}

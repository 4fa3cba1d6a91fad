// Text that comes from a provider (error messages, request IDs, bodies) made safe to carry: no
// control characters, and no signature or credential-bearing header value, whatever the provider.

import { escapeControls } from '../workflow-text.js'

const REDACTED = '[REDACTED]'

// What a provider may echo back of a request: signature values (ACS3 and Huawei `Signature=<hex>`,
// V2 `Signature` query parameters), whole Authorization header values, and token headers.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // `Signature=ab12…`, `"Signature":"ab12…"`, `Signature%3Dab12…` (URL-encoded).
  [/(Signature"?\s*(?:=|:|%3D)\s*"?)[A-Za-z0-9+/_%-]{8,}={0,2}/gi, `$1${REDACTED}`],
  // An Authorization value: everything after its scheme word (kept) up to the end of the header.
  [/((?:proxy-)?authorization"?\s*[:=]\s*"?(?:[A-Za-z0-9-]+ )?)[^"\r\n\\]+/gi, `$1${REDACTED}`],
  // A signature scheme's credential parts quoted without the header name.
  [
    /((?:ACS3-HMAC-SHA256|SDK-HMAC-SHA256|HMAC-SHA256|APIKey|Bearer|Basic)\s+)[^\s"',;\\]+(?:[ ,]+[A-Za-z]+=[^\s"',;\\]+)*/gi,
    `$1${REDACTED}`
  ],
  // Token headers and parameters (x-acs-security-token, X-Security-Token, SecurityToken, api_key).
  [
    /((?:security[-_]?token|x-auth-token|access[-_]?token|api[-_]?key|secret)"?\s*[:=]\s*"?)[^\s"',;&\\]+/gi,
    `$1${REDACTED}`
  ]
]

/** `text` with signatures, Authorization values and tokens it may echo replaced by [REDACTED]. */
export function redactSignatures(text: string): string {
  let out = text
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/**
 * A quotable start of a provider body: credentials removed by `scrub` and signatures redacted
 * first, then cut to `max` characters, so that a secret straddling the cut cannot leak its start.
 */
export function bodyExcerpt(body: string, scrub: (text: string) => string, max: number): string {
  const clean = redactSignatures(scrub(body))
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean)
}

/** Provider text as ProviderError keeps it: signatures redacted, controls escaped. */
export function cleanProviderText(text: string): string {
  return escapeControls(redactSignatures(text))
}

// Reading and validating single inputs, shared by the common inputs (inputs.ts) and each
// provider's own (providers/*/inputs.ts). Every failure is an InputError naming the input, the
// value and the fix.
import * as z from 'zod/mini'
import { InputError } from './input-error.js'
import { escapeControls } from './workflow-text.js'

// zod/mini loads no locale, so every issue message would read just "Invalid input"; field() and
// parseLimits (inputs.ts) quote zod's English messages, as the full zod gave them.
z.config(z.locales.en())

/** Reads one input as the runner gives it (`core.getInput` in the action). */
export type InputReader = (name: string) => string

/** Parses one input with a zod schema; the first issue becomes an InputError naming input and value. */
export function field<T>(input: string, value: string, schema: z.ZodMiniType<T>, fix: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new InputError(
    input,
    `'${value}' ${parsed.error.issues[0]?.message ?? 'is not valid'}. ${fix}`
  )
}

export function oneOf<T extends string>(
  input: string,
  value: string,
  allowed: readonly [T, ...T[]]
): T {
  return field(
    input,
    value,
    z.enum(allowed, { error: 'is not an accepted value' }),
    `Set it to one of ${allowed.map(a => `'${a}'`).join(', ')}.`
  )
}

export function integer(input: string, value: string, min: number, max: number): number {
  const schema = z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, { error: 'is not a whole number' })),
      z.transform(Number)
    ),
    z
      .number()
      .check(z.gte(min, { error: `is below ${min}` }), z.lte(max, { error: `is above ${max}` }))
  )
  return field(input, value, schema, `Give a whole number from ${min} to ${max}.`)
}

// The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
const booleanSchema = z.pipe(
  z.enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'], { error: 'is not a boolean' }),
  z.transform(v => v.toLowerCase() === 'true')
)

export function boolean(input: string, value: string): boolean {
  return field(input, value, booleanSchema, 'Use true or false.')
}

/** Non-empty lines, trimmed, with their 1-based line numbers; `#` comment lines skipped. */
export function numberedLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter(l => l.text !== '' && !l.text.startsWith('#'))
}

/** Non-empty lines, trimmed; `#` comment lines skipped so users can annotate lists. */
export function lines(text: string): string[] {
  return numberedLines(text).map(l => l.text)
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * `value` as an error message may quote it: what may be a secret replaced (everything up to the
 * last `@`, after the scheme; the query and fragment), controls escaped. For values that failed
 * to parse too, so it goes by the text, not by what `new URL` made of it.
 */
export function redactUrl(value: string): string {
  let out = value
  const at = out.lastIndexOf('@')
  if (at >= 0) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(out)?.[0] ?? ''
    out = `${scheme}[REDACTED]${out.slice(at)}`
  }
  out = out.replace(/([?#]).*$/s, '$1[REDACTED]')
  return escapeControls(out)
}

/**
 * A provider API base URL: scheme and host only, https except for loopback hosts (emulators), no
 * credentials, no query. `example` is the public default shown in the fix. The messages quote the
 * value with anything that may be a secret (user info, query) redacted.
 */
export function endpointUrl(input: string, value: string, example: string): string {
  const shown = `'${redactUrl(value)}'`
  if (/[\s\p{Cc}\p{Cf}]/u.test(value)) {
    throw new InputError(
      input,
      `${shown} contains white space or a control character. Give a base URL such as ${example}.`
    )
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(input, `${shown} is not a URL. Give a base URL such as ${example}.`)
  }
  if (url.username || url.password || value.includes('@')) {
    throw new InputError(
      input,
      `${shown} contains credentials (user:password@). Remove them: pass credentials in the credential inputs, from secrets.`
    )
  }
  if (/[?#]/.test(value)) {
    throw new InputError(
      input,
      `${shown} has a query or fragment, which the action never sends. Give the bare base URL (scheme and host), such as ${example}.`
    )
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new InputError(
      input,
      `${shown} has a path. Give the bare base URL (scheme and host), such as ${example}.`
    )
  }
  if (url.protocol === 'https:') return url.origin
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url.origin
  throw new InputError(
    input,
    `${shown} must use https:// (http:// is allowed only for loopback hosts such as a local emulator), such as ${example}.`
  )
}

/** An input with an environment-variable fallback, trimmed; '' when neither is set. */
export function inputOrEnv(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  input: string,
  variables: readonly string[]
): string {
  const given = read(input).trim()
  if (given !== '') return given
  for (const name of variables) {
    const value = env[name]?.trim()
    if (value) return value
  }
  return ''
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
}

/** A size in bytes: `1048576`, `200MB` (10^6), `1.5 GiB` (2^30); units are case-insensitive. */
export function byteSize(input: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value.trim())
  const unit = BYTE_UNITS[match?.[2]?.toLowerCase() ?? 'x']
  if (!match || unit === undefined) {
    throw new InputError(
      input,
      `'${value}' is not a size. Give bytes, or a number with KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 200MB.`
    )
  }
  return Math.round(Number(match[1]) * unit)
}

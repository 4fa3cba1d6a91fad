// The AccessKey pair (plus optional temporary token) that Alibaba Cloud and Huawei Cloud both use,
// read from the same three inputs with each provider's own environment fallbacks.
import { InputError } from '../input-error.js'
import { inputOrEnv, type InputReader } from '../input-fields.js'
import type { ProviderInput } from './provider.js'

export interface KeyPair {
  accessKeyId: string
  accessKeySecret: string
  /** Temporary (STS) credentials' token. */
  securityToken?: string
}

/** Environment variables each input falls back to, as the provider's own tooling exports them. */
export interface KeyPairEnv {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
}

/** The three credential inputs, all masked. */
export function keyPairInputs(names: KeyPairEnv): ProviderInput[] {
  return [
    { name: 'access-key-id', env: [names.accessKeyId], secret: true },
    { name: 'access-key-secret', env: [names.accessKeySecret], secret: true },
    { name: 'security-token', env: [names.securityToken], secret: true }
  ]
}

// Inside a credential: any white space (a space, a pasted line break, a tab) or an invisible
// control or format character. Such a value is never what the console shows: it fails signing in
// ways that look like network errors, or smuggles a second line into a header.
const NOT_IN_CREDENTIAL = /[\s\p{Cc}\p{Cf}]/u

function kindOf(c: string): string {
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return 'a line break'
  if (/\s/u.test(c)) return 'white space'
  return 'an invisible control character'
}

/**
 * `value` when it has the shape of a credential: nothing in it that no provider issues (white space,
 * controls). The error names the input and where it was read, never the value.
 */
export function credentialShape(input: string, value: string, source = `input '${input}'`): string {
  const bad = NOT_IN_CREDENTIAL.exec(value)
  if (!bad) return value
  throw new InputError(
    input,
    `the value of ${source} contains ${kindOf(bad[0])} (character ${bad.index + 1} of ${value.length}; the value is a secret and is not shown). Paste the credential alone, without spaces or line breaks, into the secret it comes from.`
  )
}

/** A credential input (or its environment fallback), trimmed and shape-checked; '' when unset. */
export function credential(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  input: string,
  variables: readonly string[]
): string {
  const value = inputOrEnv(read, env, input, variables)
  const fromEnv = read(input).trim() === '' && value !== ''
  const variable = variables.find(name => env[name]?.trim())
  return credentialShape(
    input,
    value,
    fromEnv && variable ? `environment variable ${variable} (read as ${input})` : `input '${input}'`
  )
}

/**
 * The key pair, or undefined when none is given and the run does not write (dry runs, pull
 * requests, whose forks get no secrets). Half a pair, or a token alone, is always an error.
 */
export function readKeyPair(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  names: KeyPairEnv,
  live: boolean
): KeyPair | undefined {
  const accessKeyId = credential(read, env, 'access-key-id', [names.accessKeyId])
  const accessKeySecret = credential(read, env, 'access-key-secret', [names.accessKeySecret])
  const securityToken = credential(read, env, 'security-token', [names.securityToken])
  if (accessKeyId !== '' || accessKeySecret !== '') {
    if (accessKeyId === '') {
      throw new InputError('access-key-id', 'is empty while access-key-secret is set. Give both.')
    }
    if (accessKeySecret === '') {
      throw new InputError('access-key-secret', 'is empty while access-key-id is set. Give both.')
    }
    return { accessKeyId, accessKeySecret, ...(securityToken && { securityToken }) }
  }
  if (securityToken !== '') {
    throw new InputError(
      'security-token',
      'is set without access-key-id and access-key-secret. A temporary token needs the temporary key pair too.'
    )
  }
  if (live) {
    throw new InputError(
      'access-key-id',
      `is empty, and a live run needs both access-key-id and access-key-secret. Pass them from secrets (or set ${names.accessKeyId} and ${names.accessKeySecret}), or set dry-run: true.`
    )
  }
  return undefined
}

/** `text` with every value of the key pair replaced, for anything that may reach logs or reports. */
export function scrubKeyPair(text: string, credentials: KeyPair): string {
  let out = text
  for (const secret of [
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.accessKeyId
  ]) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[REDACTED]')
  }
  return out
}

// The encoding and hashing both request signers (Alibaba ACS3, Huawei SDK-HMAC) are defined on.

/** SHA-256 of zero bytes: the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/**
 * node:crypto, loaded at the first signature rather than with the provider: it costs about 10 ms
 * of start-up on Node 24, and a run with nothing to send never signs.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto')
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `value`: only `A-Z a-z 0-9 - _ . ~` stay, every
 * other byte becomes upper-case `%XX` (space `%20`, `*` `%2A`, `/` `%2F`, newline `%0A`).
 * Byte-wise, so a lone surrogate becomes U+FFFD instead of throwing as encodeURIComponent would.
 */
export function percentEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out +=
      byte < 0x80 && UNRESERVED.test(ch)
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** Lower-case hex SHA-256 (a string is hashed as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex')
}

/**
 * Whether text holds a C0/C1 control character or a Unicode line/paragraph separator: in a URL
 * list such a character could split one URL into two or smuggle in another.
 */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true
  }
  return false
}

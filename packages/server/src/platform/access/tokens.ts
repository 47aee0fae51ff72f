import { createHash, randomBytes } from 'node:crypto'

/** SHA-256 hex: what the database stores for session tokens and API keys (both are 256-bit random). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** A new session token: 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

export const API_KEY_PREFIX = 'kemai_'
const API_KEY_RE = /^kemai_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/

/** A new API key `kemai_<prefix>_<secret>`: the 8-hex prefix is shown in lists, the secret only once. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex')
  return { key: `${API_KEY_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`, prefix }
}

/** The prefix of a well-formed API key, or null. */
export function parseApiKey(key: string): { prefix: string } | null {
  if (key.length > 64) return null
  const m = API_KEY_RE.exec(key)
  return m ? { prefix: m[1]! } : null
}

/** Bearer credentials: API keys start with `kemai_`, anything else is taken as a session token. */
export function isApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX)
}

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'
import type { FieldIssue } from '../errors.ts'

export interface ScryptParams {
  /** log2 of the CPU/memory cost N */
  ln: number
  r: number
  p: number
}

/**
 * N = 2^15, r = 8, p = 1: about 125 ms and 32 MB per hash on the 2-core reference machine (measured
 * 2026-11). Stored hashes carry their parameters, so raising these later only needs `needsRehash`
 * on the next successful login.
 */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 }

// Parameters read back from the database are bounded, so a corrupted row cannot make a login take minutes.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const

/**
 * The parameters new hashes get: DEFAULT_SCRYPT, or a higher cost from `KEMAI_SCRYPT_LN` (e.g. 16 on a
 * faster machine). A lower value is honoured only under vitest, where each hash would otherwise cost
 * 0.1–0.5 s on the shared 2-core runners.
 */
export function scryptParams(): ScryptParams {
  const ln = Number(process.env.KEMAI_SCRYPT_LN)
  if (!Number.isInteger(ln) || ln < LIMITS.ln[0] || ln > LIMITS.ln[1]) return DEFAULT_SCRYPT
  if (ln < DEFAULT_SCRYPT.ln && !process.env.VITEST) return DEFAULT_SCRYPT
  return { ...DEFAULT_SCRYPT, ln }
}

export const MIN_PASSWORD_LENGTH = 8
/** Checked before any hashing: a 10 MB "password" is refused at once instead of being hashed. */
export const MAX_PASSWORD_LENGTH = 256
const MAX_PASSWORD_BYTES = 1024
const KEY_LENGTH = 32
const SALT_LENGTH = 16

// The most common passwords in Chinese and English leak lists (the ones that pass the length rule).
const COMMON = new Set([
  'password',
  'password1',
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '88888888',
  '66666666',
  '00000000',
  '87654321',
  'qwertyui',
  'qwerty123',
  'iloveyou',
  'a123456789',
  'abc12345',
  'abcd1234',
  '1qaz2wsx',
  'woaini1314',
  'admin123',
  'passw0rd',
])

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '')

/** Hashes a password as a PHC-style string: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string, params: ScryptParams = scryptParams()): Promise<string> {
  if (!isWithinLength(password)) throw new RangeError('password too long to hash')
  const salt = randomBytes(SALT_LENGTH)
  const key = await scryptAsync(password, salt, params)
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`
}

interface Parsed {
  params: ScryptParams
  salt: Buffer
  key: Buffer
}

function parse(encoded: string): Parsed | null {
  const m =
    /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/.exec(
      encoded,
    )
  if (!m) return null
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  for (const k of ['ln', 'r', 'p'] as const) {
    const [lo, hi] = LIMITS[k]
    if (params[k] < lo || params[k] > hi) return null
  }
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') }
}

/** True when `password` matches `encoded`; false for a wrong password, a malformed hash or an over-long input. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (!isWithinLength(password)) return false
  const parsed = parse(encoded)
  if (!parsed) return false
  const key = await scryptAsync(password, parsed.salt, parsed.params)
  // timingSafeEqual throws on different lengths; the length of a stored hash is not a secret.
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/** True when the stored hash uses weaker parameters than `params` (rehash after a successful login). */
export function needsRehash(encoded: string, params: ScryptParams = scryptParams()): boolean {
  const parsed = parse(encoded)
  if (!parsed) return true
  return parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p
}

// A valid hash of a random secret: logins for unknown emails verify against it so that they take as long
// as a wrong password for a real account (no account enumeration by timing).
const dummies = new Map<number, Promise<string>>()
export function dummyHash(): Promise<string> {
  const params = scryptParams()
  let h = dummies.get(params.ln)
  if (!h) {
    h = hashPassword(randomBytes(18).toString('base64'), params)
    dummies.set(params.ln, h)
  }
  return h
}

function isWithinLength(password: string): boolean {
  return password.length <= MAX_PASSWORD_LENGTH && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES
}

/** The rules a new password must meet, as field issues for `path` (empty when it is fine). */
export function checkPasswordPolicy(
  password: string,
  opts: { email?: string | undefined; path?: string } = {},
): FieldIssue[] {
  const path = opts.path ?? 'password'
  if (typeof password !== 'string' || password.length === 0) return [{ path, code: 'required' }]
  if (!isWithinLength(password)) return [{ path, code: 'too_long', params: { max: MAX_PASSWORD_LENGTH } }]
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return [{ path, code: 'too_short', params: { min: MIN_PASSWORD_LENGTH } }]
  }
  const lower = password.toLowerCase()
  const email = opts.email?.toLowerCase()
  const weak =
    password.trim().length === 0 ||
    COMMON.has(lower) ||
    new Set(password).size < 3 ||
    (email !== undefined && (lower === email || lower === email.split('@')[0]))
  return weak ? [{ path, code: 'invalid_value', params: { reason: 'weak_password' } }] : []
}

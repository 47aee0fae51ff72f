import { resolve } from 'node:path'

export interface Config {
  port: number
  host: string
  /** embedded database folder (PGlite) */
  dataDir: string
  /** PostgreSQL instead of the embedded database */
  databaseUrl: string | undefined
  /** create the demo workspace on first start */
  demo: boolean
  /** trust X-Forwarded-For (behind a reverse proxy) */
  trustProxy: boolean
  /** requests per minute per IP (anonymous) and per API key / session */
  rateLimitPerIp: number
  rateLimitPerKey: number
  /** web form submissions per minute per IP (KEMAI_FORM_RATE_LIMIT_IP, default 10; docs/forms.md) */
  formRateLimitPerIp: number
  /** run the outbox dispatcher and listeners in the API process */
  inProcessWorker: boolean
  /** where uploaded files are stored (default: <dataDir>/files) */
  filesDir: string
  /** largest upload, bytes */
  maxUploadBytes: number
  /** largest file to import, bytes (KEMAI_MAX_IMPORT_MB, default 200) */
  maxImportBytes: number
  /** outgoing webhooks may call loopback/private addresses (off by default: SSRF) */
  webhookAllowPrivate: boolean
  /** where workflow e-mails go out (KEMAI_SMTP_URL, e.g. smtp://user:pass@smtp.example.com:587); null: no e-mail */
  smtpUrl: string | null
  /** their sender (KEMAI_MAIL_FROM) */
  mailFrom: string
  version: string
}

function int(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`)
  return n
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = env.DATABASE_URL?.trim() || undefined
  if (url && !/^postgres(ql)?:\/\//.test(url))
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://')
  const dataDir = resolve(env.KEMAI_DATA_DIR ?? './data')
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    filesDir: resolve(env.KEMAI_FILES_DIR ?? `${dataDir}/files`),
    maxUploadBytes: int(env.KEMAI_MAX_UPLOAD_MB, 25, 'KEMAI_MAX_UPLOAD_MB') * 1024 * 1024,
    maxImportBytes: int(env.KEMAI_MAX_IMPORT_MB, 200, 'KEMAI_MAX_IMPORT_MB') * 1024 * 1024,
    databaseUrl: url,
    demo: env.KEMAI_NO_DEMO !== '1',
    trustProxy: env.KEMAI_TRUST_PROXY === '1',
    rateLimitPerIp: int(env.KEMAI_RATE_LIMIT_IP, 600, 'KEMAI_RATE_LIMIT_IP'),
    rateLimitPerKey: int(env.KEMAI_RATE_LIMIT_KEY, 1200, 'KEMAI_RATE_LIMIT_KEY'),
    formRateLimitPerIp: int(env.KEMAI_FORM_RATE_LIMIT_IP, 10, 'KEMAI_FORM_RATE_LIMIT_IP'),
    inProcessWorker: env.KEMAI_WORKER !== 'separate',
    webhookAllowPrivate: env.KEMAI_WEBHOOK_ALLOW_PRIVATE === '1',
    smtpUrl: env.KEMAI_SMTP_URL?.trim() || null,
    mailFrom: env.KEMAI_MAIL_FROM?.trim() || 'Kemai <no-reply@localhost>',
    version: '0.1.0',
  }
}

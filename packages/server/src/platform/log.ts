import { pino } from 'pino'

/**
 * Structured JSON logs, one object per line. Request handlers log through a child with `requestId`,
 * so every line of a request carries it.
 */
export const rootLogger = pino({
  level: process.env.KEMAI_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { app: 'kemai' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'authorization', 'cookie'],
    censor: '[redacted]',
  },
})

export type Logger = pino.Logger

import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { inject } from 'vitest'
import { type Database, openDatabase } from '../platform/db/connect.ts'
import { adminUrl, databaseUrlFor } from './pg-url.ts'

let counter = 0

/**
 * A fresh, migrated database for one test file: PGlite in memory from the run's template,
 * or (DATABASE_URL set) a new PostgreSQL database created from the run's template database.
 */
export async function createTestDb(): Promise<Database> {
  const url = process.env.DATABASE_URL
  if (url) {
    const template = inject('pgTemplate')
    const name = `kemai_t_${template.replace('kemai_tpl_', '')}_${process.pid}_${counter++}_${Date.now() % 100000}`
    const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
    try {
      await sql.raw(`create database ${name} template ${template}`).execute(admin.db)
    } finally {
      await admin.close()
    }
    const d = await openDatabase({ url: databaseUrlFor(url, name) })
    return {
      ...d,
      close: async () => {
        await d.close()
        const a = await openDatabase({ url: adminUrl(url), poolSize: 1 })
        try {
          await sql.raw(`drop database if exists ${name} with (force)`).execute(a.db)
        } finally {
          await a.close()
        }
      },
    }
  }
  const file = inject('pgliteTemplate')
  const blob = new Blob([readFileSync(file)])
  return openDatabase({ dataDir: 'memory://', loadDataDir: blob })
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { TestProject } from 'vitest/node'
import { openDatabase, openPglite, wrapPglite } from '../platform/db/connect.ts'
import { migrate } from '../platform/db/migrate.ts'
import { adminUrl, databaseUrlFor } from './pg-url.ts'

/**
 * Migrate once per test run (STACK.md §9), then every test file starts from a copy:
 * PGlite loads a dumped data folder, PostgreSQL creates a database from a template.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (url) {
    const template = `kemai_tpl_${process.pid}`
    const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
    await sql.raw(`drop database if exists ${template}`).execute(admin.db)
    await sql.raw(`create database ${template}`).execute(admin.db)
    const tpl = await openDatabase({ url: databaseUrlFor(url, template), poolSize: 1 })
    await migrate(tpl.db)
    await tpl.close()
    project.provide('pgTemplate', template)
    project.provide('pgliteTemplate', '')
    return async () => {
      const left = await sql<{ datname: string }>`select datname from pg_database
        where datname like ${`kemai_t_${process.pid}_%`} or datname = ${template}`.execute(admin.db)
      for (const r of left.rows)
        await sql.raw(`drop database if exists ${r.datname} with (force)`).execute(admin.db)
      await admin.close()
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kemai-test-'))
  const pglite = await openPglite('memory://')
  const d = wrapPglite(pglite)
  await migrate(d.db)
  const dump = await pglite.dumpDataDir('none')
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await d.close()
  project.provide('pgliteTemplate', file)
  project.provide('pgTemplate', '')
  return () => rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    pgTemplate: string
  }
}

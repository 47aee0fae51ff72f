import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { runChild as run } from '../../../test/child.ts'
import { adminUrl, databaseUrlFor } from '../../../test/pg-url.ts'
import { openDatabase } from '../../db/connect.ts'

const CHILD = fileURLToPath(new URL('./crash.child.ts', import.meta.url))
const ROWS = 3500

/** Runs the import worker; with `killAfterBatches`, SIGKILLs it when it has printed that many BATCH lines. */
function runChild(env: Record<string, string>, killAfterBatches?: number) {
  let batches = 0
  // the next batch is already being written when the kill lands: it dies mid-transaction
  return run(
    CHILD,
    env,
    killAfterBatches ? (l) => l.tag === 'BATCH' && ++batches === killAfterBatches : undefined,
  )
}

describe('import: SIGKILL mid-run, resume from the last committed batch', () => {
  const url = process.env.DATABASE_URL
  const dir = mkdtempSync(join(tmpdir(), 'kemai-import-crash-'))
  const dbName = `kemai_import_crash_${process.pid}`

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await admin.close()
    }
  })

  it('imports every row exactly once across two kills', async () => {
    const env: Record<string, string> = {
      IMPORT_FILES_DIR: join(dir, 'files'),
      IMPORT_STATE: join(dir, 'state.json'),
      IMPORT_ROWS: String(ROWS),
    }
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await sql.raw(`create database ${dbName}`).execute(admin.db)
      await admin.close()
      env.IMPORT_DB_URL = databaseUrlFor(url, dbName)
    } else env.IMPORT_DATA_DIR = join(dir, 'db')

    const run1 = await runChild(env, 1)
    expect(run1.filter((l) => l.tag === 'BATCH').map((l) => l.data)).toEqual([1000])
    const run2 = await runChild(env, 1)
    // resumed after the first batch; the batch in flight at the kill was rolled back
    expect(run2.filter((l) => l.tag === 'BATCH').map((l) => l.data)).toEqual([2000])
    const run3 = await runChild(env)
    expect(run3.filter((l) => l.tag === 'BATCH').map((l) => l.data)).toEqual([3000, 3500])
    const result = run3.find((l) => l.tag === 'RESULT')!.data
    expect(result).toEqual({
      n: ROWS,
      emails: ROWS,
      status: 'done',
      cursor: ROWS,
      created: ROWS,
      batches: 4,
      ids: ROWS,
    })
  }, 300_000)
})

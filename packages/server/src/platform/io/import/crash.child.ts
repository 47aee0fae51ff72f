// A process for crash.db.test.ts, run as `node --import tsx crash.child.ts`. The test SIGKILLs it while an
// import runs and starts it again, as a worker restarting after a crash would retry the import's job.
//   IMPORT_DB_URL or IMPORT_DATA_DIR   PostgreSQL database, or PGlite data folder
//   IMPORT_FILES_DIR                   the file store
//   IMPORT_STATE                       a JSON file: workspace and import ids (written by the first run)
//   IMPORT_ROWS                        rows in the generated CSV (first run)
// It prints BATCH <cursor> after each committed batch and RESULT <json> when the import is done.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { sql } from 'kysely'
import { loadConfig } from '../../../config.ts'
import { createKernel } from '../../../kernel.ts'
import { openDatabase } from '../../db/connect.ts'
import { migrate } from '../../db/migrate.ts'
import { withWorkspace } from '../../db/tx.ts'
import { setImport } from './imports.repo.ts'
import { type RunnerDeps, runImport } from './runner.ts'

const env = process.env
const say = (tag: string, data: unknown = ''): void =>
  void process.stdout.write(`${tag} ${JSON.stringify(data)}\n`)
const d = await openDatabase(
  env.IMPORT_DB_URL ? { url: env.IMPORT_DB_URL } : { dataDir: env.IMPORT_DATA_DIR! },
)
await migrate(d.db)
const kernel = createKernel(d, { ...loadConfig({}), filesDir: env.IMPORT_FILES_DIR! })
const s = kernel.services

let state: { workspaceId: string; userId: string; importId: string }
if (!existsSync(env.IMPORT_STATE!)) {
  const created = await kernel.createWorkspace({
    name: 'crash',
    slug: `crash-${process.pid}`,
    owner: { email: `crash-${process.pid}@example.com`, name: 'Crash', password: 'crash password 1' },
  })
  const actor = await s.access.loadActor({
    workspaceId: created.workspace.id,
    userId: created.owner.id,
    channel: 'api',
    locale: 'en',
  })
  const lines = ['姓名,邮箱,手机']
  for (let i = 0; i < Number(env.IMPORT_ROWS); i++)
    lines.push(`崩溃${i},crash${i}@example.com,139${String(i).padStart(8, '0')}`)
  const file = await s.importFiles.upload(actor, {
    name: 'crash.csv',
    body: new Blob([lines.join('\n')]).stream(),
  })
  const imp = await s.imports.create(actor, { fileId: file.id, object: 'person' })
  await withWorkspace(d.db, actor.workspaceId, (trx) =>
    setImport(trx, actor.workspaceId, imp.id, { status: 'queued' }),
  )
  state = { workspaceId: created.workspace.id, userId: created.owner.id, importId: imp.id }
  writeFileSync(env.IMPORT_STATE!, JSON.stringify(state))
} else state = JSON.parse(readFileSync(env.IMPORT_STATE!, 'utf8'))

const deps: RunnerDeps = {
  db: d.db,
  records: s.records,
  metadata: s.metadata,
  files: s.importFiles,
  loadActor: (workspaceId, userId, locale) =>
    s.access.loadActor({ workspaceId, userId, channel: 'import', locale }),
  onBatch: (_id, cursor) => {
    say('BATCH', cursor)
  },
}
await runImport(deps, { workspaceId: state.workspaceId, importId: state.importId, action: 'run' })
const r = await withWorkspace(d.db, state.workspaceId, async (trx) => {
  const ws = await sql<{
    db_schema: string
  }>`select db_schema from workspace where id = ${state.workspaceId}`.execute(trx)
  const t = sql.id(ws.rows[0]!.db_schema, 'obj_person')
  const rows = await sql<{
    n: number
    emails: number
  }>`select count(*)::int as n, count(distinct email)::int as emails
    from ${t} where deleted_at is null`.execute(trx)
  const job = await sql<{ status: string; cursor: number; created: number; batches: number; ids: number }>`
    select status, cursor::int as cursor, created_count::int as created,
      (select count(*)::int from import_batch b where b.import_id = j.id) as batches,
      (select count(distinct x)::int from import_batch b, unnest(b.created_ids) x where b.import_id = j.id) as ids
    from import_job j where id = ${state.importId}`.execute(trx)
  return { ...rows.rows[0]!, ...job.rows[0]! }
})
say('RESULT', r)
await kernel.stop()
await d.close()

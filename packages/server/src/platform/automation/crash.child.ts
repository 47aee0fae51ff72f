// A worker process for crash.db.test.ts (automation), run as `node --import tsx crash.child.ts`. The test
// SIGKILLs it while a run's HTTP step is out and starts it again. Settings come from the environment:
//   CRASH_DB_URL or CRASH_DATA_DIR   PostgreSQL database, or PGlite data folder (this process owns it)
//   CRASH_TARGET                     the URL the workflow's HTTP step calls (the test's server)
//   CRASH_PHASE                      'start': set up the workspace and workflow (once), trigger a run, work;
//                                    'finish': work until the run has ended, print RESULT, stop gracefully
// It prints one line per state change: READY, RESULT (JSON after the tag).
import { sql } from 'kysely'
import { loadConfig } from '../../config.ts'
import { createKernel } from '../../kernel.ts'
import { openDatabase } from '../db/connect.ts'
import { migrate } from '../db/migrate.ts'
import { createWorkflowsService } from './workflows.service.ts'

const env = process.env
const say = (tag: string, data: unknown = '') => process.stdout.write(`${tag} ${JSON.stringify(data)}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const database = await openDatabase(
  env.CRASH_DB_URL ? { url: env.CRASH_DB_URL } : { dataDir: env.CRASH_DATA_DIR! },
)
await migrate(database.db)
const kernel = createKernel(database, { ...loadConfig({}), webhookAllowPrivate: true })
const s = kernel.services

if (env.CRASH_PHASE === 'start') {
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
  const workflows = createWorkflowsService({ db: database.db, metadata: s.metadata, records: s.records })
  const wf = await workflows.create(actor, {
    name: 'crash',
    definition: {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'mark',
      steps: [
        { id: 'mark', type: 'update_record', values: { title: 'marked' }, next: 'call' },
        {
          id: 'call',
          type: 'http',
          method: 'POST',
          url: env.CRASH_TARGET!,
          body: '{{trigger.record.name}}',
          retries: 0,
          next: 'after',
        },
        {
          id: 'after',
          type: 'update_record',
          values: { wechat: '{{steps.call.output.body.wechat}}' },
          next: null,
        },
      ],
    },
  })
  await workflows.publish(actor, wf.id)
  await workflows.setEnabled(actor, wf.id, true)
  await kernel.startWorker()
  const p = await s.records.create(actor, 'person', { name: '崩溃测试' })
  await s.records.update(actor, 'person', p.id, { department: '研发部' })
  say('READY', { personId: p.id })
  // the test kills this process while the HTTP step is out
  await sleep(120_000)
  process.exit(1)
}

// finish: the run goes on from its last completed step
await kernel.startWorker()
for (;;) {
  const r = await sql<{ status: string; workspace_id: string; id: string; record_id: string }>`
    select status, workspace_id, id, record_id from workflow_run`.execute(database.db)
  const run = r.rows[0]
  if (run && run.status !== 'running' && run.status !== 'waiting') {
    const steps = await sql<{
      step_id: string
      status: string
      attempt: number
    }>`select step_id, status, attempt
      from workflow_step_run where run_id = ${run.id} order by seq`.execute(database.db)
    const marks = await sql<{ n: number }>`select count(*)::int as n from field_history
      where record_id = ${run.record_id} and field_name = 'title'`.execute(database.db)
    const person = await sql<{ wechat: string | null }>`select wechat from ${sql.id(
      (
        await sql<{
          db_schema: string
        }>`select db_schema from workspace where id = ${run.workspace_id}`.execute(database.db)
      ).rows[0]!.db_schema,
    )}.obj_person where id = ${run.record_id}`.execute(database.db)
    say('RESULT', {
      status: run.status,
      steps: steps.rows,
      marks: marks.rows[0]!.n,
      wechat: person.rows[0]?.wechat ?? null,
    })
    break
  }
  await sleep(200)
}
await kernel.stop()
await database.close()

import type { RecordSummary, SummaryMetric } from '@kemai/shared/api/summary.api'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import type { RecordsService } from './service.ts'

/** Activity types that count as being in touch with a customer. */
const CONTACT_TYPES = ['call', 'meeting', 'email', 'note']

/**
 * The key figures at the top of a record page (the 360° view), from what exists rather than from a
 * list of modules: when the record was last in touch (calls, meetings, emails, notes on its timeline),
 * its open tasks, and how many records of every other object point at it (a company's people; once
 * the sales and service modules exist, its opportunities and tickets). Reading the record first
 * applies its read scope; each count applies the counted object's own scope, and an object the actor
 * may not read is left out instead of failing the page.
 */
export function createSummaryService(deps: { db: Db; records: RecordsService; metadata: MetadataService }) {
  async function summary(actor: Actor, objectName: string, id: string): Promise<RecordSummary> {
    const record = await deps.records.get(actor, objectName, id)
    const schema = await deps.metadata.getSchema(actor)
    const metrics: SummaryMetric[] = []

    const activity = await withWorkspace(
      deps.db,
      actor.workspaceId,
      async (trx) => {
        const r = await sql<{ last_contact: Date | string | null; open_tasks: string | number }>`
          select
            max(a.occurred_at) filter (where a.type in (${sql.join(CONTACT_TYPES)})) as last_contact,
            count(*) filter (where a.type = 'task' and a.done_at is null) as open_tasks
          from activity_link l
          join activity a on a.workspace_id = l.workspace_id and a.id = l.activity_id and a.deleted_at is null
          where l.workspace_id = ${actor.workspaceId} and l.object_name = ${objectName} and l.record_id = ${record.id}::uuid`.execute(
          trx,
        )
        return r.rows[0]
      },
      { read: true },
    )
    const last = activity?.last_contact ?? null
    metrics.push({
      key: 'last_contact',
      kind: 'datetime',
      label: { 'zh-CN': '最近联系', en: 'Last contact' },
      value: last === null ? null : new Date(last).toISOString(),
    })
    metrics.push({
      key: 'open_tasks',
      kind: 'number',
      label: { 'zh-CN': '未完成任务', en: 'Open tasks' },
      value: Number(activity?.open_tasks ?? 0),
    })

    for (const inv of schema.inverses.get(objectName) ?? []) {
      const from = schema.objects.get(inv.fromObject)
      if (!from) continue
      try {
        const r = await deps.records.list(actor, inv.fromObject, {
          filter: { field: inv.field, op: 'eq', value: record.id },
          limit: 1,
          count: true,
        })
        metrics.push({
          key: `related:${inv.name}`,
          kind: 'number',
          label: inv.label,
          value: r.total ?? r.data.length,
          related: inv.name,
          list: { object: inv.fromObject, field: inv.field },
        })
      } catch (e) {
        // no right to read that object: the figure is left out, the page still loads
        if (e instanceof AppError && (e.status === 403 || e.status === 404)) continue
        throw e
      }
    }
    return { metrics }
  }
  return { summary }
}

export type SummaryService = ReturnType<typeof createSummaryService>

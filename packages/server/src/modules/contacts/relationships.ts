import { sql } from 'kysely'
import { errors } from '../../platform/errors.ts'
import { tableName } from '../../platform/metadata/ddl.ts'
import { defineObject } from '../../platform/metadata/define.ts'
import type { HookContext, HookRegistry } from '../../platform/records/hooks.ts'
import { COMPANY_RELATION_KINDS, PERSON_RELATION_KINDS } from './choices.ts'

/**
 * The relationship graph (issue 5) as two ordinary objects, so links go through the one write path
 * (history, events, permissions) and a merge relinks them like any relation: person ↔ person
 * (reports to, colleague, influences…) and company ↔ company (partner, competitor…). The company
 * hierarchy itself is the company's `parent` field. A person's part in a purchase (decision maker,
 * champion, blocker…) is the person's `buying_role`.
 */

export const personRelation = defineObject({
  name: 'person_relation',
  module: 'contacts',
  label: { 'zh-CN': '联系人关系', en: 'Person relationship' },
  pluralLabel: { 'zh-CN': '联系人关系', en: 'Person relationships' },
  titleField: 'from_person',
  icon: 'share-alt',
  isJunction: true,
  fields: [
    {
      name: 'from_person',
      type: 'relation',
      label: { 'zh-CN': '联系人', en: 'Person' },
      options: {
        target: 'person',
        required: true,
        inverseName: 'relations_out',
        inverseLabel: { 'zh-CN': '其关系', en: 'Their relationships' },
      },
    },
    {
      name: 'kind',
      type: 'select',
      label: { 'zh-CN': '关系', en: 'Relationship' },
      options: { required: true, choices: PERSON_RELATION_KINDS },
    },
    {
      name: 'to_person',
      type: 'relation',
      label: { 'zh-CN': '对方', en: 'Related person' },
      options: {
        target: 'person',
        required: true,
        inverseName: 'relations_in',
        inverseLabel: { 'zh-CN': '与其相关', en: 'Related to them' },
      },
    },
    { name: 'note', type: 'text', label: { 'zh-CN': '备注', en: 'Note' }, options: { maxLength: 500 } },
  ],
})

export const companyRelation = defineObject({
  name: 'company_relation',
  module: 'contacts',
  label: { 'zh-CN': '公司关系', en: 'Company relationship' },
  pluralLabel: { 'zh-CN': '公司关系', en: 'Company relationships' },
  titleField: 'from_company',
  icon: 'share-alt',
  isJunction: true,
  fields: [
    {
      name: 'from_company',
      type: 'relation',
      label: { 'zh-CN': '公司', en: 'Company' },
      options: {
        target: 'company',
        required: true,
        inverseName: 'company_relations_out',
        inverseLabel: { 'zh-CN': '公司关系', en: 'Company relationships' },
      },
    },
    {
      name: 'kind',
      type: 'select',
      label: { 'zh-CN': '关系', en: 'Relationship' },
      options: { required: true, choices: COMPANY_RELATION_KINDS },
    },
    {
      name: 'to_company',
      type: 'relation',
      label: { 'zh-CN': '对方公司', en: 'Related company' },
      options: {
        target: 'company',
        required: true,
        inverseName: 'company_relations_in',
        inverseLabel: { 'zh-CN': '被其他公司关联', en: 'Related by companies' },
      },
    },
    { name: 'note', type: 'text', label: { 'zh-CN': '备注', en: 'Note' }, options: { maxLength: 500 } },
  ],
})

const ENDS = {
  person_relation: ['from_person', 'to_person'],
  company_relation: ['from_company', 'to_company'],
} as const

/** A link needs two different ends, and the same link (ends and kind) is not recorded twice. */
export function registerRelationshipHooks(hooks: HookRegistry): void {
  for (const object of ['person_relation', 'company_relation'] as const)
    for (const op of ['create', 'update', 'restore'] as const)
      hooks.on('before', `${object}.${op}`, async (ctx) => {
        const [fromField, toField] = ENDS[object]
        const from = ctx.record[fromField]
        const to = ctx.record[toField]
        if (typeof from !== 'string' || typeof to !== 'string') return
        if (from.toLowerCase() === to.toLowerCase())
          throw errors.validation([{ path: toField, code: 'same_record' }])
        if (await linkExists(ctx, fromField, toField))
          throw errors.conflict([{ path: toField, code: 'link_exists' }])
      })
}

async function linkExists(ctx: HookContext, fromField: string, toField: string): Promise<boolean> {
  const table = sql`${sql.id(ctx.schema.dbSchema)}.${sql.id(tableName(ctx.object.name))}`
  const id = typeof ctx.record.id === 'string' ? ctx.record.id : null
  const r = await sql<{ found: boolean }>`select exists (
      select 1 from ${table}
      where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null
        and ${sql.id(fromField)} = ${ctx.record[fromField]}::uuid and ${sql.id(toField)} = ${ctx.record[toField]}::uuid
        and kind = ${ctx.record.kind}
        ${id ? sql`and id <> ${id}::uuid` : sql``}
    ) as found`.execute(ctx.trx)
  return r.rows[0]?.found === true
}

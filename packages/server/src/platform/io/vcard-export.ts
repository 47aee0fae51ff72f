import type { ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { exportsVcard } from '@kemai/shared/vcard'
import type { Actor } from '../access/actor.ts'
import type { Db } from '../db/tx.ts'
import { AppError, errors } from '../errors.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import type { RecordsService } from '../records/service.ts'
import type { RecordData } from '../records/shape.ts'
import { type ExportOptions, exportPages } from './export-pages.ts'
import { type CardFields, cardFields, personCard } from './vcard-card.ts'

type Deps = { db: Db; metadata: MetadataService; records: RecordsService }

/**
 * The titles of the organisations a page of people points at, read as the actor (records or a title field
 * the actor may not read stay unnamed, so their card has no organisation). Titles already known are kept.
 */
async function orgNames(
  deps: Deps,
  actor: Actor,
  schema: WorkspaceSchema,
  company: NonNullable<CardFields['company']>,
  data: RecordData[],
  known: Map<string, string | null>,
): Promise<void> {
  const ids = [
    ...new Set(data.map((r) => r[company.field]).filter((v): v is string => typeof v === 'string')),
  ].filter((id) => !known.has(id))
  if (ids.length === 0) return
  try {
    const target = deps.metadata.objectIn(schema, company.target)
    const r = await deps.records.list(actor, company.target, {
      filter: { field: 'id', op: 'in', value: ids },
      limit: ids.length,
    })
    for (const rec of r.data) {
      const t = rec[target.titleField]
      if (typeof t === 'string' && t.trim()) known.set(rec.id, t)
    }
  } catch (e) {
    // no right to read the target object (403) or it is gone (404): the cards go out without ORG
    if (!(e instanceof AppError) || (e.status !== 403 && e.status !== 404)) throw e
  }
  for (const id of ids) if (!known.has(id)) known.set(id, null)
}

/** 400 `object` export.vcard_unsupported unless the object is one of people (exportsVcard). */
export function assertVcardObject(object: ObjectDef, locale: Locale): void {
  if (exportsVcard(object)) return
  throw errors.badRequest([
    { path: 'object', code: 'export.vcard_unsupported', params: { object: object.pluralLabel[locale] } },
  ])
}

/**
 * The records an actor may read as vCards 4.0, one string per page of cards. Only for objects of people
 * (exportsVcard); others answer 400 `export.vcard_unsupported`. Resolves once every check has passed and the
 * export is in the audit log (`export.vcf`); `label` is the object's plural name in the caller's language.
 */
export async function vcardExport(
  deps: Deps,
  actor: Actor,
  objectName: string,
  opts: ExportOptions,
): Promise<{ label: string; cards: AsyncGenerator<string> }> {
  const schema = await deps.metadata.getSchema(actor)
  const object: ObjectDef = deps.metadata.objectIn(schema, objectName)
  assertVcardObject(object, opts.locale)
  const fields = cardFields(object, readableFields(actor, object))
  const pages = exportPages(deps, actor, objectName, { ...opts, format: 'vcf' })
  const first = await pages.next()
  const names = new Map<string, string | null>()
  const cardsOf = async (data: RecordData[]) => {
    if (fields.company) await orgNames(deps, actor, schema, fields.company, data, names)
    return data
      .map((rec) => {
        const org = fields.company ? rec[fields.company.field] : null
        const orgName = typeof org === 'string' ? (names.get(org) ?? null) : null
        return personCard(rec, fields, { orgName, locale: opts.locale })
      })
      .join('')
  }
  async function* cards(): AsyncGenerator<string> {
    if (first.done) return
    yield await cardsOf(first.value)
    for await (const data of pages) yield await cardsOf(data)
  }
  return { label: object.pluralLabel[opts.locale], cards: cards() }
}

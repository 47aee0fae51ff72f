import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { type FieldMeta, type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { type GraphEdge, type GraphNode, missingEnds } from './graph-model.ts'

/** The most records a chart loads per object (a chart of more is unreadable anyway). */
export const GRAPH_LIMIT = 500

export type GraphMode = 'people' | 'companies'

export interface GraphData {
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** more records exist than the chart shows */
  truncated: boolean
}

export interface Ctx {
  byName: ReadonlyMap<string, ObjectMeta>
  locale: Locale
  signal?: AbortSignal
}

const fieldOf = (o: ObjectMeta | undefined, name: string): FieldMeta | undefined =>
  o?.fields.find((f) => f.name === name && f.isActive)

function choice(field: FieldMeta | undefined, value: unknown, locale: Locale) {
  if (!field || typeof value !== 'string') return null
  const c = optionsOf(field).choices?.find((x) => x.value === value)
  return c ? { text: labelOf(c.label, locale), color: c.color } : { text: value }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null)

async function listAll(
  object: string,
  filter: Filter,
  ctx: Ctx,
): Promise<{ data: RecordDto[]; more: boolean }> {
  const r = await recordsApi.list(object, { filter, limit: GRAPH_LIMIT }, ctx.signal)
  return { data: r.data, more: r.nextCursor !== null }
}

async function byIds(object: string, ids: string[], ctx: Ctx): Promise<RecordDto[]> {
  if (!ids.length) return []
  return (await listAll(object, { field: 'id', op: 'in', value: ids.slice(0, GRAPH_LIMIT) }, ctx)).data
}

export function personNode(p: RecordDto, ctx: Ctx, opts: { external?: boolean; focus?: boolean }): GraphNode {
  const person = ctx.byName.get('person')
  const title = str(p.title)
  const department = str(p.department)
  return {
    id: p.id,
    object: 'person',
    label: str(p.name) ?? p.id,
    sub: [title, department].filter(Boolean).join(' · ') || null,
    tag: choice(fieldOf(person, 'buying_role'), p.buying_role, ctx.locale),
    external: opts.external,
    focus: opts.focus,
  }
}

export function companyNode(
  c: RecordDto,
  ctx: Ctx,
  opts: { external?: boolean; focus?: boolean },
): GraphNode {
  const company = ctx.byName.get('company')
  return {
    id: c.id,
    object: 'company',
    label: str(c.name) ?? c.id,
    sub: choice(fieldOf(company, 'industry'), c.industry, ctx.locale)?.text ?? null,
    tag: choice(fieldOf(company, 'lifecycle_stage'), c.lifecycle_stage, ctx.locale),
    external: opts.external,
    focus: opts.focus,
  }
}

/** A link record → an edge; `reports_to` points from the report to the manager, drawn manager → report. */
function linkEdge(object: 'person_relation' | 'company_relation', r: RecordDto, ctx: Ctx): GraphEdge | null {
  const [fromField, toField] =
    object === 'person_relation' ? ['from_person', 'to_person'] : ['from_company', 'to_company']
  const from = str(r[fromField])
  const to = str(r[toField])
  if (!from || !to) return null
  const kind = String(r.kind ?? '')
  const c = choice(fieldOf(ctx.byName.get(object), 'kind'), kind, ctx.locale)
  const hierarchy = kind === 'reports_to'
  return {
    id: r.id,
    source: hierarchy ? to : from,
    target: hierarchy ? from : to,
    label: c?.text ?? kind,
    color: c?.color,
    hierarchy,
    record: { object, id: r.id, version: r.version, kind, note: str(r.note) },
  }
}

async function linksAmong(
  object: 'person_relation' | 'company_relation',
  ids: string[],
  ctx: Ctx,
): Promise<{ edges: GraphEdge[]; more: boolean }> {
  if (!ctx.byName.has(object) || !ids.length) return { edges: [], more: false }
  const [fromField, toField] =
    object === 'person_relation' ? ['from_person', 'to_person'] : ['from_company', 'to_company']
  const some = ids.slice(0, GRAPH_LIMIT)
  const r = await listAll(
    object,
    {
      or: [
        { field: fromField, op: 'in', value: some },
        { field: toField, op: 'in', value: some },
      ],
    },
    ctx,
  )
  return {
    edges: r.data.map((x) => linkEdge(object, x, ctx)).filter((e): e is GraphEdge => e !== null),
    more: r.more,
  }
}

/**
 * People: everyone at the company (or, for a person without a company, the person) and every
 * person-to-person link touching them; people at other companies they are linked to come in as
 * external nodes.
 */
export async function loadPeopleGraph(
  root: { object: 'person' | 'company'; record: RecordDto },
  ctx: Ctx,
): Promise<GraphData> {
  let people: RecordDto[]
  let truncated = false
  const focusId = root.object === 'person' ? root.record.id : null
  const companyId = root.object === 'company' ? root.record.id : str(root.record.company)
  if (companyId) {
    const r = await listAll('person', { field: 'company', op: 'eq', value: companyId }, ctx)
    people = r.data
    truncated = r.more
    if (focusId && !people.some((p) => p.id === focusId)) people.push(root.record)
  } else people = [root.record]
  const nodes = people.map((p) => personNode(p, ctx, { focus: p.id === focusId }))
  const links = await linksAmong(
    'person_relation',
    nodes.map((n) => n.id),
    ctx,
  )
  const external = await byIds('person', missingEnds(nodes, links.edges), ctx)
  nodes.push(...external.map((p) => personNode(p, ctx, { external: true })))
  const have = new Set(nodes.map((n) => n.id))
  return {
    nodes,
    edges: links.edges.filter((e) => have.has(e.source) && have.has(e.target)),
    truncated: truncated || links.more,
  }
}

/** Companies: the company, its parent and subsidiaries (the `parent` field) and its company links. */
export async function loadCompanyGraph(company: RecordDto, ctx: Ctx): Promise<GraphData> {
  const meta = ctx.byName.get('company')
  const hasParent = fieldOf(meta, 'parent')?.type === 'relation'
  const nodes: GraphNode[] = [companyNode(company, ctx, { focus: true })]
  const edges: GraphEdge[] = []
  let truncated = false
  const parentLabel = fieldOf(meta, 'parent') ? labelOf(fieldOf(meta, 'parent')!.label, ctx.locale) : ''
  if (hasParent) {
    const parentId = str(company.parent)
    if (parentId) {
      const [parent] = await byIds('company', [parentId], ctx)
      if (parent) {
        nodes.push(companyNode(parent, ctx, {}))
        edges.push({
          id: `parent:${company.id}`,
          source: parent.id,
          target: company.id,
          label: parentLabel,
          hierarchy: true,
        })
      }
    }
    const kids = await listAll('company', { field: 'parent', op: 'eq', value: company.id }, ctx)
    truncated = kids.more
    for (const k of kids.data) {
      nodes.push(companyNode(k, ctx, {}))
      edges.push({
        id: `parent:${k.id}`,
        source: company.id,
        target: k.id,
        label: parentLabel,
        hierarchy: true,
      })
    }
  }
  const links = await linksAmong('company_relation', [company.id], ctx)
  const external = await byIds('company', missingEnds(nodes, links.edges), ctx)
  nodes.push(...external.map((c) => companyNode(c, ctx, { external: true })))
  const have = new Set(nodes.map((n) => n.id))
  edges.push(...links.edges.filter((e) => have.has(e.source) && have.has(e.target)))
  return { nodes, edges, truncated: truncated || links.more }
}

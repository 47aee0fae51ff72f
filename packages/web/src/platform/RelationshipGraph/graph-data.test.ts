import { afterEach, describe, expect, it, vi } from 'vitest'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { loadPeopleGraph } from './graph-data.ts'

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const relationMeta = {
  ...personMeta,
  name: 'person_relation',
  titleField: 'from_person',
  fields: [
    { ...personMeta.fields[0]!, name: 'from_person', type: 'relation', options: { target: 'person' } },
    {
      ...personMeta.fields[0]!,
      name: 'kind',
      type: 'select',
      label: label('关系', 'Relationship'),
      options: {
        choices: [
          { value: 'reports_to', label: label('汇报给', 'Reports to'), color: 'blue' },
          { value: 'influences', label: label('影响', 'Influences'), color: 'purple' },
        ],
      },
    },
    { ...personMeta.fields[0]!, name: 'to_person', type: 'relation', options: { target: 'person' } },
  ],
} as unknown as ObjectMeta

const rec = (id: string, data: Record<string, unknown>): RecordDto =>
  ({
    id,
    version: 1,
    owner_id: null,
    created_at: '',
    created_by: null,
    updated_at: '',
    updated_by: null,
    ...data,
  }) as RecordDto

afterEach(() => vi.restoreAllMocks())

describe('people graph data', () => {
  it('loads the company’s people, their links and linked people elsewhere', async () => {
    const people = [
      rec('boss', { name: '王总', title: '总经理', company: 'co' }),
      rec('me', { name: '李娜', company: 'co' }),
    ]
    const links = [
      rec('l1', { from_person: 'me', kind: 'reports_to', to_person: 'boss' }),
      rec('l2', { from_person: 'out', kind: 'influences', to_person: 'boss' }),
    ]
    const filters: unknown[] = []
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = new URL(String(input), 'http://kemai.test')
      const filter = JSON.parse(url.searchParams.get('filter') ?? 'null') as { field?: string; or?: unknown }
      filters.push(filter)
      const data = url.pathname.endsWith('/person_relation')
        ? links
        : filter?.field === 'company'
          ? people
          : [rec('out', { name: '外部顾问' })]
      return new Response(JSON.stringify({ data, nextCursor: null }), { status: 200 })
    })
    const byName = new Map<string, ObjectMeta>([
      ['person', personMeta],
      ['company', companyMeta],
      ['person_relation', relationMeta],
    ])
    const g = await loadPeopleGraph({ object: 'person', record: people[1]! }, { byName, locale: 'zh-CN' })
    expect(g.nodes.map((n) => [n.id, n.focus ?? false, n.external ?? false])).toEqual([
      ['boss', false, false],
      ['me', true, false],
      ['out', false, true],
    ])
    expect(g.nodes[0]!.sub).toBe('总经理')
    // reports_to is drawn manager → report and ranks the layout; the rest does not
    expect(g.edges.map((e) => [e.source, e.target, e.label, e.hierarchy])).toEqual([
      ['boss', 'me', '汇报给', true],
      ['out', 'boss', '影响', false],
    ])
    expect(g.truncated).toBe(false)
    expect(filters[1]).toEqual({
      or: [
        { field: 'from_person', op: 'in', value: ['boss', 'me'] },
        { field: 'to_person', op: 'in', value: ['boss', 'me'] },
      ],
    })
  })
})

import type { GrantDto } from '@kemai/shared/api/access.api'
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ObjectMeta } from '../platform/endpoints.ts'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { personRecord, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { RelationshipGraphPage } from './RelationshipGraphPage.tsx'

const routes = [{ path: '/o/:object/:id/graph', element: <RelationshipGraphPage /> }]

/** `person_relation` as modules/contacts/relationships.ts declares it (the kinds shortened). */
const relationMeta: ObjectMeta = {
  layout: null,
  name: 'person_relation',
  label: { 'zh-CN': '联系人关系', en: 'Person relationship' },
  pluralLabel: { 'zh-CN': '联系人关系', en: 'Person relationships' },
  titleField: 'from_person',
  module: 'contacts',
  isSystem: true,
  isActive: true,
  fields: [
    { name: 'from_person', type: 'relation', label: { 'zh-CN': '联系人', en: 'Person' } },
    {
      name: 'kind',
      type: 'select',
      label: { 'zh-CN': '关系', en: 'Relationship' },
      options: {
        choices: [
          { value: 'reports_to', label: { 'zh-CN': '汇报给', en: 'Reports to' }, color: 'blue' },
          { value: 'influences', label: { 'zh-CN': '影响', en: 'Influences' }, color: 'purple' },
        ],
      },
    },
    { name: 'to_person', type: 'relation', label: { 'zh-CN': '对方', en: 'Related person' } },
    { name: 'note', type: 'text', label: { 'zh-CN': '备注', en: 'Note' } },
  ].map((f) => ({ options: { target: 'person' }, isSystem: true, isActive: true, ...f })),
  inverses: [],
} as ObjectMeta

const zhang = personRecord('张伟', { company: null })
const wang = personRecord('王芳', { company: null })
const link = {
  id: '01a243f1-5c8b-7702-b7c0-00000000f001',
  version: 1,
  owner_id: zhang.owner_id,
  created_at: zhang.created_at,
  created_by: zhang.created_by,
  updated_at: zhang.updated_at,
  updated_by: zhang.updated_by,
  from_person: zhang.id,
  kind: 'influences',
  to_person: wang.id,
  note: null,
}
const grant = (object: string, g: Partial<GrantDto> = {}): GrantDto => ({
  object,
  create: false,
  read: true,
  update: false,
  delete: false,
  readScope: 'all',
  writeScope: 'none',
  fields: {},
  ...g,
})
/** readerMe (people read-only) with a grant on the links */
const withLinks = (g: Partial<GrantDto>) => ({
  ...readerMe,
  grants: [...readerMe.grants, grant('person_relation', g)],
})

describe('relationship graph and the role', () => {
  it('says "no access" for an object the role may not read', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'company' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined,
    })
    renderAt(`/o/company/${zhang.id}/graph`, routes, 'zh-CN')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(page.textContent).toContain('请联系管理员为你的角色开通此对象的查看权限')
    expect(screen.queryByTestId('graph-page')).toBeNull()
    expect(api.requests.some((r) => r.path === `/api/v1/records/company/${zhang.id}`)).toBe(false)
  })

  it('loads the links for a role that may only read them, without the tools to add or remove one', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta, relationMeta],
      me: withLinks({}),
      records: { person: [zhang, wang], person_relation: [link] },
    })
    renderAt(`/o/person/${zhang.id}/graph`, routes, 'zh-CN')
    expect(await screen.findByTestId('relationship-graph')).toBeTruthy()
    expect(screen.getByTestId('graph-how-to').textContent).toBe(
      '你的角色不能新建或删除关系，关系图只供查看；双击卡片打开记录。',
    )
    expect(screen.queryByText('把联系人加入关系图…')).toBeNull()
    expect(api.requests.some((r) => r.path === '/api/v1/records/person_relation')).toBe(true)
  })

  it('says the links are not shown to a role that may not read them (in English), and asks for none', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      records: { person: [zhang] },
    })
    renderAt(`/o/person/${zhang.id}/graph`, routes, 'en')
    expect(await screen.findByTestId('relationship-graph')).toBeTruthy()
    expect(screen.getByTestId('graph-how-to').textContent).toBe(
      'Your role may not see relationships, so the chart shows no links.',
    )
    expect(screen.queryByText('Add a person to the chart…')).toBeNull()
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/records/person_relation'))).toBe(false)
  })

  it('offers linking to a role that may create links', async () => {
    fakeApi({
      objects: [readerPersonMeta, relationMeta],
      me: withLinks({ create: true, delete: true, writeScope: 'own' }),
      records: { person: [zhang, wang], person_relation: [link] },
    })
    renderAt(`/o/person/${zhang.id}/graph`, routes, 'zh-CN')
    expect(await screen.findByTestId('relationship-graph')).toBeTruthy()
    expect(screen.getByTestId('graph-how-to').textContent).toContain('拖到另一张卡片即可建立关系')
    expect(screen.getByText('把联系人加入关系图…')).toBeTruthy()
  })

  it("a record the server refuses (the role changed since the metadata loaded): the server's 403", async () => {
    fakeApi({
      objects: [readerPersonMeta, relationMeta],
      me: withLinks({}),
      onRequest: (req) =>
        req.path === `/api/v1/records/person/${zhang.id}`
          ? problem(403, 'forbidden', 'You do not have permission to do this')
          : undefined,
    })
    renderAt(`/o/person/${zhang.id}/graph`, routes, 'en')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(page.textContent).toContain('No access')
    expect(screen.queryByTestId('graph-page')).toBeNull()
  })
})

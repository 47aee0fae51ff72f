import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordDto } from '../platform/endpoints.ts'
import { saveListContext } from '../platform/RecordPage/list-context.ts'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { RecordPage } from './RecordPage.tsx'

const routes = [
  { path: '/o/:object/:id', element: <RecordPage /> },
  { path: '/o/:object', element: <div data-testid="list-page">list page</div> },
]

const COMPANY: RecordDto = {
  id: '01a243f1-5600-7d7e-bced-1b5cb2027642',
  version: 3,
  owner_id: me.user.id,
  created_at: '2026-12-05T02:03:39.298Z',
  created_by: me.user.id,
  updated_at: '2026-12-05T02:03:39.298Z',
  updated_by: me.user.id,
  name: '兰州星辰网络科技股份有限公司',
  industry: 'software',
  website: null,
  phone: '+8657188888888',
  address: null,
  employees: 120,
  annual_revenue: null,
  tags: [],
}
const COLLEAGUE = {
  ...me.user,
  id: '01a243f1-51d0-71a2-9a0b-00000000c0de',
  name: '王芳',
  email: 'wf@kemai.local',
}

afterEach(() => {
  ;(window as { __mobile?: boolean }).__mobile = false
  window.sessionStorage.clear()
})

describe('record page', () => {
  it("shows the record's fields and its timeline", async () => {
    const rec = personRecord('张伟', { email: 'zhangwei@example.com' })
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      timeline: {
        [rec.id]: [
          {
            kind: 'change',
            id: 'h1',
            at: '2026-12-05T03:00:00Z',
            actor_id: me.user.id,
            change: { field: 'title', old: '项目经理', new: '技术总监', channel: 'ui' },
          },
          {
            kind: 'activity',
            id: 'a1',
            at: '2026-12-04T02:30:00Z',
            actor_id: me.user.id,
            activity: {
              type: 'call',
              subject: '续约沟通',
              body: '客户下周确认**预算**。',
              due_at: null,
              done_at: null,
              data: {},
              links: [],
            },
          },
          { kind: 'created', id: `created:${rec.id}`, at: rec.created_at, actor_id: me.user.id },
        ],
      },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    expect((await screen.findByTestId('record-title')).textContent).toBe('张伟')
    const fields = await screen.findByTestId('record-fields')
    expect(await within(fields).findByText('zhangwei@example.com')).toBeTruthy()
    expect(within(fields).getByText('+86 133 1216 8390')).toBeTruthy()
    expect(within(fields).getAllByText('林晓').length).toBeGreaterThan(0)
    // the header's key fields (no layout: the important types) and the owner
    const keys = screen.getByTestId('key-fields')
    expect(keys.textContent).toContain('邮箱')
    expect(keys.textContent).toContain('zhangwei@example.com')
    expect(keys.textContent).toContain('负责人林晓')
    const timeline = await screen.findByTestId('timeline')
    expect(timeline.textContent).toContain('职位')
    expect(timeline.textContent).toContain('项目经理')
    expect(timeline.textContent).toContain('技术总监')
    expect(timeline.textContent).toContain('续约沟通')
    expect(within(timeline).getByText('预算').tagName).toBe('STRONG')
    expect(timeline.textContent).toContain('创建了联系人')
    expect(timeline.textContent).toContain('2026/12/05 11:00')
  })

  it("says a record is not there, with the server's message and a way back", async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [] } })
    renderAt('/o/person/01a243f1-0000-7000-8000-000000000000', routes)
    expect((await screen.findByRole('alert')).textContent).toContain('记录不存在')
    expect(screen.getByText('找不到这条记录')).toBeTruthy()
    fireEvent.click(screen.getByText('返回联系人列表'))
    expect(await screen.findByTestId('list-page')).toBeTruthy()
  })

  it('says when the role may not see the object', async () => {
    const rec = personRecord('张伟')
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onRequest: (req) =>
        req.path === `/api/v1/records/person/${rec.id}`
          ? problem(403, 'forbidden', '没有权限访问联系人')
          : undefined,
    })
    renderAt(`/o/person/${rec.id}`, routes)
    expect((await screen.findByRole('alert')).textContent).toContain('没有权限访问联系人')
    expect(screen.getByText('没有权限')).toBeTruthy()
  })

  it('lays the fields out in the sections of the layout, or in one section without one', async () => {
    const rec = personRecord('张伟', { email: 'zw@example.com' })
    const withLayout = {
      ...personMeta,
      layout: {
        sections: [
          {
            key: 'contact',
            label: { 'zh-CN': '联系方式', en: 'Contact' },
            columns: 1 as const,
            collapsed: false,
            fields: ['mobile', 'email'],
          },
          {
            key: 'work',
            label: { 'zh-CN': '工作', en: 'Work' },
            columns: 2 as const,
            collapsed: true,
            fields: ['title', 'company'],
          },
        ],
      },
    }
    fakeApi({ objects: [companyMeta, withLayout], records: { person: [rec] } })
    const view = renderAt(`/o/person/${rec.id}`, routes)
    const fields = await screen.findByTestId('record-fields')
    await within(fields).findByText('zw@example.com')
    const sections = [...fields.querySelectorAll<HTMLElement>('[data-section]')]
    expect(sections.map((s) => s.dataset.section)).toEqual(['contact', 'work', 'system'])
    expect(sections[0]?.textContent).toContain('联系方式')
    expect(sections[0]?.querySelector('[data-field=mobile]')).toBeTruthy()
    // a collapsed section shows its title only, until opened
    expect(sections[1]?.querySelector('[data-field=title]')).toBeNull()
    fireEvent.click(within(sections[1] as HTMLElement).getByRole('button', { name: '展开工作' }))
    expect(sections[1]?.querySelector('[data-field=title]')).toBeTruthy()
    // fields in no section are not shown
    expect(fields.querySelector('[data-field=given_name]')).toBeNull()
    view.unmount()

    // no layout: one "details" section of every active field
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] } })
    renderAt(`/o/person/${rec.id}`, routes)
    const all = await screen.findByTestId('record-fields')
    await within(all).findByText('zw@example.com')
    const only = [...all.querySelectorAll<HTMLElement>('[data-section]')]
    expect(only.map((s) => s.dataset.section)).toEqual(['details', 'system'])
    expect(only[0]?.textContent).toContain('详细信息')
    expect(
      [...(only[0]?.querySelectorAll<HTMLElement>('[data-field]') ?? [])].map((e) => e.dataset.field),
    ).toEqual(personMeta.fields.map((f) => f.name))
  })

  it("lists a company's people, adds one with the company set, and links an existing one", async () => {
    const linked = personRecord('张伟', { company: COMPANY.id })
    const other = personRecord('赵敏', { company: null })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { company: [COMPANY], person: [linked, other] },
    })
    renderAt(`/o/company/${COMPANY.id}`, routes)
    const list = await screen.findByTestId('related-people')
    expect(await within(list).findByText('张伟')).toBeTruthy()
    expect(within(list).getByTestId('related-count').textContent).toBe('1')
    expect(within(list).queryByText('赵敏')).toBeNull()

    // add: the create form of a person, with the company already picked (shown by its name)
    fireEvent.click(within(list).getByTestId('related-add'))
    const form = await screen.findByTestId('record-form')
    expect(await within(form).findByText(COMPANY.name as string)).toBeTruthy()
    const nameInput = screen
      .getByText('姓名', { selector: 'label' })
      .closest('.ant-form-item')
      ?.querySelector('input')
    fireEvent.change(nameInput as HTMLInputElement, { target: { value: '李娜' } })
    fireEvent.click(screen.getByTestId('record-form-submit'))
    await waitFor(() => expect(within(list).getByTestId('related-count').textContent).toBe('2'))
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/records/person')
    expect(post?.body).toEqual({ name: '李娜', company: COMPANY.id })
    expect(await within(list).findByText('李娜')).toBeTruthy()

    // link existing: pick 赵敏 and point her company at this one
    fireEvent.click(within(list).getByTestId('related-link'))
    const modal = await screen.findByTestId('related-link-modal')
    fireEvent.mouseDown(within(modal).getByRole('combobox'))
    fireEvent.click(await screen.findByText('赵敏', { selector: '.km-option span' }))
    fireEvent.click(screen.getByTestId('related-link-ok'))
    await waitFor(() => expect(within(list).getByTestId('related-count').textContent).toBe('3'))
    const patch = api.requests.find((r) => r.method === 'PATCH')
    expect(patch?.path).toBe(`/api/v1/records/person/${other.id}`)
    expect(patch?.body).toEqual({ company: COMPANY.id })
    expect(await within(list).findByText('赵敏')).toBeTruthy()
  })

  it('adds a note that mentions a colleague, picked from the @ popup', async () => {
    const rec = personRecord('张伟')
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onRequest: (req) =>
        req.path === '/api/v1/users' ? { status: 200, body: { data: [me.user, COLLEAGUE] } } : undefined,
    })
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByText('暂无动态')
    const box = (await screen.findByTestId('composer-body')) as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: '请 @王', selectionStart: 4, selectionEnd: 4 } })
    fireEvent.keyUp(box, { key: '王' })
    fireEvent.click(await screen.findByText('王芳', { selector: '.ant-mentions-dropdown-menu-item' }))
    await waitFor(() => expect(box.value).toContain('@王芳'))
    fireEvent.change(box, { target: { value: `${box.value}跟进**报价**` } })
    fireEvent.click(screen.getByTestId('composer-submit'))

    const mention = await screen.findByText('@王芳', { selector: '.km-mention' })
    expect(mention.closest('[data-testid=timeline]')).toBeTruthy()
    const post = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/activities'))
    expect(post?.path).toBe(`/api/v1/records/person/${rec.id}/activities`)
    expect(post?.body).toEqual({ type: 'note', body: '请 @王芳 跟进**报价**', mentions: [COLLEAGUE.id] })
    expect(box.value).toBe('')
  })

  it('adds a task with a subject and asks for one when it is missing', async () => {
    const rec = personRecord('张伟')
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] } })
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByText('暂无动态')
    fireEvent.click(screen.getByText('任务', { selector: '.ant-segmented-item-label' }))
    const box = screen.getByTestId('composer-body')
    fireEvent.change(box, { target: { value: '带上合同' } })
    fireEvent.click(screen.getByTestId('composer-submit'))
    expect(await screen.findByText('请填写任务内容')).toBeTruthy()
    fireEvent.change(screen.getByTestId('composer-subject'), { target: { value: '寄送报价单' } })
    fireEvent.click(screen.getByTestId('composer-submit'))
    expect(await within(await screen.findByTestId('timeline')).findByText('寄送报价单')).toBeTruthy()
    const post = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/activities'))
    expect(post?.body).toEqual({ type: 'task', subject: '寄送报价单', body: '带上合同' })
  })

  it('filters the timeline by kind and loads more', async () => {
    const rec = personRecord('张伟')
    const items = Array.from({ length: 25 }, (_, i) => ({
      kind: 'activity' as const,
      id: `a${i}`,
      at: new Date(Date.UTC(2026, 11, 4, 12, 0) - i * 60_000).toISOString(),
      actor_id: me.user.id,
      activity: {
        type: i % 5 === 0 ? ('task' as const) : ('note' as const),
        subject: `第${i + 1}条`,
        body: null,
        due_at: null,
        done_at: null,
        data: {},
        links: [],
      },
    }))
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      timeline: { [rec.id]: items },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    const timeline = await screen.findByTestId('timeline')
    expect(within(timeline).getByText('第20条')).toBeTruthy()
    expect(within(timeline).queryByText('第21条')).toBeNull()
    fireEvent.click(screen.getByTestId('timeline-more'))
    expect(await within(screen.getByTestId('timeline')).findByText('第25条')).toBeTruthy()
    expect(screen.queryByTestId('timeline-more')).toBeNull()

    fireEvent.click(screen.getByTestId('timeline-filter-task'))
    await waitFor(() => expect(within(screen.getByTestId('timeline')).queryByText('第2条')).toBeNull())
    expect(within(screen.getByTestId('timeline')).getByText('第6条')).toBeTruthy()
    expect(api.requests.some((r) => r.path.endsWith('/timeline') && r.query.get('types') === 'task')).toBe(
      true,
    )
    fireEvent.click(screen.getByTestId('timeline-filter-email'))
    expect(await screen.findByText('没有这类动态')).toBeTruthy()
  })

  it('says why an attachment was not uploaded, and lists the one that was', async () => {
    const rec = personRecord('张伟')
    const uploaded = {
      id: '01a243f1-0000-7000-8000-00000000f11e',
      name: '报价单.pdf',
      size: 20480,
      mime: 'application/pdf',
      sha256: 'x',
      object: 'person',
      recordId: rec.id,
      field: null,
      createdBy: me.user.id,
      createdAt: '2026-12-05T03:00:00Z',
    }
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onRequest: (req) => {
        if (!req.path.endsWith('/attachments')) return undefined
        if (req.method === 'GET') return { status: 200, body: { data: [] } }
        return req.query.get('name') === '录像.mp4'
          ? problem(413, 'payload_too_large', '请求内容过大（上限 25 MB）')
          : { status: 201, body: uploaded }
      },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    fireEvent.click(await screen.findByRole('tab', { name: '附件' }))
    expect(await screen.findByText('还没有附件。点「上传文件」或把文件拖到这里。')).toBeTruthy()
    const input = screen.getByTestId('attachments-input')
    const big = new File(['x'], '录像.mp4', { type: 'video/mp4' })
    const pdf = new File(['%PDF'], '报价单.pdf', { type: 'application/pdf' })
    fireEvent.change(input, { target: { files: [big, pdf] } })
    const alert = await screen.findByTestId('attachments-error')
    expect(alert.textContent).toContain('「录像.mp4」上传失败')
    expect(alert.textContent).toContain('请求内容过大（上限 25 MB）')
    const list = await screen.findByTestId('attachments-list')
    expect(within(list).getByText('报价单.pdf').getAttribute('href')).toBe(
      `/api/v1/files/${uploaded.id}/content`,
    )
    expect(list.textContent).toContain('20 KB')
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/attachments'))
    expect(
      posts.map((r) => [r.query.get('name'), r.headers['Content-Type'], r.body instanceof File]),
    ).toEqual([
      ['录像.mp4', 'video/mp4', true],
      ['报价单.pdf', 'application/pdf', true],
    ])
  })

  it('walks the list it came from with prev / next', async () => {
    const a = personRecord('甲')
    const b = personRecord('乙')
    const c = personRecord('丙')
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [a, b, c] } })
    saveListContext('/o/person', [a.id, b.id, c.id])
    renderAt(`/o/person/${b.id}`, routes)
    expect((await screen.findByTestId('record-title')).textContent).toBe('乙')
    expect(screen.getByTestId('record-pager').textContent).toContain('2 / 3')
    fireEvent.click(screen.getByTestId('record-next'))
    await waitFor(() => expect(screen.getByTestId('record-title').textContent).toBe('丙'))
    expect((screen.getByTestId('record-next') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByTestId('record-prev'))
    await waitFor(() => expect(screen.getByTestId('record-title').textContent).toBe('乙'))
  })

  it('edits the fields in a drawer: only what changed, with If-Match; a 409 offers the latest', async () => {
    const rec = personRecord('张伟', { version: 4 })
    let conflict = true
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onUpdate: () => {
        if (!conflict) return undefined
        conflict = false
        return {
          status: 409,
          body: {
            ...problem(409, 'version_conflict', '记录已被他人修改').body,
            current: { ...rec, version: 5, title: '销售总监' },
          },
        }
      },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    fireEvent.click(screen.getByTestId('record-edit'))
    const form = await screen.findByTestId('record-edit-form')
    const input = (label: string) =>
      within(form)
        .getByText(label, { selector: 'label' })
        .closest('.ant-form-item')
        ?.querySelector('input') as HTMLInputElement
    expect(input('职位').value).toBe('项目经理')
    fireEvent.change(input('职位'), { target: { value: '技术总监' } })
    fireEvent.click(screen.getByTestId('record-edit-submit'))
    expect((await within(form).findByRole('alert')).textContent).toContain('记录已被他人修改')
    fireEvent.click(screen.getByTestId('edit-load-latest'))
    await waitFor(() => expect(input('职位').value).toBe('销售总监'))
    fireEvent.change(input('职位'), { target: { value: '技术总监' } })
    fireEvent.click(screen.getByTestId('record-edit-submit'))
    expect(await screen.findByText('已保存')).toBeTruthy()
    const patches = api.requests.filter((r) => r.method === 'PATCH')
    expect(patches.map((r) => [r.body, r.headers['If-Match']])).toEqual([
      [{ title: '技术总监' }, '4'],
      [{ title: '技术总监' }, '5'],
    ])
  })

  it('deletes after confirming, and goes back to the list', async () => {
    const rec = personRecord('张伟')
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onRequest: (req) => (req.method === 'DELETE' ? { status: 200, body: rec } : undefined),
    })
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    fireEvent.click(screen.getByTestId('record-more'))
    fireEvent.click(await screen.findByText('删除', { selector: '.ant-dropdown-menu-title-content' }))
    expect(await screen.findByText('记录会移入回收站，可以恢复。')).toBeTruthy()
    fireEvent.click(screen.getByTestId('delete-ok'))
    expect(await screen.findByTestId('list-page')).toBeTruthy()
    const del = api.requests.find((r) => r.method === 'DELETE')
    expect(del?.path).toBe(`/api/v1/records/person/${rec.id}`)
    expect(del?.headers['If-Match']).toBe('1')
    expect(await screen.findByText('已删除「张伟」')).toBeTruthy()
  })

  it('stacks the sections and puts timeline, related and attachments in tabs on a phone', async () => {
    ;(window as { __mobile?: boolean }).__mobile = true
    fakeApi({ objects: [companyMeta, personMeta], records: { company: [COMPANY], person: [] } })
    renderAt(`/o/company/${COMPANY.id}`, routes, 'en')
    await screen.findByTestId('record-title')
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent)
    expect(tabs).toEqual(['Timeline', 'Related1', 'Attachments', 'Merges'])
    fireEvent.click(screen.getByRole('tab', { name: /Related/ }))
    expect(
      await screen.findByText('No people yet. Add one with New, or link an existing record.'),
    ).toBeTruthy()
  })
})

describe('record page for a role that may only read', () => {
  it('shows a person with no edit, no delete, no inline edit, no mobile and no company name', async () => {
    const { mobile: _hidden, ...rec } = personRecord('张伟', {
      company: COMPANY.id,
      email: 'zhangwei@example.com',
      title: '技术总监',
    })
    const api = fakeApi({
      objects: [readerPersonMeta],
      records: { person: [rec as RecordDto], company: [COMPANY] },
      me: readerMe,
      timeline: {
        [rec.id]: [
          {
            kind: 'change',
            id: 'h1',
            at: '2026-12-05T03:00:00Z',
            actor_id: me.user.id,
            change: { field: 'title', old: '项目经理', new: '技术总监', channel: 'ui' },
          },
        ],
      },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    expect((await screen.findByTestId('record-title')).textContent).toBe('张伟')
    const fields = screen.getByTestId('record-fields')
    expect(within(fields).getByText('zhangwei@example.com')).toBeTruthy()
    expect(screen.queryByTestId('record-edit')).toBeNull()
    expect(screen.queryByTestId('record-more')).toBeNull()
    expect(document.querySelector('.km-inline-trigger, .km-inline-pen')).toBeNull()
    expect(screen.queryByText('手机')).toBeNull()
    // the company, in the header's key fields and in the section: "no access", no link, not asked for
    const restricted = screen.getAllByTestId('restricted-record')
    expect(restricted.length).toBe(2)
    for (const r of restricted) {
      expect(r.textContent).toContain('无权查看')
      expect(r.closest('a')).toBeNull()
    }
    expect(document.body.textContent).not.toContain(COMPANY.name as string)
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/records/company'))).toBe(false)
    // the timeline shows what the role may read
    expect(await within(screen.getByTestId('timeline')).findByText('项目经理')).toBeTruthy()
  })

  it('offers to delete only the files the reader uploaded', async () => {
    const rec = personRecord('张伟')
    const file = (id: string, name: string, createdBy: string) => ({
      id: `01a243f1-0000-7000-8000-00000000f${id}`,
      name,
      size: 2048,
      mime: 'application/pdf',
      sha256: 'x',
      object: 'person',
      recordId: rec.id,
      field: null,
      createdBy,
      createdAt: '2026-12-05T03:00:00Z',
    })
    fakeApi({
      objects: [readerPersonMeta],
      records: { person: [rec] },
      me: readerMe,
      onRequest: (req) =>
        req.path.endsWith('/attachments') && req.method === 'GET'
          ? {
              status: 200,
              body: {
                data: [file('001', '我的.pdf', readerMe.user.id), file('002', '别人的.pdf', me.user.id)],
              },
            }
          : undefined,
    })
    renderAt(`/o/person/${rec.id}`, routes)
    fireEvent.click(await screen.findByRole('tab', { name: '附件' }))
    const list = await screen.findByTestId('attachments-list')
    const rows = within(list).getAllByRole('listitem')
    expect(within(rows[0]!).getByRole('button', { name: '删除' })).toBeTruthy()
    expect(within(rows[1]!).queryByRole('button', { name: '删除' })).toBeNull()
  })

  it('offers no add, link or unlink on a related list whose records the role may not change', async () => {
    const readOnly = (object: string) => ({
      object,
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all' as const,
      writeScope: 'none' as const,
      fields: {},
    })
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { company: [COMPANY], person: [personRecord('张伟', { company: COMPANY.id })] },
      me: { ...readerMe, grants: [readOnly('company'), readOnly('person')] },
    })
    renderAt(`/o/company/${COMPANY.id}`, routes, 'en')
    const list = await screen.findByTestId('related-people')
    expect(await within(list).findByText('张伟')).toBeTruthy()
    expect(within(list).queryByTestId('related-add')).toBeNull()
    expect(within(list).queryByTestId('related-link')).toBeNull()
    expect(list.querySelector('.km-related-unlink')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull()
  })
})

import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeApi } from '../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { RecordPage } from './RecordPage.tsx'

const routes = [{ path: '/o/:object/:id', element: <RecordPage /> }]

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
              body: '客户下周确认预算。',
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
    expect(within(fields).getByText('zhangwei@example.com')).toBeTruthy()
    expect(within(fields).getByText('+86 133 1216 8390')).toBeTruthy()
    expect(within(fields).getByText('林晓')).toBeTruthy()
    const timeline = await screen.findByTestId('timeline')
    expect(timeline.textContent).toContain('职位')
    expect(timeline.textContent).toContain('项目经理')
    expect(timeline.textContent).toContain('技术总监')
    expect(timeline.textContent).toContain('续约沟通')
    expect(timeline.textContent).toContain('创建了联系人')
    expect(timeline.textContent).toContain('2026/12/05 11:00')
  })

  it("shows the server's message for a record that is not there", async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [] } })
    renderAt('/o/person/01a243f1-0000-7000-8000-000000000000', routes)
    expect((await screen.findByRole('alert')).textContent).toContain('记录不存在')
  })
})

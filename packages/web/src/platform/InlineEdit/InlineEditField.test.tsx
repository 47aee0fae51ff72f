import { fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { type FakeRequest, fakeApi, problem } from '../../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto } from '../endpoints.ts'
import { InlineEditField } from './InlineEditField.tsx'

function Harness({ initial, fieldName }: { initial: RecordDto; fieldName: string }) {
  const [rec, setRec] = useState(initial)
  const field = personMeta.fields.find((f) => f.name === fieldName)!
  return (
    <div>
      <InlineEditField object={personMeta} field={field} record={rec} onSaved={setRec} />
      <output data-testid="version">{rec.version}</output>
    </div>
  )
}

const mount = (rec: RecordDto, fieldName: string) =>
  renderAt('/x', [{ path: '/x', element: <Harness initial={rec} fieldName={fieldName} /> }])

const patches = (requests: FakeRequest[]) => requests.filter((r) => r.method === 'PATCH')

describe('InlineEditField', () => {
  it('opens on Enter, saves with PATCH and If-Match, and shows the answer', async () => {
    const rec = personRecord('张伟', { title: '项目经理' })
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] } })
    mount(rec, 'title')
    const trigger = await screen.findByRole('button', { name: '编辑职位' })
    fireEvent.keyDown(trigger, { key: 'Enter' })
    const input = await screen.findByLabelText('职位')
    fireEvent.change(input, { target: { value: '销售总监' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('2'))
    const [patch] = patches(api.requests)
    expect(patch?.path).toBe(`/api/v1/records/person/${rec.id}`)
    expect(patch?.body).toEqual({ title: '销售总监' })
    expect(patch?.headers['If-Match']).toBe('1')
    expect(screen.queryByTestId('inline-editor')).toBeNull()
    expect(screen.getByText('销售总监')).toBeTruthy()
  })

  it('checks the value with the API rules and messages before sending', async () => {
    const rec = personRecord('李娜', { email: null })
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] } })
    mount(rec, 'email')
    fireEvent.click(await screen.findByRole('button', { name: '编辑邮箱' }))
    const input = await screen.findByLabelText('邮箱')
    fireEvent.change(input, { target: { value: 'not-an-email' } })
    fireEvent.click(screen.getByTestId('inline-save'))
    expect(await screen.findByText('邮箱格式不正确')).toBeTruthy()
    expect(patches(api.requests)).toHaveLength(0)
    // a required field cannot be emptied
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByTestId('inline-editor')).toBeNull()
  })

  it('shows a field error the server returns under the input', async () => {
    const rec = personRecord('王芳')
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onUpdate: () =>
        problem(400, 'validation_failed', '提交的数据有误', [
          { path: 'mobile', code: 'invalid_phone', message: '电话号码无效' },
        ]),
    })
    mount(rec, 'mobile')
    fireEvent.click(await screen.findByRole('button', { name: '编辑手机' }))
    const input = await screen.findByLabelText('手机')
    fireEvent.change(input, { target: { value: '12345' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(await screen.findByText('电话号码无效')).toBeTruthy()
    expect(screen.getByTestId('inline-editor')).toBeTruthy()
  })

  it('on 409 says the record changed and loads the current record on request', async () => {
    const rec = personRecord('赵磊', { title: '工程师' })
    const current = { ...rec, version: 5, title: '架构师' }
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onUpdate: () => ({
        status: 409,
        body: { ...problem(409, 'version_conflict', '该记录已被他人修改，请刷新后重试').body, current },
      }),
    })
    mount(rec, 'title')
    fireEvent.click(await screen.findByRole('button', { name: '编辑职位' }))
    const input = await screen.findByLabelText('职位')
    fireEvent.change(input, { target: { value: '总工' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(await screen.findByText('该记录已被他人修改，请刷新后重试')).toBeTruthy()
    fireEvent.click(screen.getByTestId('inline-reload'))
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('5'))
    expect((screen.getByLabelText('职位') as HTMLInputElement).value).toBe('架构师')
  })

  it('shows the value only when the user may not edit the field', async () => {
    const rec = personRecord('孙丽', { title: '顾问' })
    const readOnlyMe = {
      ...me,
      isAdmin: false,
      grants: [
        {
          object: 'person',
          create: true,
          read: true,
          update: true,
          delete: false,
          readScope: 'all' as const,
          writeScope: 'all' as const,
          fields: { title: 'read' as const },
        },
      ],
    }
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] }, me: readOnlyMe })
    mount(rec, 'title')
    expect(await screen.findByText('顾问')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '编辑职位' })).toBeNull()
  })
})

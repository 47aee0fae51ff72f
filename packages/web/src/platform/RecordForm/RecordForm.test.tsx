import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fakeApi, problem } from '../../test/fakeApi.ts'
import { companyMeta, everyTypeMeta, personMeta } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto } from '../endpoints.ts'
import { RecordForm } from './RecordForm.tsx'

const COMPANY = {
  id: '01a243f1-5600-7d7e-bced-1b5cb2027642',
  version: 1,
  owner_id: null,
  created_at: '2026-12-05T02:03:39.298Z',
  created_by: null,
  updated_at: '2026-12-05T02:03:39.298Z',
  updated_by: null,
  name: '兰州星辰网络科技股份有限公司',
} satisfies RecordDto

function renderForm(object = everyTypeMeta, onCreated = vi.fn(), locale: 'zh-CN' | 'en' = 'zh-CN') {
  renderAt(
    '/form',
    [{ path: '/form', element: <RecordForm object={object} onCreated={onCreated} /> }],
    locale,
  )
  return onCreated
}

/** The Form.Item of a field, found by its label. */
function item(label: string): HTMLElement {
  const el = screen.getByText(label, { selector: 'label' }).closest('.ant-form-item')
  if (!el) throw new Error(`no form item ${label}`)
  return el as HTMLElement
}

describe('record form', () => {
  it('renders an input per field type from metadata', async () => {
    fakeApi({ objects: [companyMeta, everyTypeMeta] })
    renderForm()
    await screen.findByTestId('record-form')
    expect(item('标题').querySelector('input')).toBeTruthy()
    expect(item('说明').querySelector('textarea')).toBeTruthy()
    expect(item('数量').querySelector('.ant-input-number')).toBeTruthy()
    // currency: a code picker next to the amount, defaulting to the field's currency
    expect(within(item('金额')).getByText('CNY')).toBeTruthy()
    expect(item('金额').querySelector('.ant-input-number')).toBeTruthy()
    expect(item('预计成交日').querySelector('.ant-picker')).toBeTruthy()
    expect(item('下次通话').querySelector('.ant-picker')).toBeTruthy()
    expect(within(item('赢单')).getByRole('switch')).toBeTruthy()
    expect(item('阶段').querySelector('.ant-select')).toBeTruthy()
    expect(item('邮箱').querySelector('input[type=email]')).toBeTruthy()
    expect(item('电话').querySelector('input[type=tel]')).toBeTruthy()
    expect(item('网址').querySelector('input[inputmode=url]')).toBeTruthy()
    expect(item('公司').querySelector('.ant-select')).toBeTruthy()
    // a raw JSON field has no input yet
    expect(screen.queryByText('原始数据')).toBeNull()
  })

  it('checks required fields before posting', async () => {
    const api = fakeApi({ objects: [companyMeta, everyTypeMeta] })
    renderForm()
    fireEvent.click(await screen.findByTestId('record-form-submit'))
    expect(await within(item('标题')).findByText('必填')).toBeTruthy()
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false)
  })

  it("puts the server's per-field messages on the fields", async () => {
    fakeApi({
      objects: [companyMeta, everyTypeMeta],
      onCreate: () =>
        problem(400, 'validation_failed', '提交的数据有误', [
          { path: 'email', code: 'invalid_email', message: '邮箱格式不正确' },
          { path: 'amount.currency', code: 'invalid_currency', message: '金额或币种无效' },
          { path: 'owner_id', code: 'forbidden_field', message: '没有权限修改此字段' },
        ]),
    })
    const onCreated = renderForm()
    await screen.findByTestId('record-form')
    fireEvent.change(item('标题').querySelector('input')!, { target: { value: '框架协议' } })
    fireEvent.change(item('邮箱').querySelector('input')!, { target: { value: 'not-an-email' } })
    fireEvent.click(screen.getByTestId('record-form-submit'))

    expect(await within(item('邮箱')).findByText('邮箱格式不正确')).toBeTruthy()
    expect(within(item('金额')).getByText('金额或币种无效')).toBeTruthy()
    // the title, and what belongs to no field, on top
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('提交的数据有误')
    expect(alert.textContent).toContain('owner_id: 没有权限修改此字段')
    expect(alert.textContent).not.toContain('邮箱格式不正确')
    expect(onCreated).not.toHaveBeenCalled()
  })

  it('posts the values in API shape, with a related record picked by search', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { company: [COMPANY] } })
    const onCreated = renderForm(personMeta)
    await screen.findByTestId('record-form')
    fireEvent.change(item('姓名').querySelector('input')!, { target: { value: '赵敏' } })
    fireEvent.change(item('邮箱').querySelector('input')!, { target: { value: 'zhaomin@example.com' } })

    const picker = within(item('公司')).getByRole('combobox')
    fireEvent.mouseDown(picker)
    fireEvent.change(picker, { target: { value: '星辰' } })
    await waitFor(() =>
      expect(api.requests.some((r) => r.path === '/api/v1/search' && r.query.get('q') === '星辰')).toBe(true),
    )
    fireEvent.click(await screen.findByText(COMPANY.name, { selector: '.km-option span' }))

    fireEvent.click(screen.getByTestId('record-form-submit'))
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    const post = api.requests.find((r) => r.method === 'POST')
    expect(post?.path).toBe('/api/v1/records/person')
    expect(post?.body).toEqual({ name: '赵敏', email: 'zhaomin@example.com', company: COMPANY.id })
  })

  it('shows the candidates of a 409 duplicate_candidates and creates anyway on request', async () => {
    const ZHANG = '01a243f1-5600-7d7e-bced-1b5cb2027650'
    const candidate = {
      id: ZHANG,
      title: '张伟',
      score: 10.5,
      decision: 'duplicate',
      reasons: [
        { comparison: 'name', similarity: 1, points: 5, left: '张伟', right: '张伟', fields: ['name'] },
        {
          comparison: 'phone',
          similarity: 1,
          points: 5.5,
          left: '+8613812345678',
          right: '+8613812345678',
          fields: ['mobile', 'phone'],
        },
        {
          comparison: 'email',
          similarity: 0,
          points: -1,
          left: 'a@x.cn',
          right: 'b@y.cn',
          fields: ['email'],
        },
      ],
    }
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      onRequest: (req) =>
        req.method === 'POST' &&
        req.path === '/api/v1/records/person' &&
        req.query.get('allowDuplicate') !== 'true'
          ? {
              status: 409,
              body: {
                ...problem(
                  409,
                  'duplicate_candidates',
                  'This may duplicate existing records; check them before saving',
                ).body,
                candidates: [candidate],
              },
            }
          : undefined,
    })
    const onCreated = renderForm(personMeta, vi.fn(), 'en')
    await screen.findByTestId('record-form')
    fireEvent.change(item('Name').querySelector('input')!, { target: { value: 'Zhang Wei' } })
    fireEvent.change(item('Mobile').querySelector('input')!, { target: { value: '138 1234 5678' } })
    fireEvent.click(screen.getByTestId('record-form-submit'))

    const box = await screen.findByTestId('duplicate-candidates')
    expect(box.textContent).toContain('This may duplicate existing records')
    const [row] = within(box).getAllByTestId('duplicate-candidate')
    const links = within(row!).getAllByRole('link')
    expect(links[0]!.textContent).toBe('张伟')
    expect(links.every((a) => a.getAttribute('href') === `/o/person/${ZHANG}`)).toBe(true)
    expect(within(row!).getByText('Open existing')).toBeTruthy()
    expect(row!.textContent).toContain('Likely duplicate')
    expect(row!.textContent).toContain('Score 10.5')
    expect(row!.textContent).toContain('Same name')
    expect(row!.textContent).toContain('Same mobile')
    expect(row!.textContent).toContain('Different email')
    expect(within(box).queryByTestId('duplicate-index-building')).toBeNull()
    expect(onCreated).not.toHaveBeenCalled()

    fireEvent.click(within(box).getByTestId('duplicate-create-anyway'))
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    const posts = api.requests.filter((r) => r.method === 'POST')
    expect(posts).toHaveLength(2)
    expect(posts[0]!.query.get('allowDuplicate')).toBeNull()
    expect(posts[1]!.query.get('allowDuplicate')).toBe('true')
    expect(posts[1]!.body).toEqual(posts[0]!.body)
  })

  it('names the reasons in Chinese, and says the list may be incomplete while the index is rebuilt', async () => {
    fakeApi({
      objects: [companyMeta, personMeta],
      onCreate: () => ({
        status: 409,
        body: {
          ...problem(409, 'duplicate_candidates', '可能与已有记录重复，请确认后再保存').body,
          candidates: [
            {
              id: '01a243f1-5600-7d7e-bced-1b5cb2027651',
              title: '',
              score: 6.5,
              decision: 'possible',
              reasons: [
                {
                  comparison: 'name',
                  similarity: 0.9,
                  points: 4,
                  left: '张伟',
                  right: '张玮',
                  fields: ['name'],
                },
              ],
            },
          ],
          keyIndex: {
            status: 'building',
            done: 4500,
            total: 10000,
            startedAt: '2026-12-01T08:00:00.000Z',
            builtAt: null,
            error: null,
          },
        },
      }),
    })
    renderForm(personMeta)
    await screen.findByTestId('record-form')
    fireEvent.change(item('姓名').querySelector('input')!, { target: { value: '张伟' } })
    fireEvent.click(screen.getByTestId('record-form-submit'))
    const box = await screen.findByTestId('duplicate-candidates')
    expect(box.textContent).toContain('可能重复')
    expect(box.textContent).toContain('姓名相似（90%）')
    expect(box.textContent).toContain('（无标题）')
    expect(within(box).getByText('仍然创建')).toBeTruthy()
    expect(within(box).getByTestId('duplicate-index-building').textContent).toBe(
      '查重索引正在重建（45%），可能还有未列出的重复记录。',
    )
  })
})

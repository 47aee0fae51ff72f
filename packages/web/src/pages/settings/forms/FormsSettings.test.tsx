import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import dayjs from 'dayjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type FakeRequest, fakeApi, problem } from '../../../test/fakeApi.ts'
import { personMeta } from '../../../test/fixtures.ts'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import type { Form } from './api.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]
configure({ asyncUtilTimeout: 30_000 })
afterEach(() => vi.restoreAllMocks())

const at = '2026-12-05T02:00:00.000Z'
function stored(more: Partial<Form> = {}): Form {
  return {
    id: '0190a1b2-0000-7000-8000-000000000001',
    name: '官网联系表单',
    objectName: 'person',
    enabled: true,
    fields: [
      { field: 'name', required: true, hidden: false },
      { field: 'email', required: true, hidden: false },
    ],
    title: { 'zh-CN': '联系我们' },
    description: {},
    submitLabel: {},
    successMessage: {},
    redirectUrl: null,
    ownerId: null,
    publicKey: 'AbCdEfGhIjKlMnOpQrStUvWx',
    submissionCount: 3,
    spamCount: 1,
    lastSubmittedAt: at,
    problems: [],
    createdBy: null,
    createdAt: at,
    updatedAt: at,
    ...more,
  }
}

/** The forms API in memory in front of the fake records API. */
function formsServer(
  forms: Form[],
  opts: { onSave?: (req: FakeRequest) => ReturnType<typeof problem> | undefined } = {},
) {
  return fakeApi({
    objects: [personMeta],
    onRequest: (req) => {
      if (!req.path.startsWith('/api/v1/forms')) return undefined
      const m = /^\/api\/v1\/forms(?:\/([^/]+))?(?:\/([a-z-]+))?$/.exec(req.path)
      const id = m?.[1]
      const found = forms.find((f) => f.id === id)
      if (req.method === 'GET' && !id) return { status: 200, body: { data: forms } }
      if (req.method === 'POST' && !id) {
        const own = opts.onSave?.(req)
        if (own) return own
        const f = stored({
          ...(req.body as Partial<Form>),
          id: '0190a1b2-0000-7000-8000-000000000009',
          submissionCount: 0,
          spamCount: 0,
          lastSubmittedAt: null,
        })
        forms.push(f)
        return { status: 201, body: f }
      }
      if (!found) return problem(404, 'not_found', '找不到该资源')
      if (req.method === 'GET' && m?.[2] === 'submissions')
        return {
          status: 200,
          body: {
            data: [
              {
                id: 's1',
                formId: found.id,
                outcome: 'created',
                recordId: 'r1',
                recordTitle: '王芳',
                at,
                referrer: 'https://www.example.com/contact',
                userAgent: null,
                locale: 'zh-CN',
              },
              {
                id: 's2',
                formId: found.id,
                outcome: 'spam',
                recordId: null,
                recordTitle: null,
                at,
                referrer: null,
                userAgent: null,
                locale: 'en',
              },
            ],
            nextCursor: null,
          },
        }
      if (req.method === 'GET') return { status: 200, body: found }
      if (req.method === 'PATCH') {
        const own = opts.onSave?.(req)
        if (own) return own
        Object.assign(found, req.body)
        return { status: 200, body: found }
      }
      return undefined
    },
  })
}

describe('forms settings', () => {
  it('lists the forms with their object, state, counts and last submission', async () => {
    formsServer([
      stored(),
      stored({
        id: '0190a1b2-0000-7000-8000-000000000002',
        name: '展会报名',
        enabled: false,
        submissionCount: 0,
        lastSubmittedAt: null,
      }),
    ])
    renderAt('/settings/forms', routes)
    const rows = await screen.findAllByTestId('form-row')
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['官网联系表单', '展会报名'])
    expect(screen.getAllByTestId('form-count').map((c) => c.textContent)).toEqual(['3', '0'])
    // a responsive column (md and up): antd shows it once its breakpoint observer has reported, after the rows
    expect(await screen.findByText(dayjs(at).format('YYYY-MM-DD HH:mm'))).toBeTruthy()
    expect(screen.getByText('暂无')).toBeTruthy()
    expect(screen.getAllByText('联系人')).toHaveLength(2)
  })

  it('creates a form: fields added and made required, texts in both languages, a live preview; then its link', async () => {
    const forms: Form[] = []
    const { requests } = formsServer(forms)
    renderAt('/settings/forms/new', routes)
    const editor = await screen.findByTestId('form-editor')
    // the object's title field is there and cannot be made optional
    const fields = within(editor).getAllByTestId('form-field')
    expect(fields.map((f) => f.getAttribute('data-field'))).toEqual(['name', 'email', 'mobile'])
    const nameRequired = within(fields[0]!).getByTestId('form-field-required')
    expect(nameRequired.getAttribute('aria-checked')).toBe('true')
    expect(nameRequired.hasAttribute('disabled')).toBe(true)
    // add the job title, move it up, make it required
    fireEvent.mouseDown(within(screen.getByTestId('form-add-field')).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('职位'))
    await waitFor(() => expect(within(editor).getAllByTestId('form-field')).toHaveLength(4))
    const added = within(editor).getAllByTestId('form-field')[3]!
    fireEvent.click(within(added).getByTestId('form-field-up'))
    const moved = within(editor).getAllByTestId('form-field')[2]!
    expect(moved.getAttribute('data-field')).toBe('title')
    fireEvent.click(within(moved).getByTestId('form-field-required'))
    // name and texts; the preview follows
    fireEvent.change(screen.getByTestId('form-name'), { target: { value: '预约演示' } })
    fireEvent.change(screen.getByTestId('form-title-zh-CN'), { target: { value: '预约产品演示' } })
    fireEvent.change(screen.getByTestId('form-title-en'), { target: { value: 'Book a demo' } })
    const preview = screen.getByTestId('form-preview')
    expect(await within(preview).findByText('预约产品演示')).toBeTruthy()
    expect(within(preview).getByLabelText('职位')).toBeTruthy()
    fireEvent.click(within(screen.getByTestId('form-preview-language')).getByText('English'))
    expect(await within(preview).findByText('Book a demo')).toBeTruthy()
    // the preview checks but sends nothing
    fireEvent.click(within(preview).getByTestId('public-form-submit'))
    expect(await within(preview).findAllByText('Required')).not.toHaveLength(0)
    fireEvent.click(screen.getByTestId('form-save'))
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path === '/api/v1/forms')).toBe(true),
    )
    const post = requests.find((r) => r.method === 'POST' && r.path === '/api/v1/forms')!
    expect(post.body).toMatchObject({
      name: '预约演示',
      objectName: 'person',
      enabled: true,
      redirectUrl: null,
      title: { 'zh-CN': '预约产品演示', en: 'Book a demo' },
      fields: [
        { field: 'name', required: true },
        { field: 'email', required: false },
        { field: 'title', required: true },
        { field: 'mobile', required: false },
      ],
    })
    expect(requests.some((r) => r.path.includes('/public/'))).toBe(false)
    // it lands on the share tab with the link and the embed snippet
    const share = await screen.findByTestId('form-share')
    expect((within(share).getByTestId('form-public-url') as HTMLInputElement).value).toMatch(
      /\/f\/AbCdEfGhIjKlMnOpQrStUvWx$/,
    )
    expect(within(share).getByTestId('form-embed').textContent).toContain('<iframe')
  })

  it('shows the server’s refusal under the field it names, and the submissions with links to the records', async () => {
    const form = stored()
    formsServer([form], {
      onSave: () =>
        problem(400, 'validation_failed', '提交的数据有误', [
          { path: 'fields.1.field', code: 'forms.unknown_field', message: '字段 email 不存在或已停用' },
          { path: 'ownerId', code: 'forms.unknown_owner', message: '负责人不存在或已停用' },
        ]),
    })
    renderAt(`/settings/forms/${form.id}`, routes)
    await screen.findByTestId('form-editor')
    fireEvent.click(screen.getByTestId('form-save'))
    const emailRow = (await screen.findAllByTestId('form-field'))[1]!
    expect(await within(emailRow).findByText('字段 email 不存在或已停用')).toBeTruthy()
    expect(screen.getByText('负责人不存在或已停用')).toBeTruthy()
    fireEvent.click(screen.getByRole('tab', { name: '提交记录' }))
    const list = await screen.findByTestId('form-submission-list')
    const link = within(list).getByText('王芳')
    expect(link.closest('a')?.getAttribute('href')).toBe('/o/person/r1')
    expect(within(list).getByText('垃圾提交（已丢弃）')).toBeTruthy()
    expect(within(list).getByText(/来自 https:\/\/www.example.com\/contact/)).toBeTruthy()
  })
})

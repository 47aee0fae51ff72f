import type { PublicForm, PublicFormField } from '@kemai/shared/api/forms.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppProviders } from '../app/App.tsx'
import { createI18n } from '../app/i18n.ts'
import { PublicFormPage } from './PublicFormPage.tsx'

const field = (
  name: string,
  type: PublicFormField['type'],
  zh: string,
  en: string,
  more: Partial<PublicFormField> = {},
): PublicFormField => ({
  name,
  type,
  label: { 'zh-CN': zh, en },
  required: false,
  placeholder: null,
  help: null,
  choices: [],
  maxLength: null,
  min: null,
  max: null,
  scale: null,
  precision: null,
  currency: null,
  ...more,
})

const FORM: PublicForm = {
  key: 'AbCdEfGhIjKlMnOpQrStUvWx',
  title: { 'zh-CN': '预约演示', en: 'Book a demo' },
  description: { 'zh-CN': '我们会在一个工作日内联系您', en: 'We reply within one working day' },
  submitLabel: { 'zh-CN': '提交', en: 'Send' },
  successMessage: { 'zh-CN': '谢谢！已收到', en: 'Thanks! Received' },
  redirectUrl: null,
  honeypot: '_website',
  fields: [
    field('name', 'text', '姓名', 'Name', { required: true }),
    field('email', 'email', '邮箱', 'Email', { required: true, help: { en: 'Work e-mail please' } }),
    field('mobile', 'phone', '手机', 'Mobile'),
  ],
}

interface Sent {
  method: string
  url: string
  body: Record<string, unknown> | undefined
  headers: Record<string, string>
}

function serve(answer: (req: Sent) => { status: number; body: unknown }) {
  const sent: Sent[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req: Sent = {
      method: init?.method ?? 'GET',
      url: String(input),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init?.headers as Record<string, string>) ?? {},
    }
    sent.push(req)
    if (req.url.endsWith('/auth/me'))
      return new Response(JSON.stringify({ code: 'unauthenticated' }), { status: 401 })
    const a = answer(req)
    return new Response(JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  })
  return sent
}

function open(locale: Locale, path = `/f/${FORM.key}`) {
  window.localStorage.setItem('kemai.locale', locale)
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders i18n={createI18n(locale)}>
        <Routes>
          <Route path="/f/:key" element={<PublicFormPage />} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  )
}

const definition = (req: Sent) =>
  req.method === 'GET' && req.url.includes(`/public/forms/${FORM.key}`)
    ? { status: 200, body: FORM }
    : undefined

afterEach(() => {
  vi.restoreAllMocks()
  window.localStorage.clear()
})

describe('public form page', () => {
  it('shows the form without login in the browser’s language and switches language', async () => {
    serve((req) => definition(req) ?? { status: 404, body: {} })
    open('zh-CN')
    expect(await screen.findByText('预约演示')).toBeTruthy()
    expect(screen.getByText('我们会在一个工作日内联系您')).toBeTruthy()
    expect(screen.getByLabelText('姓名')).toBeTruthy()
    fireEvent.click(within(screen.getByTestId('public-form-language')).getByText('English'))
    expect(await screen.findByText('Book a demo')).toBeTruthy()
    expect(screen.getByLabelText('Email')).toBeTruthy()
    expect(screen.getByText('Work e-mail please')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
  })

  it('checks the values with the shared rules before sending, in the page’s language', async () => {
    const sent = serve((req) => definition(req) ?? { status: 500, body: {} })
    open('zh-CN')
    await screen.findByText('预约演示')
    fireEvent.click(screen.getByTestId('public-form-submit'))
    // each field's message renders on its own: wait for both, not the first
    await waitFor(() => expect(screen.getAllByText('必填')).toHaveLength(2))
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '李四' } })
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: 'not-an-email' } })
    fireEvent.change(screen.getByLabelText('手机'), { target: { value: 'call me maybe' } })
    fireEvent.click(screen.getByTestId('public-form-submit'))
    expect(await screen.findByText('邮箱格式不正确')).toBeTruthy()
    expect(await screen.findByText('电话号码无效')).toBeTruthy()
    expect(sent.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('sends the values with the honeypot and language, shows the server’s field errors, then the success message', async () => {
    let attempt = 0
    const sent = serve((req) => {
      const d = definition(req)
      if (d) return d
      attempt++
      if (attempt === 1)
        return {
          status: 400,
          body: {
            type: 'x',
            title: 'Invalid input',
            status: 400,
            code: 'validation_failed',
            errors: [{ path: 'mobile', code: 'invalid_phone', message: 'Invalid phone number' }],
          },
        }
      return { status: 200, body: { ok: true, message: 'Thanks! Received', redirectUrl: null } }
    })
    open('en')
    await screen.findByText('Book a demo')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '<b>Li</b>' } })
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'Li@Example.com' } })
    fireEvent.change(screen.getByLabelText('Mobile'), { target: { value: '+86 123' } })
    fireEvent.click(screen.getByTestId('public-form-submit'))
    expect(await screen.findByText('Invalid phone number')).toBeTruthy()
    const post = sent.find((r) => r.method === 'POST')!
    expect(post.url).toBe(`/api/v1/public/forms/${FORM.key}/submit`)
    expect(post.body).toEqual({
      name: '<b>Li</b>',
      email: 'Li@Example.com',
      mobile: '+86 123',
      _website: '',
      _locale: 'en',
    })
    expect(post.headers['Accept-Language']).toBe('en')
    fireEvent.change(screen.getByLabelText('Mobile'), { target: { value: '13812345678' } })
    fireEvent.click(screen.getByTestId('public-form-submit'))
    expect(await screen.findByText('Thanks! Received')).toBeTruthy()
    // the hostile name stayed text
    expect(document.querySelector('b')).toBeNull()
  })

  it('says so when the form is unknown or switched off, and shows the success message after a form post', async () => {
    serve(() => ({ status: 404, body: { type: 'x', title: '找不到该资源', status: 404, code: 'not_found' } }))
    open('zh-CN')
    expect(await screen.findByText('表单不可用')).toBeTruthy()
    vi.restoreAllMocks()
    serve((req) => definition(req) ?? { status: 404, body: {} })
    open('zh-CN', `/f/${FORM.key}?sent=1`)
    await waitFor(() => expect(screen.getAllByText('谢谢！已收到').length).toBeGreaterThan(0))
  })
})

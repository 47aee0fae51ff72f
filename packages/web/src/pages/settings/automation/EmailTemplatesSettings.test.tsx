import type { GrantDto } from '@kemai/shared/api/access.api'
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EmailTemplate } from '../../../platform/Automation/automation-api.ts'
import { me } from '../../../test/fixtures.ts'
import { renderAt } from '../../../test/render.tsx'
import { EmailTemplatesSettings } from './EmailTemplatesSettings.tsx'
import { at, fakeAutomationApi, problem, seed, uuid } from './fakeAutomationApi.ts'

const routes = [{ path: '/settings/email-templates', element: <EmailTemplatesSettings /> }]
// antd overlays on a loaded 2-core machine
configure({ asyncUtilTimeout: 20_000 })
afterEach(() => vi.restoreAllMocks())

const template = (p: Partial<EmailTemplate> = {}): EmailTemplate => ({
  id: uuid(),
  name: '欢迎邮件',
  subject: '欢迎 {{trigger.record.name}}',
  body: '您好，{{trigger.record.name}}：\n\n感谢关注。',
  createdAt: at,
  updatedAt: at,
  ...p,
})

const rowOf = async (name: string) => (await screen.findByText(name)).closest('tr') as HTMLElement
const drawer = () => screen.findByTestId('email-template-form')
const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } })
/** the merge-field picker beside the subject */
const subjectPicker = () =>
  within(screen.getByTestId('email-template-subject').closest('.km-wf-template') as HTMLElement)

describe('e-mail templates', () => {
  it('lists each template with its subject and when it changed', async () => {
    const db = seed()
    db.emailTemplates.push(
      template(),
      template({ name: '报价跟进', subject: '报价 {{trigger.record.name}}' }),
    )
    fakeAutomationApi(undefined, db)
    renderAt('/settings/email-templates', routes)
    const row = await rowOf('欢迎邮件')
    expect(within(row).getByText('欢迎 {{trigger.record.name}}')).toBeTruthy()
    // 02:00 UTC in the workspace's Shanghai time
    expect(within(row).getByText(/2026.*12.*05.*10:00/)).toBeTruthy()
    expect(screen.getAllByTestId('email-template-row')).toHaveLength(2)
  })

  it('creates one with merge fields from the picker, shows them as tokens, and the server’s field errors', async () => {
    const db = seed()
    let refuse = true
    const { calls } = fakeAutomationApi((c) => {
      if (c.method === 'POST' && c.path === '/api/v1/email-templates' && refuse) {
        refuse = false
        return problem(400, 'validation_failed', '输入有误', {
          errors: [{ path: 'name', code: 'too_big', message: '最多 200 个字符' }],
        })
      }
      return undefined
    }, db)
    renderAt('/settings/email-templates', routes)
    fireEvent.click(await screen.findByTestId('email-template-new'))
    await drawer()
    // the form's own check first
    fireEvent.click(screen.getByTestId('email-template-save'))
    expect(await screen.findByText('请填写名称')).toBeTruthy()

    type('email-template-name', '生日祝福')
    type('email-template-subject', '生日快乐，')
    // the builder's picker, with the fields of the chosen object (联系人 by default)
    fireEvent.click(subjectPicker().getByTestId('wf-merge-button'))
    expect(within(await screen.findByTestId('wf-merge-list')).getByText('今天')).toBeTruthy()
    const nameOption = await waitFor(() => {
      const option = within(screen.getByTestId('wf-merge-list'))
        .getAllByTestId('wf-merge-option')
        .find((o) => o.dataset.value === 'trigger.record.name')
      expect(option).toBeTruthy()
      return option as HTMLElement
    })
    fireEvent.click(nameOption)
    await waitFor(() =>
      expect((screen.getByTestId('email-template-subject') as HTMLInputElement).value).toBe(
        '生日快乐，{{trigger.record.name}}',
      ),
    )
    type('email-template-body', '祝 {{trigger.record.name}} 生日快乐！今天是 {{today}}。')
    const preview = screen.getByTestId('email-template-preview')
    await waitFor(() =>
      expect(
        within(preview)
          .getAllByTestId('merge-token')
          .map((x) => x.textContent),
      ).toEqual(['{{trigger.record.name}}', '{{trigger.record.name}}', '{{today}}']),
    )

    fireEvent.click(screen.getByTestId('email-template-save'))
    // the server's message under its field
    expect(await screen.findByText('最多 200 个字符')).toBeTruthy()
    fireEvent.click(screen.getByTestId('email-template-save'))
    await screen.findByText('已创建“生日祝福”')
    expect(await rowOf('生日祝福')).toBeTruthy()
    const posts = calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/email-templates')
    expect(posts.at(-1)?.body).toEqual({
      name: '生日祝福',
      subject: '生日快乐，{{trigger.record.name}}',
      body: '祝 {{trigger.record.name}} 生日快乐！今天是 {{today}}。',
    })
  })

  it('offers the people’s fields when the metadata arrives after the form opened', async () => {
    fakeAutomationApi()
    const answer = vi.mocked(globalThis.fetch).getMockImplementation()
    let release = () => {}
    const late = new Promise<void>((r) => {
      release = r
    })
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      if (String(input).includes('/api/v1/metadata/objects')) await late
      return (answer as typeof fetch)(input, init)
    })
    renderAt('/settings/email-templates', routes)
    fireEvent.click(await screen.findByTestId('email-template-new'))
    await drawer()
    release()
    // the object picker shows people once the metadata is there
    await waitFor(() =>
      expect(within(screen.getByTestId('email-template-object')).getByText('联系人')).toBeTruthy(),
    )
    fireEvent.click(subjectPicker().getByTestId('wf-merge-button'))
    const values = within(await screen.findByTestId('wf-merge-list'))
      .getAllByTestId('wf-merge-option')
      .map((o) => o.dataset.value)
    expect(values).toContain('trigger.record.name')
  })

  it('edits one (PUT) and deletes one after asking', async () => {
    const db = seed()
    const x = template()
    db.emailTemplates.push(x)
    const { calls } = fakeAutomationApi(undefined, db)
    renderAt('/settings/email-templates', routes, 'en')
    const row = await rowOf('欢迎邮件')
    fireEvent.click(within(row).getByTestId('email-template-edit'))
    await drawer()
    expect((screen.getByTestId('email-template-subject') as HTMLInputElement).value).toBe(x.subject)
    type('email-template-name', 'Welcome')
    fireEvent.click(screen.getByTestId('email-template-save'))
    await screen.findByText('Saved "Welcome"')
    const put = calls.find((c) => c.method === 'PUT')
    expect(put?.path).toBe(`/api/v1/email-templates/${x.id}`)
    expect(put?.body).toEqual({ name: 'Welcome', subject: x.subject, body: x.body })

    fireEvent.click(within(await rowOf('Welcome')).getByTestId('email-template-delete'))
    expect((await screen.findAllByText('Delete "Welcome"?')).length).toBeGreaterThan(0)
    expect(screen.getByText(/fail at their e-mail step/)).toBeTruthy()
    fireEvent.click(screen.getByTestId('email-template-delete-ok'))
    await screen.findByText('Deleted "Welcome"')
    await waitFor(() => expect(screen.queryAllByTestId('email-template-row')).toHaveLength(0))
    expect(calls.some((c) => c.method === 'DELETE' && c.path === `/api/v1/email-templates/${x.id}`)).toBe(
      true,
    )
    expect(screen.getByText(/No e-mail templates yet/)).toBeTruthy()
  })

  it('says why a delete was refused', async () => {
    const db = seed()
    db.emailTemplates.push(template())
    fakeAutomationApi(
      (c) => (c.method === 'DELETE' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined),
      db,
    )
    renderAt('/settings/email-templates', routes)
    fireEvent.click(within(await rowOf('欢迎邮件')).getByTestId('email-template-delete'))
    fireEvent.click(await screen.findByTestId('email-template-delete-ok'))
    expect((await screen.findAllByText('没有权限执行此操作')).length).toBeGreaterThan(0)
    expect(screen.getAllByTestId('email-template-row')).toHaveLength(1)
  })

  it('is read-only with the automation read right alone', async () => {
    const grant: GrantDto = {
      object: '_automation',
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all',
      writeScope: 'none',
      fields: {},
    }
    const db = seed()
    db.emailTemplates.push(template())
    fakeAutomationApi(undefined, db, { ...me, isAdmin: false, grants: [grant] })
    renderAt('/settings/email-templates', routes)
    const row = await rowOf('欢迎邮件')
    expect(screen.getByTestId('email-templates-read-only')).toBeTruthy()
    expect(screen.queryByTestId('email-template-new')).toBeNull()
    expect(within(row).queryByTestId('email-template-delete')).toBeNull()
    fireEvent.click(within(row).getByTestId('email-template-edit'))
    await drawer()
    expect((screen.getByTestId('email-template-name') as HTMLInputElement).disabled).toBe(true)
    expect(screen.queryByTestId('email-template-save')).toBeNull()
    expect(within(screen.getByTestId('email-template-preview')).getAllByTestId('merge-token')).toHaveLength(2)
  })
})

import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 6, e-mail templates in the UI: Settings → Automation → E-mail templates creates a template with
// merge fields from the picker (previewed as tokens), edits it, a workflow's "Send e-mail" step picks it
// from a select and publishes, then it is deleted after a confirmation; each view in both languages at
// 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/email-templates'

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

interface Template {
  id: string
  name: string
  subject: string
  body: string
}

async function templates(page: Page): Promise<Template[]> {
  const r = await page.request.get(`${BASE_URL}/api/v1/email-templates`)
  expect(r.ok(), `list templates: ${r.status()}`)
  return ((await r.json()) as { data: Template[] }).data
}

/** A manual workflow on people that adds a note (made through the API as the signed-in user). */
async function createWorkflow(page: Page, name: string): Promise<string> {
  const r = await page.request.post(`${BASE_URL}/api/v1/workflows`, {
    data: {
      name,
      definition: {
        trigger: { type: 'manual', object: 'person' },
        start: 'note',
        steps: [
          { id: 'note', type: 'add_note', body: '已发欢迎邮件', target: { kind: 'trigger' }, next: null },
        ],
      },
    },
  })
  expect(r.status() === 201, `create workflow: ${r.status()} ${await r.text()}`)
  return ((await r.json()) as { id: string }).id
}

const row = (page: Page, name: string) =>
  page.locator('tr').filter({ has: page.locator(`[data-testid=email-template-row][data-name="${name}"]`) })

async function pickOption(page: Page, text: RegExp | string) {
  const opt = page
    .locator(
      '.ant-select-dropdown:visible .ant-select-item-option, .ant-dropdown:visible .ant-dropdown-menu-item',
    )
    .filter({ hasText: text })
    .first()
  await opt.waitFor()
  await opt.click()
}

/** Inserts a merge field with the picker next to the input with `testId`. */
async function insertMerge(page: Page, testId: string, value: string) {
  await page
    .locator('.km-wf-template')
    .filter({ has: page.getByTestId(testId) })
    .getByTestId('wf-merge-button')
    .click()
  await page.locator(`.ant-popover:visible [data-testid=wf-merge-option][data-value="${value}"]`).click()
  // the list closes (and is destroyed) before the next picker opens its own
  await page.getByTestId('wf-merge-list').waitFor({ state: 'detached' })
}

const name = `欢迎邮件 ${stamp}`
let templateId = ''

test('create a template with merge fields, edit it, send it from a workflow step, delete it', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/settings/email-templates`)
  await page.getByTestId('settings-email-templates').waitFor()
  // listed under Automation in the settings menu
  await page.getByRole('menuitem', { name: '邮件模板' }).first().waitFor()

  // create: the form's own check, then merge fields from the picker, previewed as tokens
  await page.getByTestId('email-template-new').click()
  await page.getByTestId('email-template-form').waitFor()
  await page.getByTestId('email-template-save').click()
  await page.getByText('请填写名称').waitFor()
  await page.getByTestId('email-template-name').fill(name)
  await page.getByTestId('email-template-subject').fill('欢迎，')
  await insertMerge(page, 'email-template-subject', 'trigger.record.name')
  await page.getByTestId('email-template-body').fill('您好：\n\n感谢关注客脉。今天是 ')
  await insertMerge(page, 'email-template-body', 'today')
  const subject = await page.getByTestId('email-template-subject').inputValue()
  expect(subject === '欢迎，{{trigger.record.name}}', `subject: ${subject}`)
  const tokens = await page
    .locator('[data-testid=email-template-preview] [data-testid=merge-token]')
    .allInnerTexts()
  expect(
    tokens.join(',') === '{{trigger.record.name}},{{today}}',
    `the preview shows the merge fields as tokens: ${tokens.join(',')}`,
  )
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/email-templates'),
  )
  await page.getByTestId('email-template-save').click()
  expect((await created).status() === 201, 'created')
  await row(page, name).waitFor()
  const made = (await templates(page)).find((x) => x.name === name)
  expect(made?.body === '您好：\n\n感谢关注客脉。今天是 {{today}}', `stored body: ${JSON.stringify(made)}`)
  templateId = made!.id

  // edit: a new subject, replaced with PUT
  await row(page, name).getByTestId('email-template-edit').click()
  await page.getByTestId('email-template-subject').fill('欢迎加入，{{trigger.record.name}}')
  const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(templateId))
  await page.getByTestId('email-template-save').click()
  expect((await put).status() === 200, 'saved')
  await row(page, name).getByText('欢迎加入，{{trigger.record.name}}').waitFor()

  // use: a "Send e-mail" step added in the builder picks it from the select
  const wf = await createWorkflow(page, `发欢迎邮件 ${stamp}`)
  await page.goto(`${BASE_URL}/settings/workflows/${wf}`)
  await page.getByTestId('wf-canvas').waitFor()
  await page.locator('[data-testid=wf-add][data-link="note|next"]').click()
  await pickOption(page, '发送邮件')
  const panel = page.getByTestId('wf-step-panel')
  await panel.waitFor()
  expect((await panel.getAttribute('data-step')) === 'send_email_1', 'the new e-mail step is selected')
  expect(
    (await page.getByTestId('wf-edit-templates').getAttribute('href')) === '/settings/email-templates',
    'a link to the templates',
  )
  await page.getByTestId('wf-email-template').click()
  await pickOption(page, name)
  await page.getByTestId('wf-email-to-add-address').click()
  await page.getByTestId('wf-email-address').fill('{{trigger.record.email}}')
  await page.waitForFunction(() =>
    document
      .querySelector('[data-step="send_email_1"] .km-wf-node-summary')
      ?.textContent?.includes('发邮件给'),
  )
  await snap(page, 'email-step-zh-CN-1280')
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes(`/workflows/${wf}`),
  )
  await page.getByTestId('wf-save').click()
  expect((await saved).status() === 200, 'the draft is saved')
  const stored = await (await page.request.get(`${BASE_URL}/api/v1/workflows/${wf}`)).json()
  const step = stored.draft.steps.find((s: { id: string }) => s.id === 'send_email_1')
  expect(step?.templateId === templateId, `the step sends the template: ${JSON.stringify(step)}`)
  expect(
    JSON.stringify(step.to) === JSON.stringify([{ kind: 'owner' }, '{{trigger.record.email}}']),
    `recipients: ${JSON.stringify(step.to)}`,
  )
  const published = page.waitForResponse((r) => r.url().endsWith(`/workflows/${wf}/publish`))
  await page.getByTestId('wf-publish').click()
  expect((await published).status() === 200, 'published with the template')

  // delete: asked first, then gone
  await page.goto(`${BASE_URL}/settings/email-templates`)
  await row(page, name).getByTestId('email-template-delete').click()
  await page.locator('.ant-modal-confirm').filter({ hasText: '无法发布' }).waitFor()
  const removed = page.waitForResponse(
    (r) => r.request().method() === 'DELETE' && r.url().endsWith(templateId),
  )
  await page.getByTestId('email-template-delete-ok').click()
  expect((await removed).status() === 204, 'deleted')
  await row(page, name).waitFor({ state: 'detached' })
  expect(!(await templates(page)).some((x) => x.id === templateId), 'not listed any more')
  // the workflow that used it can no longer be published
  const again = await page.request.post(`${BASE_URL}/api/v1/workflows/${wf}/publish`)
  expect(again.status() === 400, `publish after the delete: ${again.status()}`)
  expect((await again.text()).includes('workflow.unknown_template'), 'refused for the missing template')
  expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
})

test('e-mail templates in both languages at 1280 and 390 px', async (t) => {
  const setup = (await t.newPage()).page
  await loginAs(setup)
  const r = await setup.request.post(`${BASE_URL}/api/v1/email-templates`, {
    data: {
      name: `报价跟进 ${stamp}`,
      subject: '关于 {{trigger.record.name}} 的报价',
      body: '{{trigger.record.name}}，您好：\n\n附上我们的报价，有效期至 {{today}} 后 30 天。\n\n{{trigger.record.owner_id}}',
    },
  })
  expect(r.status() === 201, `template: ${r.status()} ${await r.text()}`)
  const wf = await createWorkflow(setup, `报价邮件 ${stamp}`)
  const tpl = ((await r.json()) as Template).id
  const patched = await setup.request.patch(`${BASE_URL}/api/v1/workflows/${wf}`, {
    data: {
      definition: {
        trigger: { type: 'manual', object: 'person' },
        start: 'mail',
        steps: [
          { id: 'mail', type: 'send_email', templateId: tpl, to: [{ kind: 'owner' }], cc: [], next: null },
        ],
      },
    },
  })
  expect(patched.ok(), `draft: ${patched.status()}`)

  for (const width of [1280, 390]) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800 })
    await loginAs(page)
    for (const locale of ['zh-CN', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('kemai.locale', l), locale)
      const tag = `${locale}-${width}`
      await page.goto(`${BASE_URL}/settings/email-templates`)
      await page.getByTestId('email-template-row').first().waitFor()
      await expectNoPageOverflow(page)
      await snap(page, `email-templates-${tag}`)
      await row(page, `报价跟进 ${stamp}`).getByTestId('email-template-edit').click()
      await page.getByTestId('email-template-preview').waitFor()
      await page.waitForTimeout(400)
      await snap(page, `email-template-drawer-${tag}`)
      await page.getByTestId('email-template-preview').scrollIntoViewIfNeeded()
      await page.waitForTimeout(200)
      await snap(page, `email-template-preview-${tag}`)
      await page.keyboard.press('Escape')
      await page.getByTestId('email-template-form').waitFor({ state: 'detached' })

      await page.goto(`${BASE_URL}/settings/workflows/${wf}`)
      await page.getByTestId('wf-canvas').waitFor()
      await page.locator('[data-testid=wf-node][data-step="mail"]').click()
      await page.getByTestId('wf-email-template').waitFor()
      await page.waitForTimeout(400)
      await snap(page, `email-step-${tag}`)
    }
    expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
  }
})

await run()

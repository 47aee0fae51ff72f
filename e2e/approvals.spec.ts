import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { animationsDone, expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 6, approvals in the UI: a workflow asks the demo admin to approve a person's department change;
// the record page shows the request and its locked field, the admin approves there with a comment, the run
// goes on and writes the title, and the request is under the Approvals page's Submitted tab. Then the
// inbox, the detail drawer and the banner in both languages at 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/approvals'

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

async function apiJson<T>(
  page: Page,
  method: 'get' | 'post' | 'patch',
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const r = await page.request[method](`${BASE_URL}${path}`, { data, headers })
  expect(r.ok(), `${method.toUpperCase()} ${path}: ${r.status()} ${await r.text()}`)
  return (await r.json()) as T
}

interface Approval {
  id: string
  title: string
  status: string
}

/** Waits for the pending request on a record (the run starts from the outbox, a moment after the edit). */
async function pendingOn(page: Page, recordId: string): Promise<Approval> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const list = await apiJson<{ data: Approval[] }>(
      page,
      'get',
      `/api/v1/approvals?box=all&status=pending&recordId=${recordId}`,
    )
    if (list.data[0]) return list.data[0]
    await page.waitForTimeout(500)
  }
  throw new Error(`no pending approval on ${recordId} within 30 s`)
}

let workflowName = ''
let secondPerson = ''

test('a department change asks for approval; approving on the record page lets the run write the title', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const me = await apiJson<{ user: { id: string } }>(page, 'get', '/api/v1/auth/me')
  workflowName = `调岗审批 ${stamp}`
  const wf = await apiJson<{ id: string }>(page, 'post', '/api/v1/workflows', {
    name: workflowName,
    definition: {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'ask',
      steps: [
        {
          id: 'ask',
          type: 'approval',
          title: '{{trigger.record.name}} 调到 {{trigger.record.department}}',
          levels: [{ id: 'boss', mode: 'any', approvers: [{ kind: 'user', userId: me.user.id }] }],
          lock: ['title'],
          approved: 'mark',
          rejected: null,
        },
        { id: 'mark', type: 'update_record', values: { title: '已批准' }, next: null },
      ],
    },
  })
  await apiJson(page, 'post', `/api/v1/workflows/${wf.id}/publish`)
  await apiJson(page, 'post', `/api/v1/workflows/${wf.id}/enable`)

  const people = await apiJson<{ data: { id: string; name: string }[] }>(
    page,
    'get',
    '/api/v1/records/person?limit=2',
  )
  const [person, second] = people.data
  expect(person && second, 'two demo people')
  secondPerson = second.id

  // 1. change the department on the record page
  await page.goto(`${BASE_URL}/o/person/${person.id}`)
  await page.getByTestId('record-title').waitFor()
  await page.locator('[data-field=department] [data-inline-edit]').click()
  const input = page.getByTestId('inline-editor').locator('input').first()
  await input.fill(`华东大区${stamp}`)
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(person.id))
  await input.press('Enter')
  expect((await patched).status() === 200, 'the edit saved')
  const request = await pendingOn(page, person.id)
  expect(request.title === `${person.name} 调到 华东大区${stamp}`, `the title is filled in: ${request.title}`)

  // 2. the record page says so, with the locked field, and offers the decision to me
  await page.reload()
  const banner = page.getByTestId('approval-banner')
  await banner.waitFor()
  const heading = await banner.getByTestId('approval-banner-title').innerText()
  expect(heading === `审批中：${request.title}（第 1/1 级）`, `the banner heading: ${heading}`)
  const lock = await banner.getByTestId('approval-banner-lock').innerText()
  expect(lock === '审批结束前不能修改：职位', `the locked field by its label: ${lock}`)
  // the locked field refuses an edit with the server's message
  await page.locator('[data-field=title] [data-inline-edit]').click()
  const titleInput = page.getByTestId('inline-editor').locator('input').first()
  await titleInput.fill('改不了')
  const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(person.id))
  await titleInput.press('Enter')
  expect((await refused).status() === 409, 'a locked field answers 409')
  await page.getByText(`记录正在审批中（${request.title}），审批结束前不能修改`).first().waitFor()
  await page.keyboard.press('Escape')
  await snap(page, 'approvals-banner-locked-zh-CN-1280')

  await banner.getByTestId('approval-comment').fill('同意调岗')
  await banner.getByTestId('approval-approve').click()
  await page.locator('[data-testid=approval-banner][data-status=approved]').waitFor()
  // the run goes on in its job: the page watches the record for a few seconds
  await page.locator('[data-field=title]').getByText('已批准').waitFor({ timeout: 15_000 })
  await snap(page, 'approvals-banner-approved-zh-CN-1280')

  // 3. the request is under "Submitted" (I made the change), decided, with my comment in the detail
  await page.goto(`${BASE_URL}/approvals`)
  await page.getByTestId('approvals-page').waitFor()
  await page.getByTestId('approval-tab-submitted').click()
  const row = page.locator(`[data-testid=approval-row][data-id="${request.id}"]`)
  await row.waitFor()
  await row.locator('[data-testid=approval-status][data-status=approved]').waitFor()
  await row.getByText(workflowName).waitFor()
  await row.getByTestId('approval-open').click()
  const detail = page.getByTestId('approval-detail')
  await detail.waitFor()
  await detail.getByTestId('approval-task-comment').filter({ hasText: '同意调岗' }).waitFor()
  expect(page.url().includes(`id=${request.id}`), 'the drawer has its own URL')
  await animationsDone(page, '.ant-drawer')
  await snap(page, 'approvals-submitted-detail-zh-CN-1280')
  expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
})

test('inbox, detail and banner in both languages at 1280 and 390 px', async (t) => {
  // a request waiting for me: a department change through the API
  const setup = await t.newPage()
  await loginAs(setup.page)
  const rec = await apiJson<{ version: number }>(setup.page, 'get', `/api/v1/records/person/${secondPerson}`)
  await apiJson(
    setup.page,
    'patch',
    `/api/v1/records/person/${secondPerson}`,
    { department: `华南大区${stamp}` },
    { 'If-Match': String(rec.version) },
  )
  const request = await pendingOn(setup.page, secondPerson)
  await setup.context.close()

  for (const width of [1280, 390]) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800 })
    await loginAs(page)
    for (const locale of ['zh-CN', 'en'] as const) {
      await page.evaluate((l) => localStorage.setItem('kemai.locale', l), locale)
      const tag = `${locale}-${width}`
      await page.goto(`${BASE_URL}/approvals`)
      await page.locator(`[data-testid=approval-row][data-id="${request.id}"]`).waitFor()
      if (width === 1280) {
        const badge = await page.getByTestId('nav-approvals-count').innerText()
        expect(Number(badge) >= 1, `the navigation counts my inbox: ${badge}`)
      }
      await expectNoPageOverflow(page)
      await snap(page, `approvals-inbox-${tag}`)

      await page.goto(`${BASE_URL}/approvals?id=${request.id}`)
      await page.getByTestId('approval-detail').getByTestId('approval-approve').waitFor()
      await animationsDone(page, '.ant-drawer')
      await snap(page, `approvals-detail-${tag}`)

      await page.goto(`${BASE_URL}/o/person/${secondPerson}`)
      await page.getByTestId('approval-banner').getByTestId('approval-approve').waitFor()
      await expectNoPageOverflow(page)
      await snap(page, `approvals-banner-${tag}`)

      if (width === 390) {
        // the phone drawer has the Approvals entry
        await page.getByRole('button', { name: locale === 'en' ? 'Open menu' : '打开菜单' }).click()
        await page.getByTestId('nav-approvals').waitFor()
        await animationsDone(page, '.ant-drawer')
        await snap(page, `approvals-nav-${tag}`)
      }
    }
    expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
  }
})

await run()

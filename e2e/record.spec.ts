import type { Page } from 'playwright-core'
import { expectNoPageOverflow, fill, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, record page: header with key fields and actions, prev / next through the list, sections with
// inline edit, related lists (add, link existing), the timeline (note with @mention, task, filters),
// attachments (upload, refused upload, delete), delete with undo, phone tabs, both languages.

const stamp = Date.now().toString(36).slice(-5)
// a value the field cannot already hold (the spec may run again against the same server)
const employees = 1000 + (Date.now() % 8000)

interface Rec {
  id: string
  name: string
}

async function apiJson<T>(page: Page, method: 'get' | 'post', path: string, data?: unknown): Promise<T> {
  const r = await page.request[method](`${BASE_URL}${path}`, data === undefined ? undefined : { data })
  expect(r.ok(), `${method.toUpperCase()} ${path}: ${r.status()} ${await r.text()}`)
  return (await r.json()) as T
}

/**
 * Opens the second company of the list, as a user would. On a desktop the list's ids are saved for
 * prev / next, as the list does when a row is opened (RecordPage/list-context.ts); phone cards carry no
 * ids in the page, so there the record opens without a pager.
 */
async function openCompanyFromList(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/o/company`)
  const rows = page.locator('[data-testid=record-table] tbody tr td:first-child a')
  const cards = page.locator('[data-testid=record-cards] .km-card')
  await rows.or(cards).first().waitFor({ timeout: 60_000 })
  if (await cards.count()) {
    await cards.nth(1).click()
  } else {
    await page.evaluate(`(() => {
      const ids = [...document.querySelectorAll('[data-testid=record-table] tbody tr td:first-child a')]
        .map((a) => a.getAttribute('href').split('/').pop())
      sessionStorage.setItem('kemai.list:' + location.pathname + '?' + location.search.slice(1),
        JSON.stringify({ at: Date.now(), ids }))
    })()`)
    await rows.nth(1).click()
  }
  await page.getByTestId('record-title').waitFor({ timeout: 60_000 })
}

test('record page: header, prev / next, inline edit, related lists, timeline, attachments, delete', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const roles = await apiJson<{ data: { id: string; isAdmin: boolean }[] }>(page, 'get', '/api/v1/roles')
  const colleague = await apiJson<{ id: string; name: string }>(page, 'post', '/api/v1/users', {
    email: `record-${stamp}@kemai.local`,
    name: `周${stamp}`,
    password: 'colleague-pass-1',
    roleId: (roles.data.find((r) => r.isAdmin) ?? roles.data[0])?.id,
  })
  const loner = await apiJson<Rec>(page, 'post', '/api/v1/records/person', { name: `孤单${stamp}` })

  // header: title, key fields, actions, and prev / next through the list it came from
  await openCompanyFromList(page)
  const first = await page.getByTestId('record-title').innerText()
  await page.getByTestId('key-fields').getByText('负责人').waitFor()
  expect((await page.getByTestId('record-pager').innerText()).includes('2 /'), 'the pager says where we are')
  await page.getByTestId('record-next').click()
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid=record-title]')?.textContent !== before,
    first,
  )
  expect((await page.getByTestId('record-pager').innerText()).includes('3 /'), 'next moves down the list')
  await page.getByTestId('record-prev').click()
  await page.getByTestId('record-title').filter({ hasText: first }).waitFor()
  const companyId = page.url().split('/').pop() ?? ''

  // inline edit of a field: the timeline shows the change, old → new
  await page.locator('[data-field=employees] [data-inline-edit]').click()
  const input = page.getByTestId('inline-editor').locator('input').first()
  await input.fill(String(employees))
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(companyId))
  await input.press('Enter')
  expect((await patched).status() === 200, 'the inline edit saved')
  await page.getByTestId('timeline').getByText(employees.toLocaleString('en')).first().waitFor()

  // related list: add a person with the company set, then link an existing one
  const people = page.getByTestId('related-people')
  await people.getByTestId('related-count').waitFor()
  const count = async () => Number(await people.getByTestId('related-count').innerText())
  const before = await count()
  await people.getByTestId('related-add').click()
  await page.getByTestId('record-form').waitFor()
  await page.locator('.ant-drawer').getByText(first, { exact: true }).first().waitFor()
  await fill(page, '姓名', `新同事${stamp}`)
  await page.getByTestId('record-form-submit').click()
  await people.getByText(`新同事${stamp}`).waitFor()
  expect((await count()) === before + 1, 'the count follows the add')
  await people.getByTestId('related-link').click()
  const modal = page.getByTestId('related-link-modal')
  await modal.locator('.ant-select').click()
  await modal.locator('input').fill(loner.name)
  await page
    .locator('.ant-select-dropdown:visible .km-option')
    .filter({ hasText: loner.name })
    .first()
    .click()
  await page.getByTestId('related-link-ok').click()
  await people.getByText(loner.name).waitFor()
  expect((await count()) === before + 2, 'the count follows the link')
  await shot(page, 'record-zh-CN-1280')

  // timeline: a note with an @mention picked from the popup, then a task with a due time
  const box = page.getByTestId('composer-body')
  await box.click()
  await box.pressSequentially(`请@周${stamp.slice(0, 2)}`)
  await page.locator('.ant-mentions-dropdown-menu-item').filter({ hasText: colleague.name }).click()
  await box.pressSequentially('跟进**报价**')
  const added = page.waitForResponse(
    (r) => r.url().endsWith('/activities') && r.request().method() === 'POST',
  )
  await page.getByTestId('composer-submit').click()
  const note = (await (await added).json()) as { activity: { mentions?: string[] } }
  expect(note.activity.mentions?.includes(colleague.id), `the note mentions ${colleague.id}`)
  await page.getByTestId('timeline').locator('.km-mention').filter({ hasText: colleague.name }).waitFor()
  await page.getByTestId('timeline').locator('strong').filter({ hasText: '报价' }).first().waitFor()
  await page.getByTestId('composer-type').getByText('任务').click()
  await page.getByTestId('composer-subject').fill(`寄合同${stamp}`)
  await page.getByTestId('composer-when').click()
  await page
    .locator(
      '.ant-picker-dropdown:visible .ant-picker-now-btn, .ant-picker-dropdown:visible .ant-picker-ok button',
    )
    .first()
    .click()
  await page.getByTestId('composer-submit').click()
  await page.getByTestId('timeline').getByText(`寄合同${stamp}`).waitFor()
  await page.getByTestId('timeline-filter-task').click()
  await page.getByTestId('timeline').getByText(`寄合同${stamp}`).waitFor()
  await page.getByTestId('timeline').locator('.km-mention').waitFor({ state: 'detached' })
  await page.getByTestId('timeline-filter-change').click()
  await page.getByTestId('timeline').getByText(employees.toLocaleString('en')).first().waitFor()
  await page.getByTestId('timeline-filter-all').click()

  // tick the task done: struck through at once, "done at …", and still done after a reload
  const task = page.getByTestId('activity').filter({ hasText: `寄合同${stamp}` })
  const ticked = page.waitForResponse(
    (r) => /\/activities\/[0-9a-f-]{36}$/.test(r.url()) && r.request().method() === 'PATCH',
  )
  await task.getByRole('checkbox').check()
  expect((await ticked).status() === 200, 'the server took the tick')
  await task.locator('.km-task-subject-done').waitFor()
  expect(/^完成于 /.test(await task.getByTestId('task-done-at').innerText()), 'done at … is shown')
  await task.scrollIntoViewIfNeeded()
  await shot(page, 'record-task-done-zh-CN-1280')
  await page.reload()
  await task.locator('.km-task-subject-done').waitFor({ timeout: 60_000 })
  expect(await task.getByRole('checkbox').isChecked(), 'the task is still done after a reload')
  // its author edits it in place, then deletes it (confirmed)
  await task.getByTestId('activity-more').click()
  await page.locator('.ant-dropdown:visible').getByText('编辑').click()
  await page.getByTestId('composer-edit').getByTestId('composer-subject').fill(`寄合同${stamp}（已盖章）`)
  await shot(page, 'record-activity-edit-zh-CN-1280')
  await page.getByTestId('composer-edit').getByTestId('composer-submit').click()
  const edited = page.getByTestId('activity').filter({ hasText: `寄合同${stamp}（已盖章）` })
  await edited.getByText('已编辑').waitFor()
  await edited.getByTestId('activity-more').click()
  await page.locator('.ant-dropdown:visible').getByText('删除').click()
  const removed = page.waitForResponse((r) => r.request().method() === 'DELETE')
  await page.getByTestId('activity-delete-ok').click()
  expect((await removed).status() === 204, 'the task was deleted')
  await edited.waitFor({ state: 'detached' })

  // attachments: upload, a refused upload says why, delete
  await page.getByRole('tab', { name: /附件/ }).click()
  await page.getByTestId('attachments').waitFor()
  await page.getByTestId('attachments-input').setInputFiles({
    name: `报价单${stamp}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from('报价：¥12,000'),
  })
  const file = page.getByTestId('attachments-list').getByText(`报价单${stamp}.txt`)
  await file.waitFor()
  const href = await file.getAttribute('href')
  const content = await page.request.get(`${BASE_URL}${href}`)
  expect((await content.text()) === '报价：¥12,000', 'the file downloads as uploaded')
  await page.getByTestId('attachments-input').setInputFiles(
    {
      name: 'too-big.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(26 * 1024 * 1024, 1),
    },
    { timeout: 120_000 },
  )
  const refused = page.getByTestId('attachments-error')
  await refused.waitFor({ timeout: 120_000 })
  const why = await refused.innerText()
  expect(why.includes('too-big.bin') && /上限|大小限制|中断/.test(why), `a refused upload says why: ${why}`)
  await shot(page, 'record-attachments-zh-CN-1280')
  const row = page.locator('.km-file').filter({ hasText: `报价单${stamp}.txt` })
  await row.getByRole('button', { name: '删除' }).click()
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '删除' }).click()
  await row.waitFor({ state: 'detached' })

  // delete (soft, confirmed) and undo, on the person added above
  await people.getByText(`新同事${stamp}`).click()
  await page
    .getByTestId('record-title')
    .filter({ hasText: `新同事${stamp}` })
    .waitFor()
  await page.getByTestId('record-more').click()
  await page.locator('.ant-dropdown:visible').getByText('删除').click()
  const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE', { timeout: 30_000 })
  await page.getByTestId('delete-ok').click()
  expect((await deleted).status() === 200, 'the record went to the recycle bin')
  await page.getByTestId('undo-delete').click()
  await page
    .getByTestId('record-title')
    .filter({ hasText: `新同事${stamp}` })
    .waitFor()

  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('record page in English and on a phone', async (t) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const width of [1280, 390]) {
      if (locale === 'zh-CN' && width === 1280) continue
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(`localStorage.setItem('kemai.locale', 'en')`)
      await openCompanyFromList(page)
      await page.getByTestId('timeline').waitFor()
      // a task ticked off on the timeline, as this language and width show it
      const company = new URL(page.url()).pathname.split('/').pop()
      const subject = `${locale === 'en' ? 'Send the signed contract' : '寄回盖章合同'} ${width}`
      await apiJson(page, 'post', `/api/v1/records/company/${company}/activities`, {
        type: 'task',
        subject,
        body: locale === 'en' ? 'Two copies, by courier' : '一式两份，顺丰寄出',
        due_at: new Date(Date.now() + 86_400_000).toISOString(),
      })
      await page.reload()
      const task = page.getByTestId('activity').filter({ hasText: subject })
      await task.getByRole('checkbox').check({ timeout: 60_000 })
      await task.locator('.km-task-subject-done').waitFor()
      await task.scrollIntoViewIfNeeded()
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `record-task-done-${locale}-${width}`)
      await page.evaluate('window.scrollTo(0, 0)')
      if (width === 390) {
        await expectNoPageOverflow(page)
        await shot(page, `record-${locale}-390`)
        await page.getByRole('tab', { name: locale === 'en' ? /Related/ : /相关/ }).click()
        await page.getByTestId('related-people').getByTestId('related-count').waitFor()
        await page.getByTestId('related-people').scrollIntoViewIfNeeded()
        await shot(page, `record-related-${locale}-390`)
        await expectNoPageOverflow(page)
      } else {
        await page.getByTestId('related-people').getByTestId('related-count').waitFor()
        await shot(page, `record-${locale}-${width}`)
      }
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

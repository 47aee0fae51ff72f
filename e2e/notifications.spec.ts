import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, item 5: the bell's unread count follows the SSE stream when another user assigns a record to you.

const stamp = Date.now().toString(36).slice(-5)

test('the bell counts up live when another user assigns a record to me', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const me = (await (await page.request.get(`${BASE_URL}/api/v1/auth/me`)).json()) as { user: { id: string } }
  const roles = (await (await page.request.get(`${BASE_URL}/api/v1/roles`)).json()) as {
    data: { id: string; isAdmin: boolean }[]
  }
  const role = roles.data.find((r) => r.isAdmin) ?? roles.data[0]
  const email = `colleague-${stamp}@kemai.local`
  const password = 'colleague-pass-1'
  const created = await page.request.post(`${BASE_URL}/api/v1/users`, {
    data: { email, name: `同事${stamp}`, password, roleId: role?.id },
  })
  expect(created.ok(), `create user: ${created.status()} ${await created.text()}`)

  // follow a record from its page
  await page.goto(`${BASE_URL}/o/company`)
  await page.locator('[data-testid=record-table] tbody tr td:first-child a').first().click()
  const follow = page.getByTestId('follow-button')
  await follow.and(page.locator(':not([disabled])')).waitFor()
  if ((await follow.getAttribute('aria-pressed')) !== 'true') await follow.click()
  await page.getByTestId('follow-button').filter({ hasText: '已关注' }).waitFor()
  await shot(page, 'record-follow-zh-CN-1280')

  const bell = page.getByTestId('bell')
  await bell.waitFor()
  const count = async () => Number((await page.getByTestId('bell-count').innerText()).replace(/\D/g, '') || 0)
  const before = await count()

  // the colleague, in another browser context, creates a company owned by me
  const { context } = await t.newPage()
  const login = await context.request.post(`${BASE_URL}/api/v1/auth/login`, { data: { email, password } })
  expect(login.ok(), `colleague login ${login.status()}`)
  const rec = await context.request.post(`${BASE_URL}/api/v1/records/company`, {
    data: { name: `分配测试公司${stamp}`, owner_id: me.user.id },
  })
  expect(rec.ok(), `create company: ${rec.status()} ${await rec.text()}`)

  // the SSE stream brings it within about a second: the count goes up and a toast shows
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid=bell-count]')?.textContent?.replace(/\D/g, '') || 0) > n,
    before,
    { timeout: 15_000 },
  )
  await page.locator('.ant-notification-notice').first().waitFor()
  const after = await count()
  await bell.click()
  const item = page
    .getByTestId('inbox-item')
    .filter({ hasText: `分配测试公司${stamp}` })
    .first()
  await item.waitFor()
  await shot(page, 'notifications-zh-CN-1280')
  await item.click()
  await page.waitForURL(/\/o\/company\/[0-9a-f-]{36}/)
  // opening it marks it read: one fewer unread
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid=bell-count]')?.textContent?.replace(/\D/g, '') || 0) === n,
    after - 1,
  )
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

await run()

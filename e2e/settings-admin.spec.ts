import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, settings: administration. Create a user, a team with that user, give a role a record scope
// in the permission matrix, create an API key and call the API with it; then every admin section in
// both languages at 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/settings-admin'
const created: { roleId?: string; webhookId?: string } = {}

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

/** The primary button of the open modal (its OK). */
const modalOk = (page: Page) => page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary').last()

async function pickOption(page: Page, text: RegExp): Promise<void> {
  const opt = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
  await opt.waitFor()
  await opt.click()
}

test('an admin creates a user, a team, a role scope and an API key that works', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)

  // 1. a user
  const email = `wang-${stamp}@kemai.local`
  const name = `王芳${stamp}`
  await page.goto(`${BASE_URL}/settings/users`)
  await page.getByTestId('user-row').first().waitFor()
  await page.getByTestId('user-new').click()
  const userForm = page.getByTestId('user-form')
  await userForm.locator('#email').fill(email)
  await userForm.locator('#name').fill(name)
  await userForm.locator('#password').fill('spring-tea-42')
  await page.getByTestId('user-save').click()
  await page.getByTestId('user-row').filter({ hasText: name }).waitFor()
  await snap(page, 'users-created-zh-CN-1280')

  // 2. a team under the root, with the new user as a member
  const team = `华南${stamp}`
  await page.goto(`${BASE_URL}/settings/teams`)
  await page.getByTestId('team-tree').waitFor()
  await page.getByTestId('team-new').click()
  await page.getByTestId('team-form').locator('#name').fill(team)
  await modalOk(page).click()
  await page.waitForURL(/\/settings\/teams\/[0-9a-f-]{36}$/)
  await page.getByTestId('team-tree').getByText(team).waitFor()
  await page.getByTestId('member-pick').click()
  await page.getByTestId('member-pick').locator('input').fill(stamp)
  await pickOption(page, new RegExp(name))
  await page.getByTestId('member-add').click()
  await page.getByTestId('team-members').getByText(name).waitFor()
  await snap(page, 'teams-member-zh-CN-1280')

  // 3. a role whose people are readable by the whole team
  await page.goto(`${BASE_URL}/settings/roles`)
  await page.getByTestId('role-new').click()
  await page.getByTestId('role-form').locator('#name').fill(`外勤${stamp}`)
  await modalOk(page).click()
  await page.waitForURL(/\/settings\/roles\/[0-9a-f-]{36}$/)
  const roleId = /roles\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
  created.roleId = roleId
  // the router renders the new role in a transition: until then the previous role is on screen
  await page.getByTestId('role-detail').getByText(`外勤${stamp}`).first().waitFor()
  await page.getByTestId('permission-matrix').waitFor()
  await page.getByTestId('grant-person-read').check()
  await page.getByTestId('grant-person-readScope').click()
  await pickOption(page, /^本团队$/)
  await page.getByTestId('matrix-save').click()
  await page.getByTestId('matrix-save').and(page.locator('[disabled]')).waitFor()
  const role = (await (await page.request.get(`${BASE_URL}/api/v1/roles/${roleId}`)).json()) as {
    grants: { object: string; read: boolean; readScope: string }[]
  }
  const person = role.grants.find((g) => g.object === 'person')
  expect(person?.read === true && person.readScope === 'team', `person grant: ${JSON.stringify(role.grants)}`)
  await snap(page, 'roles-matrix-zh-CN-1280')

  // 4. an API key (read-only, every object), shown once, that the API accepts
  await page.goto(`${BASE_URL}/settings/api-keys`)
  await page.getByTestId('api-key-new').click()
  await page.getByTestId('api-key-form').locator('#name').fill(`e2e-${stamp}`)
  await modalOk(page).click()
  const key = ((await page.getByTestId('secret-value').textContent()) ?? '').trim()
  expect(/^kemai_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}$/.test(key), `a key, got "${key}"`)
  await snap(page, 'api-key-once-zh-CN-1280')
  await page.getByTestId('api-key-done').click()
  await page
    .getByTestId('api-key-row')
    .filter({ hasText: `e2e-${stamp}` })
    .waitFor()
  expect(!(await page.content()).includes(key), 'the key is gone from the page once closed')

  const auth = { Authorization: `Bearer ${key}` }
  const list = await fetch(`${BASE_URL}/api/v1/records/person?limit=1`, { headers: auth })
  expect(list.status === 200, `GET with the key: ${list.status}`)
  const body = (await list.json()) as { data: unknown[] }
  expect(Array.isArray(body.data) && body.data.length === 1, 'the key reads people')
  const write = await fetch(`${BASE_URL}/api/v1/records/person`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '只读密钥' }),
  })
  expect(write.status === 403, `a read-only key cannot create: ${write.status}`)

  // a webhook whose deliveries fail (its address is refused), for the delivery log
  const hook = await page.request.post(`${BASE_URL}/api/v1/webhooks`, {
    data: {
      url: 'http://127.0.0.1:9/kemai',
      eventTypes: ['record.*'],
      objectNames: ['company'],
      description: 'ERP',
    },
  })
  expect(hook.ok(), `create webhook ${hook.status()}`)
  created.webhookId = ((await hook.json()) as { id: string }).id
  await page.request.post(`${BASE_URL}/api/v1/records/company`, { data: { name: `投递测试${stamp}` } })
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('every admin section in Chinese and English, at 1280 and 390 px', async (t) => {
  const sections = [
    ['users', 'user-row', 'users'],
    ['teams', 'team-tree', 'teams'],
    [`roles/${created.roleId ?? ''}`, 'permission-matrix', 'roles'],
    ['api-keys', 'api-key-row', 'api-keys'],
    ['webhooks', 'webhook-row', 'webhooks'],
    [`webhooks/${created.webhookId ?? ''}`, 'webhook-deliveries', 'webhook-log'],
    ['audit', 'audit-row', 'audit'],
  ] as const
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [1280, 390]) {
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(`localStorage.setItem('kemai.locale', 'en')`)
      for (const [path, ready, name] of sections) {
        await page.goto(`${BASE_URL}/settings/${path}`)
        await page.getByTestId(ready).first().waitFor()
        if (path.startsWith('webhooks/')) {
          // the event's delivery shows up once the outbox has dispatched it
          for (let i = 0; i < 20 && (await page.getByTestId('delivery-row').count()) === 0; i++) {
            await page.waitForTimeout(500)
            await page.getByRole('button', { name: locale === 'en' ? 'Refresh' : '刷新' }).click()
          }
          await page.getByTestId('delivery-row').first().waitFor()
          await page.locator('.ant-table-row-expand-icon').first().click()
        }
        if (path.startsWith('roles/') && width === 390)
          await page.locator('.km-admin-matrix-accordion .ant-collapse-header').nth(1).click()
        await page.waitForTimeout(300)
        if (width === 390) await expectNoPageOverflow(page)
        await snap(page, `settings-${name}-${locale}-${width}`)
      }
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

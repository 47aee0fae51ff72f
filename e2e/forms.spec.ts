import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs, switchLanguage, titles, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 6, web forms: Settings → Forms creates a form of people (a field added, texts in both languages,
// the live preview), the share tab gives its public link; a fresh browser without a login opens it, is
// stopped by the checks, submits, sees the success message; the person is in the list, and the form's
// submissions link to it. Each view in both languages at 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/forms'

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

async function pickOption(page: Page, text: string) {
  const opt = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
  await opt.waitFor()
  await opt.click()
}

let publicLink = ''
const formName = `官网预约 ${stamp}`
const visitor = `访客${stamp}`

test('an admin creates a form in settings and gets its public link', async ({ newPage }) => {
  const { page } = await newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/settings/forms`)
  await page.getByTestId('settings-forms').waitFor()
  await page.getByTestId('form-new').click()
  await page.getByTestId('form-editor').waitFor()
  await page.getByTestId('form-object').click()
  await pickOption(page, '联系人')
  await page.locator('[data-testid=form-field][data-field=email]').waitFor()
  await page.getByTestId('form-name').fill(formName)
  await page.getByTestId('form-title-zh-CN').fill('预约产品演示')
  await page.getByTestId('form-title-en').fill('Book a product demo')
  await page.getByTestId('form-description-zh-CN').fill('留下联系方式，我们会在一个工作日内联系您。')
  await page
    .getByTestId('form-description-en')
    .fill('Leave your details and we will call you within a working day.')
  await page.getByTestId('form-add-field').click()
  await pickOption(page, '职位')
  await page.locator('[data-testid=form-field][data-field=title]').waitFor()
  const preview = page.getByTestId('form-preview')
  await preview.getByText('预约产品演示').waitFor()
  await preview.getByLabel('职位').waitFor()
  await expectNoPageOverflow(page)
  await page.getByTestId('form-editor').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await snap(page, 'forms-editor-1280-zh')
  await page.getByTestId('form-fields').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await snap(page, 'forms-editor-fields-1280-zh')
  await preview.getByTestId('public-form-submit').click()
  await preview.locator('.ant-form-item-explain-error').first().waitFor()
  await page.getByTestId('form-save').click()
  await page.getByTestId('form-share').waitFor()
  publicLink = await page.getByTestId('form-public-url').inputValue()
  expect(/\/f\/[A-Za-z0-9_-]{24}$/.test(publicLink), `public link: ${publicLink}`)
  expect((await page.getByTestId('form-embed').innerText()).includes('<iframe'), 'embed snippet')
  await snap(page, 'forms-share-1280-zh')
  await page.goto(`${BASE_URL}/settings/forms`)
  await page.locator(`[data-testid=form-row][data-name="${formName}"]`).waitFor()
  await snap(page, 'forms-list-1280-zh')
  await switchLanguage(page, 'English')
  await page.getByText('Web forms').first().waitFor()
  await snap(page, 'forms-list-1280-en')
  await page.locator(`[data-testid=form-row][data-name="${formName}"] a`).click()
  await page
    .getByTestId('form-preview')
    .getByText('Book a product demo')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  await page.getByTestId('form-preview-language').getByText('English').click()
  await page.getByTestId('form-preview').getByText('Book a product demo').waitFor()
  await snap(page, 'forms-editor-1280-en')
  // the language is stored on the account: back to Chinese for the next sign-ins
  await switchLanguage(page, '简体中文')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('\n')}`)
})

test('a visitor without a login submits the form; the person is in the list', async ({ newPage }) => {
  expect(publicLink !== '', 'the first test made a form')
  const { page } = await newPage({ locale: 'zh-CN' })
  await page.goto(publicLink)
  await page.getByTestId('public-form').waitFor()
  await page.getByText('预约产品演示').waitFor()
  await snap(page, 'forms-public-1280-zh')
  // the checks before sending, in the page's language
  await page.getByTestId('public-form-submit').click()
  await page.locator('.ant-form-item-explain-error').filter({ hasText: '必填' }).first().waitFor()
  await page.getByLabel('姓名').fill(visitor)
  await page.getByLabel('邮箱').fill('not-an-email')
  await page.getByTestId('public-form-submit').click()
  await page.getByText('邮箱格式不正确').waitFor()
  await snap(page, 'forms-public-errors-1280-zh')
  await page.getByLabel('邮箱').fill(`visitor-${stamp}@example.com`)
  await page.getByLabel('手机').fill('13812345678')
  await page.getByLabel('职位').fill('采购经理')
  await page.getByTestId('public-form-submit').click()
  await page.getByTestId('public-form-done').waitFor()
  await page.getByText('提交成功，感谢您的信息！').waitFor()
  await snap(page, 'forms-public-done-1280-zh')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('\n')}`)

  // the admin finds the person in the list and in the form's submissions
  const admin = (await newPage()).page
  await loginAs(admin)
  const filter = JSON.stringify({ field: 'name', op: 'eq', value: visitor })
  await admin.goto(`${BASE_URL}/o/person?filter=${encodeURIComponent(filter)}`)
  await waitForRows(admin)
  expect(
    (await titles(admin)).some((t) => t.includes(visitor)),
    `the list shows ${visitor}`,
  )
  await admin.goto(`${BASE_URL}/settings/forms`)
  await admin
    .locator('tr')
    .filter({ has: admin.locator(`[data-testid=form-row][data-name="${formName}"]`) })
    .getByTestId('form-count')
    .click()
  await admin.getByTestId('form-submission-list').getByText(visitor).click()
  await admin.waitForURL(/\/o\/person\/[0-9a-f-]{36}$/)
  await admin.getByText('采购经理').first().waitFor()
})

test('the public form in English and on a phone, and an unknown link', async ({ newPage }) => {
  const en = (await newPage({ locale: 'en-US' })).page
  await en.goto(publicLink)
  await en.getByText('Book a product demo').waitFor()
  await snap(en, 'forms-public-1280-en')
  for (const locale of ['zh-CN', 'en-US']) {
    const { page } = await newPage({ width: 390, height: 844, locale })
    await page.goto(publicLink)
    await page.getByTestId('public-form').waitFor()
    await expectNoPageOverflow(page)
    await snap(page, `forms-public-390-${locale === 'en-US' ? 'en' : 'zh'}`)
    // switching the language on the page
    await page
      .getByTestId('public-form-language')
      .getByText(locale === 'en-US' ? '中文' : 'English')
      .click()
    await page.getByText(locale === 'en-US' ? '预约产品演示' : 'Book a product demo').waitFor()
  }
  const missing = (await newPage()).page
  await missing.goto(`${BASE_URL}/f/AAAAAAAAAAAAAAAAAAAAAAAA`)
  await missing.getByTestId('public-form-missing').waitFor()
  await missing.getByText('表单不可用').waitFor()
})

test('forms settings on a phone, in both languages', async ({ newPage }) => {
  const { page } = await newPage({ width: 390, height: 844 })
  await loginAs(page)
  await page.goto(`${BASE_URL}/settings/forms`)
  await page.locator(`[data-testid=form-row][data-name="${formName}"]`).waitFor()
  await expectNoPageOverflow(page)
  await snap(page, 'forms-list-390-zh')
  await page.locator(`[data-testid=form-row][data-name="${formName}"] a`).click()
  await page.getByTestId('form-editor').waitFor()
  await expectNoPageOverflow(page)
  await snap(page, 'forms-editor-390-zh')
  await page.getByTestId('form-fields').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await snap(page, 'forms-editor-fields-390-zh')
  // the phone layout's language switch sits in the menu drawer
  await page.locator('.km-header-mobile button').first().click()
  await switchLanguage(page, 'English')
  await page.locator('.km-nav-drawer .ant-drawer-close').click()
  await page.locator('.km-nav-drawer').waitFor({ state: 'hidden' })
  await page.getByText('Fields', { exact: true }).first().waitFor()
  await snap(page, 'forms-editor-390-en')
  await page.goto(`${BASE_URL}/settings/forms`)
  await page.locator(`[data-testid=form-row][data-name="${formName}"]`).waitFor()
  await expectNoPageOverflow(page)
  await snap(page, 'forms-list-390-en')
  await page.locator('.km-header-mobile button').first().click()
  await switchLanguage(page, '简体中文')
})

await run()

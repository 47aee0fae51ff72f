import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, fill, loginAs, switchLanguage, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5, warn on create: the create form shows the records a new contact may duplicate, opens one,
// or creates anyway. The demo has 张伟 at Alibaba with zhangwei@alibabagroup.com.

const OWN_SHOTS = '/tmp/kemai/shots/duplicates'

async function keep(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(OWN_SHOTS, { recursive: true })
  copyFileSync(path, join(OWN_SHOTS, `${name}.png`))
}

async function openCreateForm(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/o/person`)
  await waitForRows(page)
  await page.getByTestId('new-record').first().click()
  await page.getByTestId('record-form').waitFor()
}

for (const [width, locale] of [
  [1280, 'zh-CN'],
  [390, 'zh-CN'],
  // the phone layout's language switch sits in the menu drawer: English is checked at desktop width
  [1280, 'en'],
] as const) {
  test(`duplicate candidates on create (${locale}, ${width} px)`, async (t) => {
    const { page } = await t.newPage({ width, height: width > 500 ? 900 : 844 })
    await loginAs(page)
    if (locale === 'en') await switchLanguage(page, 'English')
    await openCreateForm(page)
    await fill(page, locale === 'en' ? 'Name' : '姓名', 'Zhang Wei')
    await fill(page, locale === 'en' ? 'Email' : '邮箱', 'ZhangWei@AlibabaGroup.com')
    await page.getByTestId('record-form-submit').click()
    const box = page.getByTestId('duplicate-candidates')
    await box.waitFor()
    const text = await box.innerText()
    expect(text.includes('张伟'), `candidates: ${text}`)
    expect(
      locale === 'en' ? text.includes('Same email') : text.includes('邮箱相同'),
      `reasons in ${locale}: ${text}`,
    )
    await box.scrollIntoViewIfNeeded()
    await keep(page, `duplicates-form-${locale}-${width}`)
    if (width < 500) await expectNoPageOverflow(page)

    if (width === 1280 && locale === 'zh-CN') {
      // open the existing record
      await box.getByTestId('duplicate-candidate').first().getByRole('link').first().click()
      await page.waitForURL(/\/o\/person\/[0-9a-f-]{36}$/)
      await page.getByText('张伟').first().waitFor()
    }
    if (width === 1280 && locale === 'en') {
      // create anyway: the new record is written
      await box.getByTestId('duplicate-create-anyway').click()
      await box.waitFor({ state: 'detached' })
      await page.getByTestId('record-form').waitFor({ state: 'detached' })
    }
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('\n')}`)
  })
}

await run()

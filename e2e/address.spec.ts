import type { Page } from 'playwright-core'
import { expectNoPageOverflow, fill, loginAs, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// The address input: a province / city / district cascader (by clicks, or by a search) and the street
// line in the create form, shown on the record page as "浙江省 杭州市 西湖区 文三路 90 号"; a pasted full
// address offers "Detect region" in the inline editor. Both languages, 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const WANT = '浙江省 杭州市 西湖区 文三路 90 号'

/** The create form of a company, from the list's "New" button, with its name filled. */
async function newCompany(page: Page, name: string, nameLabel: string): Promise<void> {
  await page.goto(`${BASE_URL}/o/company`)
  await waitForRows(page)
  await page.getByTestId('new-record').click()
  await page.getByTestId('record-form').waitFor()
  await fill(page, nameLabel, name)
}

/** The address Form.Item of the open form. */
const addressItem = (page: Page, label: string) =>
  page
    .getByTestId('record-form')
    .locator('.ant-form-item')
    .filter({ has: page.locator(`label[title="${label}"]`) })

const menuItem = (page: Page, title: string) =>
  page.locator(`.ant-cascader-dropdown:visible .ant-cascader-menu-item[title="${title}"]`)

/** Saves the form and waits for the new record's page; answers the POST's address. */
async function save(page: Page): Promise<unknown> {
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/api\/v1\/records\/company$/.test(r.url()),
  )
  await page.getByTestId('record-form-submit').click()
  const res = await created
  expect(res.status() === 201, `create answered ${res.status()}: ${await res.text()}`)
  await page.getByTestId('record-title').waitFor()
  return ((await res.json()) as { address?: unknown }).address
}

const sameAddress = (a: unknown, street: string) => {
  const v = a as Record<string, string> | undefined
  return (
    v?.province === '330000' &&
    v.city === '330100' &&
    v.district === '330106' &&
    v.country === 'CN' &&
    v.text === street
  )
}

test('pick 浙江省 / 杭州市 / 西湖区 and a street, see it on the record; detect the region of a pasted address', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await newCompany(page, `地址测试${stamp}`, '公司名称')
  const item = addressItem(page, '地址')
  await item.locator('.ant-cascader').click()
  await menuItem(page, '浙江省').click()
  await menuItem(page, '杭州市').click()
  await menuItem(page, '西湖区').waitFor()
  await shot(page, 'address-form-zh-CN-1280')
  await menuItem(page, '西湖区').click()
  await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden' })
  expect(
    (await item.locator('.ant-cascader').innerText()).includes('浙江省 / 杭州市 / 西湖区'),
    'the cascader shows the path',
  )
  await item.getByRole('textbox', { name: '详细地址' }).fill('文三路 90 号')
  const sent = await save(page)
  expect(sameAddress(sent, '文三路 90 号'), `the API stored ${JSON.stringify(sent)}`)
  const shown = page.locator('[data-field=address]')
  await shown.getByText(WANT).waitFor()
  await shot(page, 'address-record-zh-CN-1280')

  // inline edit: a pasted full address, no division chosen → "识别省市区" offers them, the click fills them
  const rec = (await (
    await page.request.post(`${BASE_URL}/api/v1/records/company`, {
      data: { name: `识别测试${stamp}` },
    })
  ).json()) as { id: string }
  await page.goto(`${BASE_URL}/o/company/${rec.id}`)
  await page.locator('[data-field=address] [data-inline-edit]').click()
  const editor = page.getByTestId('inline-editor')
  await editor.getByRole('textbox', { name: '详细地址' }).fill('北京市朝阳区 建国路 88 号')
  const detect = editor.getByTestId('address-detect')
  expect((await detect.innerText()).includes('北京市 / 朝阳区'), 'the detected region is named first')
  await shot(page, 'address-detect-zh-CN-1280')
  await detect.click()
  expect(
    (await editor.getByRole('textbox', { name: '详细地址' }).inputValue()) === '建国路 88 号',
    'the street keeps what follows the region',
  )
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(rec.id))
  await editor.getByRole('textbox', { name: '详细地址' }).press('Enter')
  const body = (await patched).request().postDataJSON() as { address: Record<string, string> }
  expect(
    body.address.province === '110000' &&
      body.address.city === '110100' &&
      body.address.district === '110105' &&
      body.address.text === '建国路 88 号',
    `PATCH sent ${JSON.stringify(body)}`,
  )
  await page.locator('[data-field=address]').getByText('北京市 朝阳区 建国路 88 号').waitFor()
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('address input by search, in English and on a phone', async (t) => {
  for (const [locale, width] of [
    ['en', 1280],
    ['en', 390],
    ['zh-CN', 390],
  ] as const) {
    const en = locale === 'en'
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    if (en) await page.evaluate(`localStorage.setItem('kemai.locale', 'en')`)
    await newCompany(page, `Address ${locale} ${width} ${stamp}`, en ? 'Name' : '公司名称')
    const item = addressItem(page, en ? 'Address' : '地址')
    await item.scrollIntoViewIfNeeded()
    await item.locator('.ant-cascader').click()
    await item.locator('.ant-cascader input').fill('杭州 西湖')
    const hit = page
      .locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item')
      .filter({ hasText: '浙江省 / 杭州市 / 西湖区' })
    await hit.waitFor()
    if (width === 390) {
      // the cascader and its popup fit the phone
      const field = await item.locator('.ant-cascader').boundingBox()
      const popup = await page.locator('.ant-cascader-dropdown:visible').boundingBox()
      expect(field && field.x >= 0 && field.x + field.width <= 390, `cascader at ${JSON.stringify(field)}`)
      expect(popup && popup.x >= 0 && popup.x + popup.width <= 390, `popup at ${JSON.stringify(popup)}`)
    }
    await shot(page, `address-search-${locale}-${width}`)
    await hit.click()
    await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden' })
    await item.getByRole('textbox', { name: en ? 'Street address' : '详细地址' }).fill('文三路 90 号')
    if (width === 390) {
      // the click-through menus on a phone: three columns within the screen
      await item.locator('.ant-cascader').click()
      await page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu').nth(2).waitFor()
      const popup = await page.locator('.ant-cascader-dropdown:visible').boundingBox()
      expect(popup && popup.x >= 0 && popup.x + popup.width <= 390, `menus at ${JSON.stringify(popup)}`)
      await shot(page, `address-form-${locale}-390`)
      // (not Escape: the drawer would close too)
      await page.locator('.ant-drawer-title').click()
      await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden' })
    } else await shot(page, `address-form-${locale}-${width}`)
    const sent = await save(page)
    expect(sameAddress(sent, '文三路 90 号'), `the API stored ${JSON.stringify(sent)}`)
    // division names are Chinese in both languages, as they are written
    await page.locator('[data-field=address]').getByText(WANT).waitFor()
    await page.locator('[data-field=address]').scrollIntoViewIfNeeded()
    await shot(page, `address-record-${locale}-${width}`)
    if (width === 390) await expectNoPageOverflow(page)
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

import type { Locator, Page } from 'playwright-core'
import { animationsDone, expectNoPageOverflow, loginAs, modalsClosed, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, Settings: the no-code objects and fields editor and the page layout editor. A custom object
// made through the UI gets fields, a layout, and then a record in its own list page — proof that
// everything after it is metadata-driven.

const stamp = Date.now().toString(36)
const OBJECT = `device_${stamp}`
const ZH = `设备${stamp}`

async function fillIn(scope: Locator, label: string, value: string): Promise<void> {
  await scope
    .locator('.ant-form-item')
    .filter({ has: scope.page().locator(`label[title="${label}"]`) })
    .locator('input, textarea')
    .first()
    .fill(value)
}

async function pickIn(scope: Locator, label: string, option: string, search?: string): Promise<void> {
  const page = scope.page()
  const item = scope.locator('.ant-form-item').filter({ has: page.locator(`label[title="${label}"]`) })
  await item.locator('.ant-select').first().click()
  if (search) await item.locator('.ant-select input').first().fill(search)
  const opt = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
  await opt.waitFor()
  await opt.click()
}

async function addField(
  page: Page,
  type: string,
  zh: string,
  en: string,
  more?: (editor: Locator) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: '添加字段' }).click()
  const editor = page.getByTestId('field-editor')
  await editor.getByRole('combobox', { name: '字段类型' }).waitFor()
  await pickIn(editor, '字段类型', type, type)
  await fillIn(editor, '中文名称', zh)
  await fillIn(editor, '英文名称', en)
  await more?.(editor)
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes(`/api/v1/metadata/objects/${OBJECT}/fields`),
  )
  await editor.getByRole('button', { name: /创\s*建/ }).click()
  const res = await saved
  expect(res.status() === 201, `field ${en}: ${res.status()} ${await res.text()}`)
  await editor.waitFor({ state: 'hidden' })
}

test('creates a custom object with fields and a layout in settings, then a record in its list', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/settings/objects`)
  await page.getByTestId('settings-objects').waitFor()
  await page.getByTestId('object-row-company').waitFor()

  // 1. the object: its name comes from the English label
  await page.getByRole('button', { name: '新建对象' }).first().click()
  const form = page.getByTestId('object-form')
  await form.waitFor()
  await fillIn(form, '中文名称', ZH)
  await fillIn(form, '英文名称', `Device ${stamp}`)
  await fillIn(form, '英文复数名称', `Devices ${stamp}`)
  expect(
    (await form.locator('input.km-mono').inputValue()) === OBJECT,
    'API name made from the English label',
  )
  await form
    .locator('label.ant-radio-button-wrapper')
    .filter({ has: page.locator('input[value=tool]') })
    .click()
  await shot(page, 'settings-objects-create-zh-CN-1280')
  await page.getByRole('button', { name: /创\s*建/ }).click()
  const row = page.getByTestId(`object-row-${OBJECT}`)
  await row.waitFor()
  // the navigation shows it at once (the app's metadata reloaded)
  await page.locator('.km-nav').getByText(ZH).waitFor()

  // 2. fields: a select with options, a number, a date
  await row.getByRole('link', { name: ZH }).click()
  await page.waitForURL(new RegExp(`/settings/objects/${OBJECT}$`))
  await page.getByTestId('field-row-name').waitFor()
  await addField(page, '单选', '状态', 'Status', async (editor) => {
    await editor.getByLabel('中文名称 1', { exact: true }).fill('在用')
    await editor.getByLabel('英文名称 1', { exact: true }).fill('In use')
    await editor.getByLabel('中文名称 2', { exact: true }).fill('维修中')
    await editor.getByLabel('英文名称 2', { exact: true }).fill('In repair')
    await editor.getByLabel('值 2', { exact: true }).fill('repair')
    await editor.getByLabel('颜色 2', { exact: true }).click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '橙色' })
      .click()
    expect(
      (await editor.getByLabel('值 1', { exact: true }).inputValue()) === 'in_use',
      'a value from the English name',
    )
    await shot(page, 'settings-field-select-zh-CN-1280')
  })
  await addField(page, '数字', '重量', 'Weight', async (editor) => {
    await fillIn(editor, '最小值', '0')
    await fillIn(editor, '小数位数', '1')
  })
  await addField(page, '日期', '购买日期', 'Bought on')
  for (const f of ['status', 'weight', 'bought_on']) await page.getByTestId(`field-row-${f}`).waitFor()
  await shot(page, 'settings-fields-zh-CN-1280')

  // reorder by dragging the handle: weight above status (one PATCH with the whole order)
  const handle = page.getByTestId('field-row-weight').locator('.km-drag-handle')
  const target = await page.getByTestId('field-row-status').boundingBox()
  const from = await handle.boundingBox()
  expect(from && target, 'boxes')
  const ordered = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/metadata/objects/${OBJECT}`),
  )
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 4 })
  await page.mouse.move(from.x + from.width / 2, target.y + 4, { steps: 10 })
  await page.mouse.up()
  const reorder = await ordered
  expect(reorder.status() === 200, `reorder: ${reorder.status()}`)
  expect(
    JSON.stringify(reorder.request().postDataJSON()) ===
      JSON.stringify({ fieldOrder: ['name', 'weight', 'status', 'bought_on'] }),
    `order sent: ${reorder.request().postData()}`,
  )

  // 3. layout: a second section, the date dragged into it, saved
  await page.getByRole('tab', { name: '页面布局' }).click()
  await page.waitForURL(new RegExp(`/settings/objects/${OBJECT}/layout$`))
  await page.getByTestId('layout-section-main').waitFor()
  await page.getByRole('button', { name: '添加分组' }).click()
  const sectionForm = page.getByTestId('section-label-form')
  await sectionForm.waitFor()
  await fillIn(sectionForm, '中文名称', '采购')
  await fillIn(sectionForm, '英文名称', 'Purchase')
  await page
    .locator('.ant-modal:visible')
    .getByRole('button', { name: /保\s*存/ })
    .click()
  const purchase = page.getByTestId('layout-section-section_2')
  await purchase.waitFor()
  await modalsClosed(page)
  const chip = page.getByTestId('layout-field-bought_on').locator('.km-drag-handle')
  const c = await chip.boundingBox()
  const drop = await purchase.locator('.km-layout-drop').boundingBox()
  expect(c && drop, 'layout boxes')
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2)
  await page.mouse.down()
  await page.mouse.move(c.x + 20, c.y + 20, { steps: 4 })
  await page.mouse.move(drop.x + 40, drop.y + drop.height / 2, { steps: 12 })
  await page.mouse.up()
  await purchase.getByTestId('layout-field-bought_on').waitFor()
  await shot(page, 'settings-layout-zh-CN-1280')
  const layoutSaved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/metadata/objects/${OBJECT}`),
  )
  await page
    .getByTestId('layout-editor')
    .getByRole('button', { name: /保\s*存/ })
    .click()
  const lr = await layoutSaved
  expect(lr.status() === 200, `layout: ${lr.status()} ${await lr.text()}`)
  const sections = (
    lr.request().postDataJSON() as { layout: { sections: { key: string; fields: string[] }[] } }
  ).layout.sections
  expect(
    JSON.stringify(sections.map((s) => [s.key, s.fields])) ===
      JSON.stringify([
        ['main', ['name', 'weight', 'status']],
        ['section_2', ['bought_on']],
      ]),
    `layout sent: ${JSON.stringify(sections)}`,
  )
  await page.getByText('预览').click()
  await page.getByTestId('layout-preview').waitFor()
  await shot(page, 'settings-layout-preview-zh-CN-1280')

  // 4. the object's own list: a record through the form built from the new metadata
  await page.locator('.km-nav').getByText(ZH).click()
  await page.waitForURL(new RegExp(`/o/${OBJECT}`))
  await page.getByTestId('new-record').click()
  const recordForm = page.getByTestId('record-form')
  await recordForm.waitFor()
  await fillIn(recordForm, '名称', '测温枪 A-01')
  await pickIn(recordForm, '状态', '在用')
  await recordForm
    .locator('.ant-form-item')
    .filter({ has: page.locator('label[title="重量"]') })
    .locator('.ant-input-number input')
    .fill('1.5')
  await shot(page, 'settings-object-record-form-zh-CN-1280')
  await page.getByTestId('record-form-submit').click()
  await page.waitForURL(new RegExp(`/o/${OBJECT}/[0-9a-f-]{36}$`))
  await page.getByTestId('record-title').waitFor()
  expect(
    (await page.getByTestId('record-title').innerText()) === '测温枪 A-01',
    'record page of the new object',
  )
  await page.goto(`${BASE_URL}/o/${OBJECT}`)
  await waitForRows(page)
  const list = await page.getByTestId('record-table').innerText()
  expect(
    list.includes('测温枪 A-01') && list.includes('在用'),
    `the list shows the record: ${list.slice(0, 200)}`,
  )
  await shot(page, 'settings-object-list-zh-CN-1280')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('objects settings in English and on a phone', async (t) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const width of [1280, 390]) {
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
      await page.goto(`${BASE_URL}/settings/objects`)
      await page.getByTestId('object-row-company').waitFor()
      await page
        .getByTestId('object-row-company')
        .getByText(/\d+ (records|条记录)/)
        .waitFor()
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `settings-objects-${locale}-${width}`)
      await page.goto(`${BASE_URL}/settings/objects/company`)
      await page.getByTestId('field-row-industry').waitFor()
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `settings-company-fields-${locale}-${width}`)
      await page
        .getByTestId('field-row-industry')
        .getByRole('button', { name: /^(Edit|编辑)$/ })
        .click()
      await page.getByTestId('choices-editor').waitFor()
      await animationsDone(page, '.ant-drawer')
      await shot(page, `settings-field-editor-${locale}-${width}`)
      await page.goto(`${BASE_URL}/settings/objects/company/layout`)
      await page.locator('.km-layout-section').first().waitFor()
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `settings-company-layout-${locale}-${width}`)
      expect(
        pageErrors(page).length === 0,
        `page errors (${locale} ${width}): ${pageErrors(page).join('; ')}`,
      )
    }
  }
})

await run()

import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs, settled, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, list view: inline edit in cells, columns (picker, widths in the URL), selection with bulk
// actions through the batch API, export, group-by headers and the totals row.

const table = (page: Page) => page.getByTestId('record-table')

async function chooseOption(page: Page, label: string, option: RegExp) {
  await page.getByRole('combobox', { name: label }).last().click()
  const opt = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
  await opt.waitFor()
  await opt.click()
}

test('edit a cell in place, pick and resize columns, group with totals', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/o/company`)
  await waitForRows(page)

  // the totals row sums the number and money columns of the whole list
  const totals = page.getByTestId('totals-row')
  await totals.waitFor()
  const totalsText = await totals.innerText()
  expect(totalsText.includes('合计'), `totals row: ${totalsText}`)
  console.log(`    totals: ${totalsText.replace(/\s+/g, ' ')}`)

  // inline edit: Enter on the employees cell of the first row, type, Enter → PATCH with If-Match
  const row = table(page).locator('tbody tr').first()
  const cell = row.getByRole('button', { name: '编辑员工人数' })
  await cell.focus()
  await page.keyboard.press('Enter')
  const input = row.getByLabel('员工人数')
  await input.waitFor()
  await input.fill('4321')
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes('/records/company/'),
  )
  await page.keyboard.press('Enter')
  const res = await saved
  expect(res.status() === 200, `PATCH answered ${res.status()}`)
  expect(/^\d+$/.test(res.request().headers()['if-match'] ?? ''), 'the PATCH sends If-Match: version')
  await row.getByText('4,321').waitFor()
  // a value the API's rules refuse stays in the editor, with the API's words
  const site = row.getByRole('button', { name: '编辑网站' })
  await site.focus()
  await page.keyboard.press('Enter')
  await row.getByLabel('网站').fill('javascript:alert(1)')
  await page.keyboard.press('Enter')
  await row.getByText('网址格式不正确').waitFor()
  await shot(page, 'list-inline-error-zh-CN-1280')
  await page.keyboard.press('Escape')
  await row.getByTestId('inline-editor').waitFor({ state: 'detached' })

  // columns: hide the website column, drag the industry column wider; both survive a reload
  await page.getByTestId('columns-button').click()
  const picker = page.getByTestId('column-picker')
  // the URL changes in a transition: click, then wait for the column to go
  await picker.getByRole('checkbox', { name: '网站' }).click()
  await table(page).getByRole('columnheader', { name: '网站' }).waitFor({ state: 'detached' })
  await shot(page, 'list-columns-zh-CN-1280')
  await page.getByTestId('columns-button').click()
  await picker.waitFor({ state: 'hidden' })
  const handle = table(page).getByTestId('resize-industry')
  const box = await handle.boundingBox()
  expect(box, 'resize handle box')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 6 })
  await page.mouse.up()
  await page.waitForFunction(() =>
    /industry:\d+/.test(new URLSearchParams(location.search).get('cols') ?? ''),
  )
  const cols = new URL(page.url()).searchParams.get('cols') ?? ''
  expect(!cols.split(',').includes('website') && /industry:\d+/.test(cols), `cols in the URL: ${cols}`)
  await page.reload()
  await waitForRows(page)
  const width = await table(page)
    .getByRole('columnheader', { name: '行业' })
    .evaluate((el) => el.style.width)
  expect(width === `${/industry:(\d+)/.exec(cols)?.[1]}px`, `industry width after reload: ${width}`)
  expect(
    (await table(page).getByRole('columnheader', { name: '网站' }).count()) === 0,
    'website stays hidden',
  )

  // group by industry: headers with counts from the server, one folds away
  await settled(page, () => chooseOption(page, '分组', /行业/))
  const groups = table(page).getByTestId('group-row')
  await groups.first().waitFor()
  const first = await groups.first().innerText()
  expect(/\d/.test(first), `group header with a count: ${first}`)
  await shot(page, 'list-grouped-zh-CN-1280')
  // folding: the toggle says so, and the next group's header follows the first one directly (the virtual
  // list keeps about as many rows in the DOM, so their number says nothing)
  const toggle = groups.first().getByRole('button').first()
  await toggle.click()
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('[data-testid=record-table] tbody tr')
    return (
      rows[0]?.querySelector('[aria-expanded=false]') && rows[1]?.getAttribute('data-testid') === 'group-row'
    )
  })
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('select rows: assign an owner, delete with undo, export the selection', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/o/person?sort=-created_at`)
  await waitForRows(page)
  const rows = table(page).locator('tbody tr')
  const href = (await rows.nth(0).locator('.km-title-link').getAttribute('href')) ?? ''
  const link = table(page).locator(`a[href="${href}"]`)
  await rows.nth(0).getByRole('checkbox').click()
  await rows.nth(1).getByRole('checkbox').click()
  expect((await page.getByTestId('bulk-count').innerText()) === '已选 2 条', 'two selected')
  await shot(page, 'list-selected-zh-CN-1280')

  // owner through the batch API (partial mode)
  await page.getByTestId('bulk-owner-button').click()
  await chooseOption(page, '负责人', /./)
  const batch = page.waitForResponse((r) => r.url().endsWith('/records/person/batch'))
  await page.getByTestId('bulk-apply').click()
  const answer = await batch
  const body = answer.request().postDataJSON() as { partial: boolean; operations: { op: string }[] }
  expect(
    body.partial === true && body.operations.length === 2,
    `batch body ${JSON.stringify(body).slice(0, 200)}`,
  )
  await page.getByText('已更新 2 条记录').waitFor()

  // export of a selection: the ids as the filter
  await waitForRows(page)
  await link.locator('xpath=ancestor::tr').getByRole('checkbox').click()
  await page.getByTestId('bulk-bar').getByTestId('export-button').click()
  const download = page.waitForEvent('download')
  await page.getByRole('menuitem', { name: /CSV/ }).click()
  const file = await download
  expect(file.suggestedFilename() === 'person.csv', `download ${file.suggestedFilename()}`)
  // the list's columns in its order: the owner column the list shows, not the hidden pinyin sort key
  const header =
    readFileSync((await file.path()) ?? '', 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? ''
  expect(
    header.startsWith('id,姓名,') && header.includes('负责人') && !header.includes('姓名拼音'),
    `export header: ${header}`,
  )

  // delete with a confirmation that gives the count, then undo
  await page.getByTestId('bulk-delete').click()
  await page.locator('.ant-modal-confirm-title').getByText('将 1 条记录移到回收站？').waitFor()
  const deleted = page.waitForResponse((r) => r.url().endsWith('/records/person/batch'))
  await page.getByTestId('bulk-delete-ok').click()
  expect((await deleted).status() === 200, 'batch delete')
  await page.getByText('已将 1 条记录移到回收站').first().waitFor()
  await link.waitFor({ state: 'detached' })
  await page.getByTestId('bulk-undo').click()
  await page.getByText('已恢复 1 条记录').waitFor()
  await link.waitFor()
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('list features in English and on a phone', async (t) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const width of [1280, 390]) {
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
      await page.goto(`${BASE_URL}/o/company?group=industry`)
      await waitForRows(page)
      await page.getByTestId('totals-row').waitFor()
      if (width === 390) {
        await page.getByTestId('record-cards').getByRole('checkbox').first().click()
        await page.getByTestId('bulk-bar').waitFor()
        await expectNoPageOverflow(page)
      } else {
        await table(page).getByRole('checkbox').nth(1).click()
        await table(page).getByTestId('group-row').first().waitFor()
      }
      await shot(page, `list-${locale}-${width}`)
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

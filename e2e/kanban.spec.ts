import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, item 2: kanban by a select field, drag a card to another column (PATCH with If-Match).

test('kanban of companies by industry: drag a card to another column', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/o/company`)
  await page.getByTestId('mode-switch').locator('.ant-segmented-item').nth(1).click()
  await page.waitForURL(/mode=kanban&groupBy=industry/)
  const cols = page.getByTestId('kanban-column')
  await cols.first().getByTestId('kanban-card').first().waitFor()
  expect((await cols.count()) >= 2, 'a column per industry')
  await shot(page, 'kanban-zh-CN-1280')

  const count = async (i: number) =>
    Number((await cols.nth(i).getByTestId('kanban-count').innerText()).replace(/\D/g, ''))
  const [from0, to0] = [await count(0), await count(1)]
  const card = cols.nth(0).getByTestId('kanban-card').first()
  const name = await card.locator('.km-kanban-title').innerText()
  const a = await card.boundingBox()
  const b = await cols.nth(1).boundingBox()
  expect(a && b, 'boxes')
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/records/company/'),
  )
  await page.mouse.move(a.x + 20, a.y + 10)
  await page.mouse.down()
  await page.mouse.move(a.x + 40, a.y + 20, { steps: 4 })
  await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 12 })
  await page.mouse.up()
  const res = await saved
  expect(res.status() === 200, `PATCH answered ${res.status()}`)
  expect(typeof res.request().headers()['if-match'] === 'string', 'the PATCH sends If-Match')
  await cols.nth(1).getByText(name, { exact: true }).first().waitFor()
  expect((await count(0)) === from0 - 1 && (await count(1)) === to0 + 1, 'counts follow the move')
  await shot(page, 'kanban-moved-zh-CN-1280')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('kanban in English and on a phone', async (t) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const width of [1280, 390]) {
      if (locale === 'zh-CN' && width === 1280) continue
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
      await page.goto(`${BASE_URL}/o/company?mode=kanban&groupBy=industry`)
      await page.getByTestId('kanban-card').first().waitFor()
      await shot(page, `kanban-${locale}-${width}`)
    }
  }
})

await run()

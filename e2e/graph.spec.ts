import type { Page } from 'playwright-core'
import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: the relationship graph — a company's decision chain, linked by dragging in @xyflow/react.

/** A demo company with at least two people (through the API, as the signed-in user). */
async function companyWithPeople(page: Page): Promise<string> {
  const r = await page.request.get(`${BASE_URL}/api/v1/records/person?limit=500`)
  expect(r.ok(), `people: ${r.status()}`)
  const counts = new Map<string, number>()
  for (const p of (await r.json()).data as { company: string | null }[])
    if (p.company) counts.set(p.company, (counts.get(p.company) ?? 0) + 1)
  const id = [...counts].find(([, n]) => n >= 2)?.[0]
  expect(id, 'a demo company with two people')
  return id
}

test('decision chain: link two people by dragging, then remove the link', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const id = await companyWithPeople(page)
  await page.goto(`${BASE_URL}/o/company/${id}/graph`)
  const nodes = page.getByTestId('graph-node')
  await nodes.nth(1).waitFor()
  const edges = page.locator('.react-flow__edge')
  const before = await edges.count()
  await shot(page, 'graph-zh-CN-1280')

  const handle = page.locator('.react-flow__node').nth(0).locator('.react-flow__handle-bottom')
  const a = await handle.boundingBox()
  const b = await page.locator('.react-flow__node').nth(1).locator('.react-flow__handle-top').boundingBox()
  expect(a && b, 'boxes')
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 })
  await page.mouse.up()
  const dialog = page.locator('.ant-modal').filter({ hasText: '新建关系' })
  await dialog.waitFor()
  await dialog.getByTestId('graph-kind').click()
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '影响' })
    .click()
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/api/v1/records/person_relation'),
  )
  await dialog.locator('.ant-btn-primary').click()
  expect((await created).status() === 201, 'the link is created')
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length > n, before)
  await shot(page, 'graph-linked-zh-CN-1280')

  // the new link, drawn dashed with its label, can be removed again
  // the dialog gone first (its closing animation takes clicks), then the link's label, not the middle of
  // its box: a curved link's box centre can fall off the line
  await dialog.waitFor({ state: 'hidden' })
  await page
    .locator('.react-flow__edge')
    .filter({ hasText: '影响' })
    .last()
    .locator('.react-flow__edge-textwrapper')
    .click()
  await page.getByTestId('graph-delete-link').click()
  const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE')
  await page.locator('.ant-popconfirm .ant-btn-primary').click()
  expect((await deleted).status() === 200, 'the link is deleted')
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, before)
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('graph in English and on a phone, company links too', async (t) => {
  for (const [locale, width] of [
    ['en', 1280],
    ['zh-CN', 390],
    ['en', 390],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    if (locale === 'en') await page.evaluate("localStorage.setItem('kemai.locale', 'en')")
    const id = await companyWithPeople(page)
    await page.goto(`${BASE_URL}/o/company/${id}/graph`)
    await page.getByTestId('graph-node').first().waitFor()
    await shot(page, `graph-${locale}-${width}`)
    await page.goto(`${BASE_URL}/o/company/${id}/graph?mode=companies`)
    await page.getByTestId('graph-node').first().waitFor()
    await shot(page, `graph-companies-${locale}-${width}`)
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

import type { Page } from 'playwright-core'
import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: segments — a saved filter with live membership, its members and who entered or left.

async function readySegment(page: Page, name: string): Promise<string> {
  const made = await page.request.post(`${BASE_URL}/api/v1/segments`, {
    data: {
      objectName: 'person',
      name: { 'zh-CN': name, en: `${name} (en)` },
      description: '生命周期为客户的联系人',
      filter: { field: 'lifecycle_stage', op: 'in', value: ['customer', 'opportunity'] },
    },
  })
  expect(made.status() === 201, `segment: ${made.status()} ${await made.text()}`)
  const id = (await made.json()).id as string
  for (let i = 0; i < 100; i++) {
    const s = await (await page.request.get(`${BASE_URL}/api/v1/segments/${id}`)).json()
    if (s.status === 'ready') return id
    await page.waitForTimeout(200)
  }
  throw new Error('segment never became ready')
}

test('a segment page: filter, live count, members, entered and left', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const id = await readySegment(page, '重点客户')
  // a change moves one person in and another out: the history shows both
  const people = await (
    await page.request.get(
      `${BASE_URL}/api/v1/records/person?limit=2&filter=${encodeURIComponent(
        JSON.stringify({ field: 'lifecycle_stage', op: 'not_in', value: ['customer', 'opportunity'] }),
      )}`,
    )
  ).json()
  const inside = await (await page.request.get(`${BASE_URL}/api/v1/segments/${id}/members?limit=1`)).json()
  if (people.data[0]) {
    await page.request.patch(`${BASE_URL}/api/v1/records/person/${people.data[0].id}`, {
      data: { lifecycle_stage: 'customer' },
    })
  }
  if (inside.data[0]) {
    await page.request.patch(`${BASE_URL}/api/v1/records/person/${inside.data[0].id}`, {
      data: { lifecycle_stage: 'churned' },
    })
  }
  await page.waitForTimeout(1500)
  await page.goto(`${BASE_URL}/o/person/segments/${id}`)
  await page.getByTestId('segment-members').waitFor()
  const count = await page.getByTestId('segment-count').innerText()
  expect(/\d/.test(count), `count: ${count}`)
  await shot(page, 'segments-page-zh-CN-1280')
  await page.getByRole('tab', { name: '进入 / 离开' }).click()
  await page.getByTestId('segment-history').waitFor()
  const history = await page.getByTestId('segment-history').innerText()
  expect(history.includes('离开') && history.includes('进入'), `history: ${history}`)
  await shot(page, 'segments-history-zh-CN-1280')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('segment page in English and on a phone', async (t) => {
  for (const [locale, width] of [
    ['en', 1280],
    ['en', 390],
    ['zh-CN', 390],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    if (locale === 'en') await page.evaluate("localStorage.setItem('kemai.locale', 'en')")
    const id = await readySegment(page, `客户 ${locale} ${width}`)
    await page.goto(`${BASE_URL}/o/person/segments/${id}`)
    await page.getByTestId('segment-members').waitFor()
    await shot(page, `segments-page-${locale}-${width}`)
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

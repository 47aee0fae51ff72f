import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: data cleansing — find values worth fixing, apply the chosen fixes.

test('cleanse people: a messy record is found and fixed', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const made = await page.request.post(`${BASE_URL}/api/v1/records/person?allowDuplicate=true`, {
    data: { name: '欧阳 娜娜', title: 'ＣＴＯ', tags: ['VIP', 'ｖｉｐ'] },
  })
  expect(made.status() === 201, `created: ${made.status()}`)
  const id = (await made.json()).id as string
  await page.goto(`${BASE_URL}/o/person/cleanse`)
  await page.getByTestId('cleanse-scan').click()
  await page.getByTestId('cleanse-summary').waitFor()
  await page.getByRole('link', { name: '欧阳 娜娜' }).first().waitFor()
  await shot(page, 'cleanse-zh-CN-1280')
  const applied = page.waitForResponse((r) => r.url().endsWith('/cleanse/apply'))
  await page.getByTestId('cleanse-apply').click()
  expect((await applied).status() === 200, 'applied')
  const rec = await (await page.request.get(`${BASE_URL}/api/v1/records/person/${id}`)).json()
  expect(rec.name === '欧阳娜娜' && rec.title === 'CTO', `fixed: ${JSON.stringify(rec)}`)
  expect(JSON.stringify(rec.tags) === '["VIP"]', `tags: ${JSON.stringify(rec.tags)}`)
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('cleanse page in English and on a phone', async (t) => {
  for (const [locale, width] of [
    ['en', 1280],
    ['zh-CN', 390],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    if (locale === 'en') await page.evaluate("localStorage.setItem('kemai.locale', 'en')")
    await page.request.post(`${BASE_URL}/api/v1/records/company?allowDuplicate=true`, {
      data: { name: `清洗测试 ${locale} ${width}`, address: { text: '浙江杭州西湖区文三路９０号' } },
    })
    await page.goto(`${BASE_URL}/o/company/cleanse`)
    await page.getByTestId('cleanse-scan').click()
    await page.getByTestId('cleanse-summary').waitFor()
    await shot(page, `cleanse-${locale}-${width}`)
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

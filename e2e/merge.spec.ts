import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5, merge: three copies of one person side by side, a value per field, the survivor, what moves,
// and the merge itself (the survivor's page opens afterwards).

const OWN_SHOTS = '/tmp/kemai/shots/merge'

async function keep(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(OWN_SHOTS, { recursive: true })
  copyFileSync(path, join(OWN_SHOTS, `${name}.png`))
}

async function createPeople(page: Page, tag: string): Promise<string[]> {
  const people = [
    { name: `张伟${tag}`, email: `zw${tag}@alibaba-inc.com`, title: '客户经理', tags: ['重点'] },
    { name: `張偉${tag}`, mobile: '138-1234-5678', email: `zhangwei${tag}@163.com` },
    {
      name: `Zhang Wei ${tag}`,
      title: '销售总监',
      address: { province: '330000', city: '330100', district: '330106', text: '文三路 90 号' },
    },
  ]
  const ids: string[] = []
  for (const body of people) {
    const r = await page.request.post(`${BASE_URL}/api/v1/records/person?allowDuplicate=true`, { data: body })
    expect(r.status() === 201, `create: ${r.status()} ${await r.text()}`)
    ids.push(((await r.json()) as { id: string }).id)
  }
  const note = await page.request.post(`${BASE_URL}/api/v1/records/person/${ids[1]}/activities`, {
    data: { type: 'call', subject: '电话沟通报价' },
  })
  expect(note.status() === 201, `activity: ${note.status()}`)
  return ids
}

for (const [width, locale] of [
  [1280, 'zh-CN'],
  [390, 'zh-CN'],
  [1280, 'en'],
  [390, 'en'],
] as const) {
  test(`merge page (${locale}, ${width} px)`, async (t) => {
    const { page } = await t.newPage({ width, height: width > 500 ? 900 : 844 })
    await loginAs(page)
    await page.evaluate(`localStorage.setItem('kemai.locale', '${locale}')`)
    const ids = await createPeople(page, `${width}${locale}`.replace(/[^a-z0-9]/gi, ''))
    await page.goto(`${BASE_URL}/o/person/merge?ids=${ids.join(',')}`)
    await page.getByTestId(width > 500 ? 'merge-table' : 'merge-cards').waitFor()
    const summary = await page.getByTestId('merge-summary').innerText()
    expect(
      locale === 'en' ? summary.includes('2 records will be merged') : summary.includes('将把 2 条记录合并'),
      `summary: ${summary}`,
    )
    await keep(page, `merge-${locale}-${width}`)
    if (width < 500) await expectNoPageOverflow(page)

    if (width === 1280) {
      // keep the second record, take the first record's title, merge
      await page.getByTestId('merge-survivor-1').check()
      await page.getByTestId('merge-pick-title-0').check()
      await page.getByTestId('merge-submit').click()
      await page
        .locator('.ant-modal-confirm .ant-btn-primary')
        .filter({ hasText: locale === 'en' ? 'Merge' : '合并' })
        .click()
      await page.waitForURL(new RegExp(`/o/person/${ids[1]}$`))
      await page.locator('.km-record-page').getByText('客户经理').first().waitFor()
      const r = await page.request.get(`${BASE_URL}/api/v1/records/person/${ids[1]}`)
      const rec = (await r.json()) as Record<string, unknown>
      expect(rec.title === '客户经理', `survivor title: ${String(rec.title)}`)
      const gone = await page.request.get(`${BASE_URL}/api/v1/records/person/${ids[0]}`)
      const body = (await gone.json()) as { code: string; mergedInto: { id: string } }
      expect(gone.status() === 404 && body.mergedInto.id === ids[1], `loser: ${JSON.stringify(body)}`)
      await keep(page, `merge-done-${locale}-${width}`)
    }
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('\n')}`)
  })
}

await run()

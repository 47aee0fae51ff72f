import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5, review queue: a background scan groups likely duplicates; each group shows its records, the
// score and the reasons per pair, with "merge" and "not duplicates".

const OWN_SHOTS = '/tmp/kemai/shots/dedup-review'

async function keep(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(OWN_SHOTS, { recursive: true })
  copyFileSync(path, join(OWN_SHOTS, `${name}.png`))
}

async function createPeople(page: Page): Promise<void> {
  const people = [
    { name: '欧阳娜娜', mobile: '139-1111-2222', email: 'ouyang.nana@example.com' },
    { name: 'Nana Ouyang', mobile: '+86 139 1111 2222', email: 'OUYANG.NANA@example.com' },
    { name: '司马光', email: 'sima.guang@example.com' },
    { name: '司马光', email: 'Sima.Guang@example.com', mobile: '13600001234' },
    { name: '诸葛亮', mobile: '13500005678' },
    { name: '诸葛亮', mobile: '135 0000 5678' },
  ]
  for (const body of people) {
    const r = await page.request.post(`${BASE_URL}/api/v1/records/person?allowDuplicate=true`, { data: body })
    expect(r.status() === 201, `create: ${r.status()} ${await r.text()}`)
  }
}

let seeded = false

for (const [width, locale] of [
  [1280, 'zh-CN'],
  [390, 'zh-CN'],
  [1280, 'en'],
  [390, 'en'],
] as const) {
  test(`duplicates review page (${locale}, ${width} px)`, async (t) => {
    const { page } = await t.newPage({ width, height: width > 500 ? 900 : 844 })
    await loginAs(page)
    await page.evaluate(`localStorage.setItem('kemai.locale', '${locale}')`)
    if (!seeded) {
      await createPeople(page)
      seeded = true
    }
    await page.goto(`${BASE_URL}/o/person/duplicates`)
    await page.getByTestId('dedup-scan').waitFor()
    if (width === 1280 && locale === 'zh-CN') {
      await page.getByTestId('dedup-start').click()
      await page.getByTestId('dedup-clusters').waitFor({ timeout: 60_000 })
    }
    await page.getByTestId('dedup-cluster').first().waitFor()
    const text = await page.getByTestId('dedup-clusters').innerText()
    expect(text.includes('欧阳娜娜'), `clusters: ${text.slice(0, 400)}`)
    expect(locale === 'en' ? text.includes('Same mobile') : text.includes('手机相同'), 'reasons in language')
    await keep(page, `dedup-review-${locale}-${width}`)
    if (width < 500) await expectNoPageOverflow(page)

    if (width === 1280 && locale === 'en') {
      // "not duplicates" takes the group out of the queue
      const card = page.getByTestId('dedup-cluster').filter({ hasText: '诸葛亮' })
      await card.getByTestId('dedup-dismiss').click()
      await card.waitFor({ state: 'detached' })
      // "merge" opens the merge page with the group's records
      await page
        .getByTestId('dedup-cluster')
        .filter({ hasText: '欧阳娜娜' })
        .getByTestId('dedup-merge')
        .click()
      await page.waitForURL(/\/o\/person\/merge\?ids=/)
      await page.getByTestId('merge-table').waitFor()
    }
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('\n')}`)
  })
}

await run()

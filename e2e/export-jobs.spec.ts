import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { animationsDone, expectNoPageOverflow, loginAs, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: a list above 10,000 rows exports in the background; the job_finished notification downloads the
// file, and "My exports" (from the export menu) shows status, progress and a download button.

interface ExportJob {
  id: string
  status: string
  rows: number
  fileName: string | null
}

async function waitDone(page: Page, id: string): Promise<ExportJob> {
  const end = Date.now() + 180_000
  for (;;) {
    const job = (await (await page.request.get(`${BASE_URL}/api/v1/exports/${id}`)).json()) as ExportJob
    if (job.status === 'done' || job.status === 'failed' || Date.now() > end) return job
    await page.waitForTimeout(500)
  }
}

test('a list of more than 10,000 people exports in the background and the notification downloads it', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  // the demo has far fewer people: add 11,000 through the batch API
  for (let b = 0; b < 11; b++) {
    const operations = Array.from({ length: 1000 }, (_, i) => ({
      op: 'create',
      data: { name: `批量导出${b * 1000 + i}` },
    }))
    const r = await page.request.post(`${BASE_URL}/api/v1/records/person/batch`, { data: { operations } })
    expect(r.ok(), `batch ${b}: ${r.status()} ${(await r.text()).slice(0, 300)}`)
  }
  await page.goto(`${BASE_URL}/o/person`)
  await waitForRows(page)
  await page.getByTestId('export-button').first().click()
  await page.getByText(/条记录（数量较多，将在后台导出/).waitFor()
  await animationsDone(page, '.ant-dropdown:visible')
  await shot(page, 'export-background-menu-zh-CN-1280')
  const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/records/person/exports'))
  await page.getByRole('menuitem', { name: 'CSV（可用 Excel 打开）' }).click()
  const res = await started
  expect(res.status() === 202, `start: ${res.status()}`)
  const { id } = (await res.json()) as { id: string }
  await page.getByTestId('export-queued').waitFor()
  await shot(page, 'export-background-queued-zh-CN-1280')

  const job = await waitDone(page, id)
  expect(job.status === 'done' && job.rows > 10_000, `job ${JSON.stringify(job)}`)
  await page.getByTestId('bell').click()
  const item = page.getByTestId('inbox-item').filter({ hasText: '已就绪' }).first()
  await item.waitFor()
  await shot(page, 'export-notification-zh-CN-1280')
  const download = page.waitForEvent('download')
  await item.click()
  const file = await download
  expect(/^联系人-\d{8}-\d{4}\.csv$/.test(file.suggestedFilename()), `download ${file.suggestedFilename()}`)
  const csv = readFileSync((await file.path()) ?? '', 'utf8')
  expect(csv.startsWith('\uFEFFid,'), `csv starts ${JSON.stringify(csv.slice(0, 20))}`)
  expect(csv.trim().split('\n').length === job.rows + 1, 'one line per row and the header')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('"My exports" in both languages, on a desktop and on a phone', async (t) => {
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [1280, 390]) {
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
      if (width === 1280) {
        // one export started in this language (its file is named in it)
        const r = await page.request.post(`${BASE_URL}/api/v1/records/company/exports`, {
          data: { format: 'xlsx' },
          headers: { 'accept-language': locale },
        })
        expect(r.status() === 202, `start: ${r.status()} ${await r.text()}`)
        await waitDone(page, ((await r.json()) as { id: string }).id)
      }
      await page.goto(`${BASE_URL}/o/company`)
      await waitForRows(page)
      await page.getByTestId('export-button').first().click()
      await page.getByRole('menuitem', { name: locale === 'en' ? 'My exports' : '我的导出' }).click()
      await page.getByTestId('export-item').first().waitFor()
      await animationsDone(page, '.ant-drawer')
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `my-exports-${locale}-${width}`)
      const downloads = await page.getByTestId('export-download').count()
      expect(downloads >= 1, 'a download button')
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: import wizard — upload a CSV, automatic mapping, preview with errors, run, result.

const OUT = '/tmp/kemai/shots/import'

/** A small people file, UTF-8 with BOM (two good rows, one with a bad phone and e-mail). */
function peopleCsv(tag: string): Buffer {
  const text = `姓名,手机号,邮箱,职务,备注\n导入${tag}甲,13800${tag.padStart(6, '0').slice(0, 6)},a${tag}@example.com,经理,VIP\n导入${tag}乙,13900${tag.padStart(6, '0').slice(0, 6)},b${tag}@example.com,工程师,\n导入${tag}丙,12345,not-an-email,,\n`
  return Buffer.from(`\uFEFF${text}`, 'utf8')
}

test('import wizard: upload, mapping, preview, run, in both languages and widths', async (t) => {
  mkdirSync(OUT, { recursive: true })
  let n = 0
  for (const [locale, width] of [
    ['zh-CN', 1280],
    ['en', 1280],
    ['zh-CN', 390],
    ['en', 390],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 860, locale })
    await loginAs(page)
    if (locale === 'en') await page.evaluate("localStorage.setItem('kemai.locale', 'en')")
    await page.goto(`${BASE_URL}/o/person/import`)
    const tag = `${Date.now() % 100000}${n++}`
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: `people-${tag}.csv`, mimeType: 'text/csv', buffer: peopleCsv(tag) })
    await page.getByTestId('import-step-1').waitFor()
    await page.locator('.km-import-mapping .ant-table-row').first().waitFor()
    await page.waitForTimeout(500)
    const a = await shot(page, `import-mapping-${locale}-${width}`)
    copyFileSync(a, join(OUT, `mapping-${locale}-${width}.png`))
    if (width === 390) await expectNoPageOverflow(page)
    await page.getByTestId('import-to-preview').click()
    await page.getByTestId('import-preview').waitFor()
    const b = await shot(page, `import-preview-${locale}-${width}`)
    copyFileSync(b, join(OUT, `preview-${locale}-${width}.png`))
    await page.getByTestId('import-start').click()
    await page.locator('[data-testid=import-status][data-status=done]').waitFor({ timeout: 60_000 })
    const c = await shot(page, `import-result-${locale}-${width}`)
    copyFileSync(c, join(OUT, `result-${locale}-${width}.png`))
    const list = await (
      await page.request.get(
        `${BASE_URL}/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: `导入${tag}` }))}`,
      )
    ).json()
    expect(
      list.data.length === 2,
      `imported: ${JSON.stringify(list.data.map((r: { name: string }) => r.name))}`,
    )
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

import { readFileSync } from 'node:fs'
import { animationsDone, expectNoPageOverflow, loginAs, waitForRows } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 5: the list's export menu offers vCard (.vcf) for people, and the file is vCard 4.0 named in the
// user's language.

test('export people as vCards from the list menu; no vCard for companies', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  await page.goto(`${BASE_URL}/o/person`)
  await waitForRows(page)
  await page.getByTestId('export-button').first().click()
  const item = page.getByRole('menuitem', { name: 'vCard 电子名片（.vcf）' })
  await item.waitFor()
  const download = page.waitForEvent('download')
  await item.click()
  const file = await download
  expect(file.suggestedFilename() === '联系人.vcf', `download ${file.suggestedFilename()}`)
  const vcf = readFileSync((await file.path()) ?? '', 'utf8')
  expect(vcf.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n'), `vcf starts ${JSON.stringify(vcf.slice(0, 40))}`)
  expect(/\r\nFN:[^\r]+\r\n/.test(vcf) && /\r\nTEL;TYPE=cell:\+86\d+\r\n/.test(vcf), 'FN and a mobile')
  for (const line of vcf.split('\r\n')) expect(Buffer.byteLength(line) <= 75, `line over 75 octets: ${line}`)

  await page.goto(`${BASE_URL}/o/company`)
  await waitForRows(page)
  await page.getByTestId('export-button').first().click()
  await page.getByRole('menuitem', { name: /CSV/ }).waitFor()
  expect((await page.getByRole('menuitem', { name: /vCard/ }).count()) === 0, 'no vCard for companies')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('the export menu in both languages, on a desktop and on a phone', async (t) => {
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const width of [1280, 390]) {
      const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
      await loginAs(page)
      if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
      await page.goto(`${BASE_URL}/o/person`)
      await waitForRows(page)
      await page.getByTestId('export-button').first().click()
      const name = locale === 'en' ? 'vCard contacts (.vcf)' : 'vCard 电子名片（.vcf）'
      await page.getByRole('menuitem', { name }).waitFor()
      await animationsDone(page, '.ant-dropdown:visible')
      if (width === 390) await expectNoPageOverflow(page)
      await shot(page, `export-menu-${locale}-${width}`)
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

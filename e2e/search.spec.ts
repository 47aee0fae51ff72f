import { loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4, item 3: Ctrl+K global search by pinyin initials, keyboard navigation, Enter opens the record.

test('Ctrl+K: `zw` finds 张伟 by pinyin initials; Enter opens the record', async (t) => {
  for (const [locale, width] of [
    ['zh-CN', 1280],
    ['en', 390],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    if (locale === 'en') await page.evaluate(() => localStorage.setItem('kemai.locale', 'en'))
    await page.goto(`${BASE_URL}/o/person`)
    await page.getByTestId('workspace-name').first().waitFor()
    await page.keyboard.press('Control+k')
    const input = page.getByTestId('palette-input')
    await input.waitFor()
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/search?q=zw'))
    await input.fill('zw')
    await answered
    const first = page.getByTestId('palette-item').first()
    await first.waitFor()
    const titles = await page.locator('.km-palette-title').allInnerTexts()
    expect(titles.includes('张伟'), `张伟 for zw, got ${titles.slice(0, 6).join(', ')}`)
    console.log(`    zw → ${titles.slice(0, 5).join(', ')}`)
    await shot(page, `search-${locale}-${width}`)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    const title = await page.locator('.km-palette-active .km-palette-title').innerText()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/o\/[a-z_]+\/[0-9a-f-]{36}/)
    await page.getByText(title).first().waitFor()
    // the record is now a recent item
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await page.locator('.km-palette-title', { hasText: title }).first().waitFor()
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

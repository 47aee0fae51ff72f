import type { Page } from 'playwright-core'
import { BASE_URL, DEMO, expect } from './harness.ts'

/** Signs in through the login page and waits for the app shell. */
export async function loginAs(page: Page, email = DEMO.email, password = DEMO.password): Promise<void> {
  await page.goto(`${BASE_URL}/login`)
  await page.getByTestId('login-form').waitFor()
  await page.locator('#email').fill(email)
  await page.locator('#password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('workspace-name').first().waitFor()
}

/** Rows (desktop) or cards (phone) of the list on screen. */
export async function waitForRows(page: Page): Promise<void> {
  await page
    .locator('[data-testid=record-table] tbody tr, [data-testid=record-cards] .km-card')
    .first()
    .waitFor()
}

/** The text of the first cell of every row in view. */
export async function titles(page: Page): Promise<string[]> {
  return page.locator('[data-testid=record-table] tbody tr td:first-child').allInnerTexts()
}

/** Opens an antd Select by its form label and picks the option with this text. */
export async function pick(page: Page, label: string, option: string, search?: string): Promise<void> {
  const item = page.locator('.ant-form-item').filter({ has: page.locator(`label[title="${label}"]`) })
  await item.locator('.ant-select').click()
  if (search) await item.locator('input').last().fill(search)
  const opt = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
  await opt.waitFor()
  await opt.click()
}

export async function fill(page: Page, label: string, value: string): Promise<void> {
  const item = page.locator('.ant-form-item').filter({ has: page.locator(`label[title="${label}"]`) })
  await item.locator('input, textarea').first().fill(value)
}

/** No horizontal scrolling of the page itself (the phone layout must fit). */
export async function expectNoPageOverflow(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }))
  expect(scroll <= width, `page is ${scroll}px wide in a ${width}px viewport`)
}

/** Picks a language in the header (or phone drawer) menu and waits for the page to follow. */
export async function switchLanguage(page: Page, name: 'English' | '简体中文'): Promise<void> {
  await page.getByTestId('language-switch').last().click()
  await page.getByRole('menuitem', { name }).click()
  await page.waitForFunction(
    (lang) => document.documentElement.lang === lang,
    name === 'English' ? 'en' : 'zh-CN',
  )
}

/** Does something that reloads the list, and waits until the new first page is on screen. */
export async function settled(page: Page, action: () => Promise<unknown>): Promise<void> {
  const answered = page.waitForResponse(
    (r) => /\/api\/v1\/records\/[a-z_]+\?/.test(r.url()) && r.url().includes('count=true'),
  )
  // if the action throws, the page closes and this wait rejects: not an unhandled rejection
  answered.catch(() => {})
  await action()
  await answered
  await page.getByTestId('list-skeleton').waitFor({ state: 'detached' })
  await waitForRows(page)
}

/** Waits until no modal is on screen: a closing modal's mask takes the pointer until its animation ends. */
export async function modalsClosed(page: Page): Promise<void> {
  await page.locator('.ant-modal-wrap:visible, .ant-modal-mask:visible').first().waitFor({ state: 'hidden' })
}

/** Waits for CSS transitions and animations under a selector to end (drawers slide in). */
export async function animationsDone(page: Page, selector: string): Promise<void> {
  await page
    .locator(selector)
    .first()
    .evaluate((el) =>
      // a transition replaced by another rejects `finished`: that one is over too
      Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))),
    )
}

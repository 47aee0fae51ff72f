import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/**
 * A small test runner for browser specs on playwright-core and the system Chromium (STACK.md §4.13):
 * `test(name, fn)` registers, `run()` runs them in order, each in a fresh browser context, and writes
 * the results where scripts/e2e.mjs reads them. Specs run against `E2E_BASE_URL`.
 */

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:3000'
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots')
export const DEMO = { email: 'demo@kemai.local', password: 'kemai-demo' }

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface TestContext {
  browser: Browser
  /** a new context (own cookies and storage) with one page */
  newPage(opts?: {
    width?: number
    height?: number
    locale?: string
  }): Promise<{ context: BrowserContext; page: Page }>
}

type TestFn = (t: TestContext) => Promise<void>
const tests: { name: string; fn: TestFn }[] = []

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn })
}

export function expect(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message)
}

/** Screenshot to e2e/screenshots/<name>.png (git-ignored); returns the path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

export async function run(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: LAUNCH_ARGS,
  })
  const results: { name: string; ok: boolean; ms: number; error?: string }[] = []
  const contexts: BrowserContext[] = []
  const ctx: TestContext = {
    browser,
    async newPage({ width = 1280, height = 800, locale = 'zh-CN' } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        locale,
        timezoneId: 'Asia/Shanghai',
      })
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text())
      })
      errorsOf.set(page, errors)
      return { context, page }
    },
  }
  for (const t of tests) {
    const started = performance.now()
    try {
      await t.fn(ctx)
      results.push({ name: t.name, ok: true, ms: Math.round(performance.now() - started) })
      console.log(`  ✓ ${t.name} (${Math.round(performance.now() - started)} ms)`)
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e)
      // what the pages showed when it failed, for the one reading the log
      let n = 0
      for (const c of contexts)
        for (const p of c.pages())
          await shot(p, `FAILED-${t.name.replace(/\W+/g, '-').slice(0, 60)}-${++n}`).catch(() => {})
      results.push({ name: t.name, ok: false, ms: Math.round(performance.now() - started), error })
      console.log(`  ✗ ${t.name}\n${error.replace(/^/gm, '      ')}`)
    } finally {
      for (const c of contexts.splice(0)) await c.close().catch(() => {})
    }
  }
  await browser.close()
  if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, JSON.stringify(results))
  process.exitCode = results.every((r) => r.ok) ? 0 : 1
}

const errorsOf = new WeakMap<Page, string[]>()

/** JavaScript errors the page logged so far (a test fails on any). */
export function pageErrors(page: Page): string[] {
  return errorsOf.get(page) ?? []
}

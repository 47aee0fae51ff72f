import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 6: the visual workflow builder — a canvas over the workflow API. A condition and an update step
// are added through the UI, the draft is saved and published, and a test run on a demo person shows the
// path it takes on the canvas.

const stamp = Date.now().toString(36).slice(-5).toUpperCase()

/** A workflow made through the API (as the signed-in user): a person's update adds a note. */
async function createWorkflow(
  page: Page,
  name: string,
  graph?: { start: string; steps: unknown[] },
): Promise<string> {
  const r = await page.request.post(`${BASE_URL}/api/v1/workflows`, {
    data: {
      name,
      definition: {
        trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
        start: graph?.start ?? 'note',
        steps: graph?.steps ?? [
          {
            id: 'note',
            type: 'add_note',
            body: '{{trigger.record.name}} 的职位变了',
            target: { kind: 'trigger' },
            next: null,
          },
        ],
      },
    },
  })
  expect(r.status() === 201, `create workflow: ${r.status()} ${await r.text()}`)
  return (await r.json()).id
}

/** Picks an option of an open antd Select or Dropdown menu by its text. */
async function pickOption(page: Page, text: RegExp | string) {
  const opt = page
    .locator(
      '.ant-select-dropdown:visible .ant-select-item-option, .ant-dropdown:visible .ant-dropdown-menu-item',
    )
    .filter({ hasText: text })
    .first()
  await opt.waitFor()
  await opt.click()
}

async function openEditor(page: Page, id: string) {
  await page.goto(`${BASE_URL}/settings/workflows/${id}`)
  await page.getByTestId('wf-canvas').waitFor()
  await page.getByTestId('wf-trigger').waitFor()
}

const node = (page: Page, step: string) => page.locator(`[data-testid=wf-node][data-step="${step}"]`)

test('build a workflow on the canvas: add a condition and an update, save, publish, test-run', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const id = await createWorkflow(page, `职位变更跟进 ${stamp}`)
  await openEditor(page, id)
  await node(page, 'note').waitFor()
  await shot(page, 'workflow-builder-start-zh-CN-1280')

  // a condition between the trigger and the note: "+" on that link
  await page.locator('[data-testid=wf-edge-add][data-link="@trigger|start"]').click()
  await pickOption(page, '条件判断')
  await node(page, 'condition_1').waitFor()
  const panel = page.getByTestId('wf-step-panel')
  await panel.waitFor()
  expect((await panel.getAttribute('data-step')) === 'condition_1', 'the new step is selected')

  // its condition: the person has a name (true for every demo person)
  await page.getByTestId('wf-condition-edit').click()
  await page.getByTestId('filter-builder').waitFor()
  await page.getByTestId('filter-add-condition').click()
  const row = page.getByTestId('filter-row').last()
  await row.getByRole('combobox', { name: '字段' }).click()
  await row.getByRole('combobox', { name: '字段' }).fill('姓名')
  await pickOption(page, /^姓名$/)
  await row.getByRole('combobox', { name: '运算符' }).click()
  await pickOption(page, '不为空')
  await page.getByTestId('filter-apply').click()
  await page.getByTestId('filter-builder').waitFor({ state: 'detached' })
  const condText = await page.getByTestId('wf-condition-text').innerText()
  expect(condText.includes('姓名') && condText.includes('不为空'), `condition in words: ${condText}`)

  // the "yes" link now leads to the note: an update step goes on it
  await page.locator('[data-testid=wf-edge-add][data-link="condition_1|onTrue"]').click()
  await pickOption(page, '更新记录')
  await node(page, 'update_record_1').waitFor()
  await page.getByTestId('wf-add-value').click()
  await page.getByTestId('wf-add-value').locator('input').fill('职位')
  await pickOption(page, /^职位$/)
  await page.getByTestId('wf-value-title').fill('重点客户')
  // the summary on the node says it in words
  await page.waitForFunction(() =>
    document
      .querySelector('[data-step="update_record_1"] .km-wf-node-summary')
      ?.textContent?.includes('职位 = 重点客户'),
  )
  // the "no" branch is empty: it ends in a "+" of its own
  await page.locator('[data-testid=wf-add][data-link="condition_1|onFalse"]').waitFor()
  expect((await page.getByTestId('wf-node-problems').count()) === 0, 'no problems on the canvas')
  await page.getByTestId('wf-dirty').waitFor()
  await shot(page, 'workflow-builder-edited-zh-CN-1280')

  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes(`/workflows/${id}`),
  )
  await page.getByTestId('wf-save').click()
  expect((await saved).status() === 200, 'the draft is saved')
  await page.getByTestId('wf-dirty').waitFor({ state: 'detached' })
  const stored = await (await page.request.get(`${BASE_URL}/api/v1/workflows/${id}`)).json()
  expect(stored.draft.start === 'condition_1', `start: ${stored.draft.start}`)
  expect(
    stored.draft.steps.find((s: { id: string }) => s.id === 'condition_1').onTrue === 'update_record_1',
    'condition → update',
  )
  expect(
    stored.draft.steps.find((s: { id: string }) => s.id === 'update_record_1').next === 'note',
    'update → note',
  )

  const published = page.waitForResponse((r) => r.url().endsWith(`/workflows/${id}/publish`))
  await page.getByTestId('wf-publish').click()
  expect((await published).status() === 200, 'published')
  await page.getByTestId('wf-version').filter({ hasText: 'v1' }).waitFor()

  // test run on a demo person: the path lights up on the canvas
  await page.getByTestId('wf-test-button').click()
  await page.getByTestId('wf-test-panel').waitFor()
  await page.getByTestId('wf-test-panel').locator('.ant-select').click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click()
  const planned = page.waitForResponse((r) => r.url().endsWith(`/workflows/${id}/test-run`))
  await page.getByTestId('wf-test-go').click()
  expect((await planned).status() === 200, 'test run answered')
  await page.getByTestId('wf-test-result').waitFor()
  const steps = await page
    .getByTestId('wf-plan-step')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))
  expect(steps.join(',') === 'condition_1,update_record_1,note', `planned path: ${steps.join(',')}`)
  for (const s of ['condition_1', 'update_record_1', 'note'])
    expect((await node(page, s).getAttribute('data-run')) === 'on', `${s} is on the path`)
  expect((await page.locator('path.km-wf-edge-taken').count()) >= 4, 'the taken links are highlighted')
  const detail = await page.locator('[data-testid=wf-plan-detail][data-step=update_record_1]').innerText()
  expect(detail.includes('重点客户'), `the update's resolved value: ${detail}`)
  await shot(page, 'workflow-builder-test-run-zh-CN-1280')
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('publishing is refused with the problems listed; a problem selects its step; leaving asks first', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const id = await createWorkflow(page, `有问题的流程 ${stamp}`, {
    start: 'note',
    steps: [
      {
        id: 'note',
        type: 'add_note',
        body: '{{trigger.record.nope}}',
        target: { kind: 'trigger' },
        next: null,
      },
      { id: 'call', type: 'http', method: 'POST', url: 'ftp://example.com', next: null },
    ],
  })
  await openEditor(page, id)
  // the browser's own check marks the problems before any publish
  await node(page, 'call').locator('[data-testid=wf-node-problems]').waitFor()
  await node(page, 'note').locator('[data-testid=wf-node-problems]').waitFor()

  const refused = page.waitForResponse((r) => r.url().endsWith(`/workflows/${id}/publish`))
  await page.getByTestId('wf-publish').click()
  expect((await refused).status() === 400, 'publish refused')
  await page.getByTestId('wf-problems').waitFor()
  const items = page.getByTestId('wf-problem')
  expect((await items.count()) >= 3, `problems listed: ${await items.count()}`)
  await shot(page, 'workflow-builder-problems-zh-CN-1280')
  await items
    .filter({ hasText: 'ftp' })
    .or(items.filter({ hasText: '网址' }))
    .first()
    .click()
  const panel = page.getByTestId('wf-step-panel')
  await panel.waitFor()
  expect((await panel.getAttribute('data-step')) === 'call', 'the problem selected its step')
  await page.getByTestId('wf-http-url').fill('https://example.com/hook')
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-step="call"] [data-testid=wf-node-problems]') ||
      document.querySelector('[data-step="call"] [data-testid=wf-node-problems]')?.textContent === '1',
  )

  // unsaved changes: the back link asks before leaving
  await page.getByTestId('wf-dirty').waitFor()
  await page.getByRole('link', { name: '返回流程列表' }).click()
  const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '不保存就离开吗' })
  await confirm.waitFor()
  await confirm.getByRole('button', { name: '留下' }).click()
  await confirm.waitFor({ state: 'detached' })
  expect(page.url().endsWith(`/settings/workflows/${id}`), `still on the editor: ${page.url()}`)
  expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
})

test('the builder in English and on a phone, light and dark', async (t) => {
  const setup = await t.newPage()
  await loginAs(setup.page)
  const id = await createWorkflow(setup.page, `Builder ${stamp}`, {
    start: 'is_customer',
    steps: [
      {
        id: 'is_customer',
        type: 'condition',
        filter: { field: 'lifecycle_stage', op: 'eq', value: 'customer' },
        onTrue: 'set_title',
        onFalse: 'wait_a_day',
      },
      { id: 'set_title', type: 'update_record', values: { title: 'VIP' }, next: 'note' },
      { id: 'wait_a_day', type: 'wait', wait: { kind: 'duration', minutes: 1440 }, next: 'note' },
      {
        id: 'note',
        type: 'add_note',
        body: '{{trigger.record.name}} · {{trigger.record.company.name}}',
        next: null,
      },
    ],
  })
  for (const [locale, width, theme] of [
    ['en', 1280, 'light'],
    ['zh-CN', 1280, 'dark'],
    ['zh-CN', 390, 'light'],
    ['en', 390, 'dark'],
  ] as const) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800, locale })
    await loginAs(page)
    await page.evaluate(
      ({ l, th }) => {
        localStorage.setItem('kemai.locale', l)
        localStorage.setItem('kemai.theme', th)
      },
      { l: locale, th: theme },
    )
    await openEditor(page, id)
    await node(page, 'note').waitFor()
    await page.waitForTimeout(400)
    await shot(page, `workflow-builder-${locale}-${width}-${theme}`)
    await expectNoPageOverflow(page)
    if (width === 390) {
      // phones: no "+" on the canvas; a step opens in a full-screen drawer
      expect((await page.getByTestId('wf-add').count()) === 0, 'read-only canvas')
      await node(page, 'set_title').click()
      await page.locator('.ant-drawer-open [data-testid=wf-step-panel]').waitFor()
    } else {
      await node(page, 'set_title').click()
      await page.getByTestId('wf-step-panel').waitFor()
    }
    await page.waitForTimeout(400)
    await shot(page, `workflow-builder-panel-${locale}-${width}-${theme}`)
    await expectNoPageOverflow(page)
    expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
  }
})

await run()

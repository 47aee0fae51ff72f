import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expectNoPageOverflow, loginAs } from './fixtures.ts'
import { BASE_URL, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 6, automation in the UI: the workflows list (template install, publish, enable with the 409 of a
// never-published workflow), a run started by editing a record, its steps in the run history, and "Run
// workflow" on a record page; then each page in both languages at 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/automation'

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

async function apiJson<T>(page: Page, method: 'get' | 'post', path: string, data?: unknown): Promise<T> {
  const r = await page.request[method](`${BASE_URL}${path}`, data === undefined ? undefined : { data })
  expect(r.ok(), `${method.toUpperCase()} ${path}: ${r.status()} ${await r.text()}`)
  return (await r.json()) as T
}

interface Run {
  id: string
  status: string
  recordId: string | null
}

/** Waits until the workflow has a finished run (the executor works off the outbox, a moment later). */
async function finishedRun(page: Page, workflowId: string, recordId: string): Promise<Run> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const runs = await apiJson<{ data: Run[] }>(
      page,
      'get',
      `/api/v1/workflow-runs?workflowId=${workflowId}&recordId=${recordId}`,
    )
    const done = runs.data.find((r) => r.status !== 'running')
    if (done) return done
    await page.waitForTimeout(500)
  }
  throw new Error('no finished run within 60 s')
}

const row = (page: Page, name: string) => page.getByTestId('workflow-row').filter({ hasText: name })
/** the table row (`tr`) of a workflow, with its switch and buttons */
const tr = (page: Page, name: string) => page.locator('tr').filter({ has: row(page, name) })

let workflowId = ''
let manualId = ''
let personId = ''
let failedRunId = ''

test('templates, publish and enable in the list; an edit starts a run whose steps the history shows', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)

  // 1. the birthday template installs on the demo workspace; the quote one says what is missing
  await page.goto(`${BASE_URL}/settings/workflows`)
  await page.getByTestId('settings-workflows').waitFor()
  await page.getByTestId('workflow-from-template').click()
  const bday = page.locator('[data-testid=workflow-template][data-template=birthday_reminder]')
  await bday.waitFor()
  const quote = page.locator('[data-testid=workflow-template][data-template=quote_follow_up]')
  await quote.getByTestId('template-missing').waitFor()
  expect(
    await quote.getByTestId('template-install').isDisabled(),
    'a template with missing objects cannot install',
  )
  await snap(page, 'automation-templates-zh-CN-1280')
  await bday.getByTestId('template-install').click()
  await page.getByTestId('templates-drawer').waitFor({ state: 'hidden' })
  const bdayRow = tr(page, '生日提醒').first()
  await bdayRow.waitFor()
  await bdayRow.getByTestId('workflow-publish').click()
  await bdayRow.getByTestId('workflow-version').waitFor()
  await bdayRow.getByTestId('workflow-enabled').click()
  await bdayRow.locator('[data-testid=workflow-enabled][aria-checked=true]').waitFor()

  // 2. a workflow made through the API: a person's title change adds a note and a task
  const name = `职位变更跟进 ${stamp}`
  const created = await apiJson<{ id: string }>(page, 'post', '/api/v1/workflows', {
    name,
    description: '职位变了：写备注并提醒负责人',
    definition: {
      trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
      start: 'note',
      steps: [
        {
          id: 'note',
          type: 'add_note',
          body: '{{trigger.record.name}} 的职位变为 {{trigger.record.title}}',
          next: 'task',
        },
        { id: 'task', type: 'create_task', title: '跟进 {{trigger.record.name}}', dueInDays: 2, next: null },
      ],
    },
  })
  workflowId = created.id
  await page.reload()
  const wf = tr(page, name)
  await wf.waitFor()
  expect(
    (await wf.getByTestId('workflow-trigger').innerText()) === '联系人更新（职位）',
    'the trigger in words',
  )
  // never published: switching it on is refused with the server's message
  await wf.getByTestId('workflow-enabled').click()
  await page.getByTestId('workflow-action-error').waitFor()
  const refusal = await page.getByTestId('workflow-action-error').innerText()
  expect(refusal.includes('发布'), `the 409 says it is not published: ${refusal}`)
  await snap(page, 'automation-enable-refused-zh-CN-1280')
  await wf.getByTestId('workflow-publish').click()
  await wf.getByTestId('workflow-version').filter({ hasText: '版本 1' }).waitFor()
  await wf.getByTestId('workflow-enabled').click()
  await wf.locator('[data-testid=workflow-enabled][aria-checked=true]').waitFor()
  await wf.getByText('尚未运行').waitFor()

  // 3. edit a person's title on the record page
  const people = await apiJson<{ data: { id: string; name: string }[] }>(
    page,
    'get',
    '/api/v1/records/person?limit=1',
  )
  const person = people.data[0]
  expect(person, 'a demo person')
  personId = person.id
  await page.goto(`${BASE_URL}/o/person/${person.id}`)
  await page.getByTestId('record-title').waitFor()
  await page.locator('[data-field=title] [data-inline-edit]').click()
  const input = page.getByTestId('inline-editor').locator('input').first()
  await input.fill(`首席体验官${stamp}`)
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(person.id))
  await input.press('Enter')
  expect((await patched).status() === 200, 'the edit saved')
  const done = await finishedRun(page, workflowId, person.id)
  expect(done.status === 'succeeded', `the run succeeded: ${JSON.stringify(done)}`)

  // 4. the run history of this workflow: the run, then its steps
  await page.goto(`${BASE_URL}/settings/workflows`)
  await tr(page, name).getByTestId('workflow-last-run').waitFor()
  await tr(page, name).getByTestId('workflow-more').click()
  await page.locator('.ant-dropdown:visible').getByText('运行记录').click()
  await page.waitForURL(/\/settings\/workflow-runs\?workflowId=/)
  const runRow = page.locator(`[data-testid=run-row][data-run="${done.id}"]`)
  await runRow.waitFor()
  const line = page.locator('tr').filter({ has: runRow })
  await line.locator('[data-testid=run-status][data-status=succeeded]').waitFor()
  await line.getByText('记录更新').waitFor()
  await line.getByTestId('run-record').filter({ hasText: person.name }).waitFor()
  await snap(page, 'automation-runs-zh-CN-1280')
  await runRow.getByRole('button', { name }).click()
  const detail = page.getByTestId('run-detail-body')
  await detail.waitFor()
  const steps = detail.getByTestId('run-step')
  expect((await steps.count()) === 2, `two steps: ${await steps.count()}`)
  expect((await steps.nth(0).getAttribute('data-step')) === 'note', 'the note first')
  expect((await steps.nth(1).getAttribute('data-step')) === 'task', 'then the task')
  await steps.nth(0).getByText('添加备注').waitFor()
  await steps.nth(0).getByText('输入').click()
  await steps.nth(0).getByTestId('run-json').first().waitFor()
  const noteInput = await steps.nth(0).getByTestId('run-json').first().innerText()
  expect(noteInput.includes(`首席体验官${stamp}`), `the note's input has the rendered text: ${noteInput}`)
  await steps.nth(1).getByText('输出').click()
  await steps.nth(1).getByTestId('run-json').first().waitFor()
  expect((await page.getByTestId('run-retry').count()) === 0, 'a succeeded run cannot be retried')
  await snap(page, 'automation-run-detail-zh-CN-1280')

  // the note the workflow wrote is on the record's timeline
  await page.goto(`${BASE_URL}/o/person/${person.id}`)
  await page.getByTestId('timeline').getByText(`的职位变为 首席体验官${stamp}`).first().waitFor()
  expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
})

test('"Run workflow" on a record page starts a manual workflow and links to its runs', async (t) => {
  const { page } = await t.newPage()
  await loginAs(page)
  const name = `发送欢迎资料 ${stamp}`
  const created = await apiJson<{ id: string }>(page, 'post', '/api/v1/workflows', {
    name,
    definition: {
      trigger: { type: 'manual', object: 'person', bulk: true },
      start: 'note',
      steps: [
        { id: 'note', type: 'add_note', body: '已发送欢迎资料（{{trigger.record.name}}）', next: null },
      ],
    },
  })
  manualId = created.id
  await apiJson(page, 'post', `/api/v1/workflows/${manualId}/publish`)
  await apiJson(page, 'post', `/api/v1/workflows/${manualId}/enable`)

  await page.goto(`${BASE_URL}/o/person/${personId}`)
  await page.getByTestId('record-title').waitFor()
  await page.getByTestId('record-more').click()
  await page.locator('.ant-dropdown:visible [data-testid=run-workflow]').filter({ hasText: name }).waitFor()
  await snap(page, 'automation-record-menu-zh-CN-1280')
  await page.locator('.ant-dropdown:visible [data-testid=run-workflow]').filter({ hasText: name }).click()
  const started = page.waitForResponse((r) => r.url().endsWith(`/workflows/${manualId}/run`))
  await page.getByTestId('run-workflow-ok').click()
  expect((await started).status() === 202, 'the manual start is accepted')
  await page.getByTestId('run-workflow-history').click()
  await page.waitForURL(/\/settings\/workflow-runs\?workflowId=.*recordId=/)
  await page.getByTestId('runs-filter-record').waitFor()
  await page.getByTestId('run-row').first().waitFor()
  const done = await finishedRun(page, manualId, personId)
  expect(done.status === 'succeeded', `the manual run succeeded: ${JSON.stringify(done)}`)

  // a run that fails (its HTTP call finds nobody listening): the error, then a retry from that step
  const erp = await apiJson<{ id: string }>(page, 'post', '/api/v1/workflows', {
    name: `同步到 ERP ${stamp}`,
    definition: {
      trigger: { type: 'manual', object: 'person' },
      start: 'note',
      steps: [
        { id: 'note', type: 'add_note', body: '正在同步到 ERP', next: 'call' },
        {
          id: 'call',
          type: 'http',
          url: 'http://127.0.0.1:9/erp/customers',
          method: 'POST',
          body: '{"name":"{{trigger.record.name}}"}',
          timeoutMs: 2000,
          retries: 0,
          next: null,
        },
      ],
    },
  })
  await apiJson(page, 'post', `/api/v1/workflows/${erp.id}/publish`)
  await apiJson(page, 'post', `/api/v1/workflows/${erp.id}/enable`)
  await apiJson(page, 'post', `/api/v1/workflows/${erp.id}/run`, { recordIds: [personId] })
  const failed = await finishedRun(page, erp.id, personId)
  expect(failed.status === 'failed', `the ERP call fails: ${JSON.stringify(failed)}`)
  failedRunId = failed.id
  // off again: the record menu below keeps one manual workflow
  await apiJson(page, 'post', `/api/v1/workflows/${erp.id}/disable`)
  await page.goto(`${BASE_URL}/settings/workflow-runs?status=failed`)
  const failedRow = page.locator(`[data-testid=run-row][data-run="${failed.id}"]`)
  await failedRow.waitFor()
  const failedLine = page.locator('tr').filter({ has: failedRow })
  expect((await failedLine.getByTestId('run-error').innerText()).length > 0, 'the error is in the row')
  await failedRow.getByRole('button').click()
  const call = page.locator('[data-testid=run-step][data-step=call]')
  await call.getByTestId('step-error').waitFor()
  await call.locator('[data-testid=step-status]').filter({ hasText: '失败' }).waitFor()
  await call.getByTestId('run-json').first().waitFor()
  expect(
    (await call.getByTestId('run-json').first().innerText()).includes('127.0.0.1:9/erp/customers'),
    'the failed call shows its request',
  )
  await snap(page, 'automation-run-failed-zh-CN-1280')
  await page.getByTestId('run-retry').click()
  const retried = page.waitForResponse((r) => r.url().endsWith(`/workflow-runs/${failed.id}/retry`))
  await page.getByTestId('run-retry-ok').click()
  expect((await retried).status() === 200, 'the retry is accepted')
  await page.getByText('已重新开始运行').waitFor()

  // the list's selection runs it on several people
  await page.goto(`${BASE_URL}/o/person`)
  const boxes = page.locator('[data-testid=record-table] tbody tr').getByRole('checkbox')
  await boxes.first().waitFor()
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.getByTestId('bulk-run-workflow').click()
  await page.locator('.ant-dropdown:visible').getByText(name).click()
  const bulk = page.waitForResponse((r) => r.url().endsWith(`/workflows/${manualId}/run`))
  await page.getByTestId('run-workflow-ok').click()
  const answer = await bulk
  expect(answer.status() === 202, `bulk start: ${answer.status()}`)
  expect(((await answer.json()) as { runIds: string[] }).runIds.length === 2, 'two runs')
  expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
})

test('someone without the automation right who may read people sees and uses "Run workflow"', async (t) => {
  const admin = (await t.newPage()).page
  await loginAs(admin)
  const role = await apiJson<{ id: string }>(admin, 'post', '/api/v1/roles', { name: `只读联系人 ${stamp}` })
  const r = await admin.request.put(`${BASE_URL}/api/v1/roles/${role.id}/grants/person`, {
    data: {
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all',
      writeScope: 'none',
    },
  })
  expect(r.ok(), `grant: ${r.status()} ${await r.text()}`)
  const reader = { email: `runner-${stamp}@kemai.local`, password: 'spring-tea-42' }
  await apiJson(admin, 'post', '/api/v1/users', { ...reader, name: `运行者 ${stamp}`, roleId: role.id })

  const { page } = await t.newPage()
  await loginAs(page, reader.email, reader.password)
  // the workflows list is not theirs to see, the manual ones of people are
  expect((await page.request.get(`${BASE_URL}/api/v1/workflows`)).status() === 403, 'no workflows list')
  await page.goto(`${BASE_URL}/o/person/${personId}`)
  await page.getByTestId('record-title').waitFor()
  await page.getByTestId('record-more').click()
  const entry = page.locator('.ant-dropdown:visible [data-testid=run-workflow]').first()
  await entry.waitFor()
  expect(
    (await entry.innerText()).includes('发送欢迎资料'),
    `the manual workflow: ${await entry.innerText()}`,
  )
  expect(
    (await page.locator('.ant-dropdown:visible .ant-dropdown-menu-item-danger').count()) === 0,
    'no delete for a reader',
  )
  await page.waitForTimeout(300)
  await snap(page, 'automation-reader-record-menu-zh-CN-1280')
  const before = (
    await apiJson<{ data: Run[] }>(
      admin,
      'get',
      `/api/v1/workflow-runs?workflowId=${manualId}&recordId=${personId}`,
    )
  ).data.length
  await entry.click()
  const started = page.waitForResponse((x) => x.url().endsWith(`/workflows/${manualId}/run`))
  await page.getByTestId('run-workflow-ok').click()
  expect((await started).status() === 202, 'the reader may start it')
  const deadline = Date.now() + 60_000
  let after: Run[] = []
  while (Date.now() < deadline) {
    after = (
      await apiJson<{ data: Run[] }>(
        admin,
        'get',
        `/api/v1/workflow-runs?workflowId=${manualId}&recordId=${personId}`,
      )
    ).data
    if (after.length > before && after.every((x) => x.status !== 'running')) break
    await page.waitForTimeout(500)
  }
  expect(after.length === before + 1, `one more run: ${before} → ${after.length}`)
  expect(after[0]?.status === 'succeeded', `the reader's run succeeded: ${JSON.stringify(after[0])}`)
  expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
})

test('automation pages in both languages at 1280 and 390 px', async (t) => {
  for (const width of [1280, 390]) {
    const { page } = await t.newPage({ width, height: width === 390 ? 844 : 800 })
    await loginAs(page)
    for (const locale of ['zh-CN', 'en'] as const) {
      // a language chosen in this browser wins over the user's; every page below is a fresh load
      await page.evaluate((l) => localStorage.setItem('kemai.locale', l), locale)
      const tag = `${locale}-${width}`
      await page.goto(`${BASE_URL}/settings/workflows`)
      await page.getByTestId('workflow-row').first().waitFor()
      await page.getByTestId('workflow-last-run').first().waitFor()
      await expectNoPageOverflow(page)
      await snap(page, `automation-workflows-${tag}`)
      await page.getByTestId('workflow-from-template').click()
      await page.locator('[data-testid=workflow-template]').first().waitFor()
      await page.waitForTimeout(400)
      await snap(page, `automation-templates-${tag}`)
      await page.keyboard.press('Escape')
      await page.getByTestId('templates-drawer').waitFor({ state: 'hidden' })

      await page.goto(`${BASE_URL}/settings/workflow-runs`)
      await page.getByTestId('run-row').first().waitFor()
      await expectNoPageOverflow(page)
      await snap(page, `automation-runs-${tag}`)
      await page.goto(`${BASE_URL}/settings/workflow-runs?workflowId=${workflowId}`)
      await page.getByTestId('run-row').first().locator('button').click()
      await page.getByTestId('run-detail-body').waitFor()
      await page
        .getByTestId('run-step')
        .first()
        .getByText(locale === 'en' ? 'Input' : '输入')
        .click()
      await page.getByTestId('run-json').first().waitFor()
      await page.waitForTimeout(400)
      await snap(page, `automation-run-detail-${tag}`)

      await page.goto(`${BASE_URL}/settings/workflow-runs?run=${failedRunId}`)
      // the failed call, then its retry (a step row of its own)
      await page.locator('[data-testid=run-step][data-step=call]').last().getByTestId('step-error').waitFor()
      await page.waitForTimeout(400)
      await snap(page, `automation-run-failed-${tag}`)

      await page.goto(`${BASE_URL}/o/person/${personId}`)
      await page.getByTestId('record-title').waitFor()
      await page.getByTestId('record-more').click()
      await page.locator('.ant-dropdown:visible [data-testid=run-workflow]').first().waitFor()
      await page.waitForTimeout(400)
      await snap(page, `automation-record-menu-${tag}`)
      await page.keyboard.press('Escape')
    }
    expect(pageErrors(page).length === 0, `no page errors: ${pageErrors(page).join(' | ')}`)
  }
})

await run()

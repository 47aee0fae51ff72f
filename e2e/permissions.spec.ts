import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { animationsDone, expectNoPageOverflow, loginAs, waitForRows } from './fixtures.ts'
import { BASE_URL, DEMO, expect, pageErrors, run, shot, test } from './harness.ts'

// Issue 4: a permission-limited user cannot see or edit what the role forbids. The demo admin makes,
// through the API, a role that reads every person but may not create, change or delete one, with the
// person's mobile hidden and email read-only and no grant at all on companies (and no `*` default), and a
// user with that role. That user then works in Chromium, in Chinese and English at 1280 and 390 px.

const stamp = Date.now().toString(36).slice(-5)
const SHOTS = '/tmp/kemai/shots/permissions'
const PASSWORD = 'spring-tea-42'
const reader = { email: `reader-${stamp}@kemai.local`, name: `只读${stamp}` }
/** what the set-up found and changed (a person with a company and a mobile) */
const seen = {
  personId: '',
  personName: '',
  companyId: '',
  companyName: '',
  mobile: '',
  title: `客户成功${stamp}`,
  /** the members of a duplicate cluster the set-up's scan found */
  mergeIds: '',
}

async function snap(page: Page, name: string): Promise<void> {
  const path = await shot(page, name)
  mkdirSync(SHOTS, { recursive: true })
  copyFileSync(path, join(SHOTS, `${name}.png`))
}

interface Answer {
  status: number
  body: Record<string, unknown>
  text: string
}

async function call(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; lang?: string; version?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'Accept-Language': opts.lang ?? 'zh-CN' }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  if (opts.version !== undefined) headers['If-Match'] = String(opts.version)
  const r = await fetch(`${BASE_URL}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await r.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // CSV
  }
  return { status: r.status, body, text }
}

async function login(email: string, password: string): Promise<string> {
  const r = await call('POST', '/api/v1/auth/login', { body: { email, password } })
  expect(r.status === 200, `login ${email}: ${r.status} ${r.text.slice(0, 200)}`)
  return String(r.body.token)
}

/** The last 8 digits of the mobile: the value in any format (E.164, grouped, tel: link). */
const mobileDigits = () => seen.mobile.replace(/\D/g, '').slice(-8)
const pageDigits = async (page: Page) => (await page.locator('body').innerText()).replace(/\D/g, '')

test('set-up through the API: the role, its user; the API refuses what the role forbids', async () => {
  const admin = await login(DEMO.email, DEMO.password)
  const role = await call('POST', '/api/v1/roles', { token: admin, body: { name: `只读联系人${stamp}` } })
  expect(role.status === 201, `role ${role.status} ${role.text}`)
  const grant = await call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
    token: admin,
    body: {
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all',
      writeScope: 'none',
      fields: { mobile: 'hidden', email: 'read' },
    },
  })
  expect(grant.status === 200, `grant ${grant.status} ${grant.text}`)
  const grants = grant.body.grants as { object: string }[]
  expect(
    grants.length === 1 && grants[0]?.object === 'person',
    `only a person grant: ${JSON.stringify(grants)}`,
  )
  const user = await call('POST', '/api/v1/users', {
    token: admin,
    body: { ...reader, password: PASSWORD, roleId: role.body.id },
  })
  expect(user.status === 201, `user ${user.status} ${user.text}`)

  // a person with a company and a mobile; the admin changes the mobile and the title, so the timeline
  // holds a change the reader may see (title) and one it may not (mobile)
  const filter = JSON.stringify({
    and: [
      { field: 'company', op: 'is_not_empty' },
      { field: 'mobile', op: 'is_not_empty' },
    ],
  })
  const found = await call('GET', `/api/v1/records/person?limit=1&filter=${encodeURIComponent(filter)}`, {
    token: admin,
  })
  const person = (found.body.data as Record<string, unknown>[])[0]
  expect(person, `a person with a company and a mobile: ${found.text.slice(0, 200)}`)
  const company = await call('GET', `/api/v1/records/company/${person.company}`, { token: admin })
  seen.personId = String(person.id)
  seen.personName = String(person.name)
  seen.companyId = String(person.company)
  seen.companyName = String(company.body.name)
  seen.mobile = '+8613912345678'
  const changed = await call('PATCH', `/api/v1/records/person/${seen.personId}`, {
    token: admin,
    version: Number(person.version),
    body: { mobile: seen.mobile, title: seen.title },
  })
  expect(changed.status === 200, `admin PATCH ${changed.status} ${changed.text}`)

  const token = await login(reader.email, PASSWORD)
  // reads: the person without its mobile, the timeline without the mobile's history
  const read = await call('GET', `/api/v1/records/person/${seen.personId}`, { token })
  expect(read.status === 200 && !('mobile' in read.body), `person as the reader: ${read.text.slice(0, 300)}`)
  expect(read.body.email !== undefined && read.body.company === person.company, 'email and company readable')
  const timeline = await call('GET', `/api/v1/records/person/${seen.personId}/timeline?limit=50`, { token })
  const changes = (timeline.body.data as { kind: string; change?: { field: string } }[])
    .filter((i) => i.kind === 'change')
    .map((i) => i.change?.field)
  expect(
    changes.includes('title') && !changes.includes('mobile'),
    `timeline changes: ${JSON.stringify(changes)}`,
  )
  expect(!timeline.text.includes(mobileDigits()), 'the timeline does not carry the mobile')
  // global search (Ctrl+K) neither finds the person by the hidden mobile nor shows it under a hit
  const byMobile = await call('GET', `/api/v1/search?q=${seen.mobile.slice(3)}`, { token })
  const adminByMobile = await call('GET', `/api/v1/search?q=${seen.mobile.slice(3)}`, { token: admin })
  expect(adminByMobile.text.includes(seen.personId), 'the admin finds the person by the mobile')
  expect(
    byMobile.status === 200 && !byMobile.text.includes(seen.personId),
    `search by the mobile: ${byMobile.text.slice(0, 300)}`,
  )
  const byName = await call('GET', `/api/v1/search?q=${encodeURIComponent(seen.personName)}`, { token })
  expect(
    byName.text.includes(seen.personId) && !byName.text.includes(mobileDigits()),
    `search by the name: ${byName.text.slice(0, 300)}`,
  )
  // metadata: no company object, no mobile field, no inverse lists of objects the reader cannot read
  const meta = await call('GET', '/api/v1/metadata/objects', { token })
  const objects = meta.body.data as { name: string; fields: { name: string }[]; inverses: unknown[] }[]
  const personMeta = objects.find((o) => o.name === 'person')
  expect(objects.map((o) => o.name).join() === 'person', `objects: ${objects.map((o) => o.name).join()}`)
  expect(
    personMeta && !personMeta.fields.some((f) => f.name === 'mobile') && personMeta.inverses.length === 0,
    `person metadata: ${JSON.stringify(personMeta?.fields.map((f) => f.name))} ${JSON.stringify(personMeta?.inverses)}`,
  )
  // writes are refused in the caller's language
  for (const [lang, title] of [
    ['zh-CN', '没有权限执行此操作'],
    ['en', 'You do not have permission to do this'],
  ] as const) {
    const patch = await call('PATCH', `/api/v1/records/person/${seen.personId}`, {
      token,
      lang,
      version: Number(read.body.version),
      body: { title: 'x' },
    })
    expect(
      patch.status === 403 && patch.body.code === 'forbidden' && patch.body.title === title,
      `PATCH as the reader (${lang}): ${patch.status} ${patch.text}`,
    )
    const companies = await call('GET', '/api/v1/records/company?limit=1', { token, lang })
    expect(
      companies.status === 403 && companies.body.title === title,
      `GET company (${lang}): ${companies.status} ${companies.text}`,
    )
  }
  const created = await call('POST', '/api/v1/records/person', { token, body: { name: '不该有' } })
  expect(created.status === 403, `POST person as the reader: ${created.status}`)
  const removed = await call('DELETE', `/api/v1/records/person/${seen.personId}`, {
    token,
    version: Number(read.body.version),
  })
  expect(removed.status === 403, `DELETE person as the reader: ${removed.status}`)
  // export is reading: allowed, without the hidden column
  const own = JSON.stringify({ field: 'id', op: 'eq', value: seen.personId })
  const csv = await call('GET', `/api/v1/records/person/export.csv?filter=${encodeURIComponent(own)}`, {
    token,
  })
  const header = csv.text.split('\n')[0] ?? ''
  expect(csv.status === 200, `export ${csv.status} ${csv.text.slice(0, 200)}`)
  expect(header.includes('邮箱') && !header.includes('手机'), `export header: ${header}`)
  expect(!csv.text.includes(mobileDigits()), 'the export does not carry the mobile')
  // a filter on the hidden field is refused like an unknown field, so it cannot probe the values
  const probe = await call('GET', `/api/v1/records/person?filter=${encodeURIComponent(filter)}`, { token })
  expect(probe.status === 400 && probe.body.code === 'invalid_filter', `filter on mobile: ${probe.status}`)

  // the data tools: the admin makes two pairs of likely duplicates and scans for them; the reader may
  // see the review queue but not scan, dismiss or merge, and neither import nor see companies' queue
  for (const body of [
    { name: `欧阳${stamp}`, mobile: '139-2222-3333' },
    { name: `欧阳${stamp}`, mobile: '+86 139 2222 3333' },
    { name: `司马${stamp}`, email: `sima.${stamp}@example.com` },
    { name: `司马${stamp}`, email: `SIMA.${stamp}@example.com` },
  ]) {
    const r = await call('POST', '/api/v1/records/person?allowDuplicate=true', { token: admin, body })
    expect(r.status === 201, `create ${body.name}: ${r.status} ${r.text}`)
  }
  const started = await call('POST', '/api/v1/dedup/person/scan', { token: admin })
  expect(started.status === 202, `scan: ${started.status} ${started.text}`)
  const deadline = Date.now() + 120_000
  for (;;) {
    const s = await call('GET', '/api/v1/dedup/person/scan', { token: admin })
    const status = (s.body.scan as { status?: string } | null)?.status
    if (status === 'done') break
    expect(status !== 'failed' && Date.now() < deadline, `the scan: ${s.text.slice(0, 300)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
  const state = await call('GET', '/api/v1/dedup/person/scan', { token })
  expect(
    state.status === 200 && state.body.canScan === false && state.body.canConfigure === false,
    `queue state as the reader: ${state.text.slice(0, 300)}`,
  )
  const clusters = await call('GET', '/api/v1/dedup/person/clusters', { token })
  const mine = (clusters.body.data as { id: string; members: { id: string; title: string }[] }[]).find((c) =>
    c.members.some((m) => m.title === `欧阳${stamp}`),
  )
  expect(mine, `the reader sees the cluster: ${clusters.text.slice(0, 300)}`)
  const scan = await call('POST', '/api/v1/dedup/person/scan', { token })
  expect(scan.status === 403, `scan as the reader: ${scan.status}`)
  const dismiss = await call('POST', `/api/v1/dedup/clusters/${mine.id}/dismiss`, { token })
  expect(dismiss.status === 403, `dismiss as the reader: ${dismiss.status}`)
  const ids = mine.members.map((m) => m.id).join(',')
  const preview = await call('GET', `/api/v1/records/person/merge/preview?ids=${ids}`, { token })
  expect(
    preview.status === 403,
    `merge preview as the reader: ${preview.status} ${preview.text.slice(0, 200)}`,
  )
  seen.mergeIds = ids
  const companyQueue = await call('GET', '/api/v1/dedup/company/clusters', { token })
  expect(companyQueue.status === 404, `companies' queue as the reader: ${companyQueue.status}`)
})

test('the reader in Chinese and English, at 1280 and 390 px', async (t) => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const en = locale === 'en'
    const words = {
      people: en ? 'People' : '联系人',
      companies: en ? 'Companies' : '公司',
      mobile: en ? 'Mobile' : '手机',
      email: en ? 'Email' : '邮箱',
      restricted: en ? 'No access' : '无权查看',
    }
    for (const width of [1280, 390]) {
      const phone = width === 390
      const tag = `${locale}-${width}`
      const { page } = await t.newPage({ width, height: phone ? 844 : 800, locale })
      await loginAs(page, reader.email, PASSWORD)
      if (en) await page.evaluate(`localStorage.setItem('kemai.locale', 'en')`)

      // 1. the list: navigation, columns, no create, no pencils
      await page.goto(`${BASE_URL}/o/person`)
      await waitForRows(page)
      const nav = phone ? page.getByTestId('bottom-nav') : page.locator('.km-nav')
      await nav.locator('a[href="/o/person"]').filter({ hasText: words.people }).first().waitFor()
      expect((await page.locator('a[href="/o/company"]').count()) === 0, 'no link to companies')
      expect((await page.getByTestId('new-record').count()) === 0, 'no "new" button')
      expect((await page.locator('.km-inline-pen, .km-inline-trigger').count()) === 0, 'no inline edit')
      if (phone) {
        // the drawer lists the objects too
        await page.getByRole('button', { name: en ? 'Open menu' : '打开菜单' }).click()
        const drawer = page.locator('.km-nav-drawer')
        await drawer.getByText(words.people, { exact: true }).first().waitFor()
        await animationsDone(page, '.ant-drawer')
        expect((await drawer.getByText(words.companies, { exact: true }).count()) === 0, 'no companies')
        await snap(page, `permissions-nav-${tag}`)
        await page.keyboard.press('Escape')
        await drawer.waitFor({ state: 'hidden' })
      } else {
        const table = page.getByTestId('record-table')
        const headers = await table.getByRole('columnheader').allInnerTexts()
        expect(
          headers.includes(words.email) && !headers.includes(words.mobile),
          `columns: ${headers.join(' | ')}`,
        )
        await page.getByTestId('columns-button').click()
        const picker = page.getByTestId('column-picker')
        await picker.getByRole('checkbox', { name: words.email, exact: true }).waitFor()
        expect(
          (await picker.getByRole('checkbox', { name: words.mobile, exact: true }).count()) === 0,
          'the column picker does not offer the mobile',
        )
        await snap(page, `permissions-columns-${tag}`)
        await page.keyboard.press('Escape')
        await picker.waitFor({ state: 'hidden' })
      }
      expect(!(await pageDigits(page)).includes(mobileDigits()), 'the list does not show the mobile')
      await snap(page, `permissions-list-${tag}`)

      // 2. a selection offers export only
      const box = phone
        ? page.getByTestId('record-cards').getByRole('checkbox').first()
        : page.getByTestId('record-table').locator('tbody tr').first().getByRole('checkbox')
      await box.click()
      const bar = page.getByTestId('bulk-bar')
      await bar.getByTestId('export-button').waitFor()
      for (const id of ['bulk-edit', 'bulk-owner-button', 'bulk-delete', 'bulk-merge'])
        expect((await bar.getByTestId(id).count()) === 0, `no ${id} on a selection`)
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-selected-${tag}`)
      if (!phone && !en) {
        // the export the UI offers is the one the server allows: a file without the hidden column
        await bar.getByTestId('export-button').click()
        const download = page.waitForEvent('download')
        await page.getByRole('menuitem', { name: /CSV/ }).click()
        const file = await download
        const header = readFileSync(await file.path(), 'utf8').split('\n')[0] ?? ''
        expect(header.includes('邮箱') && !header.includes('手机'), `exported header: ${header}`)
      }

      // 3. the person: read-only, no mobile anywhere, the company not named
      await page.goto(`${BASE_URL}/o/person/${seen.personId}`)
      await page.getByTestId('record-title').filter({ hasText: seen.personName }).waitFor()
      const fields = page.getByTestId('record-fields')
      await fields.getByText(seen.title).first().waitFor()
      expect((await page.getByTestId('record-edit').count()) === 0, 'no edit button')
      expect((await page.getByTestId('record-more').count()) === 0, 'no delete menu')
      expect((await page.locator('.km-inline-pen, .km-inline-trigger').count()) === 0, 'no inline edit')
      const restricted = page.getByTestId('restricted-record').first()
      await restricted.waitFor()
      expect((await restricted.innerText()).includes(words.restricted), 'the company is "no access"')
      expect((await restricted.locator('a').count()) === 0, 'the company is not a link')
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-record-${tag}`)
      // the timeline (on a phone, the first tab below the sections): the title's change, not the mobile's
      await page.getByTestId('timeline').getByText(seen.title).first().waitFor()
      // the company is not named by the header or the fields (activities may name it in their own words)
      const shown = `${await page.getByTestId('key-fields').innerText()}\n${await fields.innerText()}`
      expect(!shown.includes(seen.companyName), 'the company name does not leak')
      const text = await page.locator('body').innerText()
      expect(!text.includes(`${words.mobile}\n`) && !text.includes(`${words.mobile}：`), 'no mobile label')
      expect(!(await pageDigits(page)).includes(mobileDigits()), 'the mobile does not leak')
      await page.getByTestId('timeline').scrollIntoViewIfNeeded()
      await snap(page, `permissions-record-timeline-${tag}`)

      // 4. companies, opened by address: a page that says why, not a blank or a spinner
      await page.goto(`${BASE_URL}/o/company`)
      const denied = page.getByTestId('object-forbidden')
      await denied.waitFor()
      const said = await denied.innerText()
      expect(
        said.includes(en ? 'You do not have permission to do this' : '没有权限执行此操作'),
        `forbidden page: ${said}`,
      )
      await snap(page, `permissions-company-${tag}`)
      await page.goto(`${BASE_URL}/o/company/${seen.companyId}`)
      await page.getByTestId('object-forbidden').waitFor()
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-company-record-${tag}`)
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

test('the reader on the data tools: duplicates read-only, no import, no cleanse, no merge', async (t) => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const en = locale === 'en'
    for (const width of [1280, 390]) {
      const phone = width === 390
      const tag = `${locale}-${width}`
      const { page } = await t.newPage({ width, height: phone ? 844 : 800, locale })
      await loginAs(page, reader.email, PASSWORD)
      if (en) await page.evaluate(`localStorage.setItem('kemai.locale', 'en')`)

      // 1. the review queue: the clusters with their reasons, no scan, no merge, no "not duplicates"
      await page.goto(`${BASE_URL}/o/person/duplicates`)
      const card = page.getByTestId('dedup-cluster').filter({ hasText: `欧阳${stamp}` })
      await card.waitFor()
      const note = await page.getByTestId('dedup-readonly').innerText()
      expect(
        note.includes(en ? 'Your role can only look at these groups' : '你的角色只能查看这些分组'),
        `read-only note: ${note}`,
      )
      for (const id of ['dedup-start', 'dedup-merge', 'dedup-dismiss', 'dedup-setting'])
        expect((await page.getByTestId(id).count()) === 0, `no ${id} for the reader`)
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-duplicates-${tag}`)

      // 2. the import, opened by address: why not, and the way back
      await page.goto(`${BASE_URL}/o/person/import`)
      const denied = page.getByTestId('action-forbidden')
      await denied.waitFor()
      const reason = await page.getByTestId('action-forbidden-reason').innerText()
      expect(
        reason ===
          (en
            ? 'Your role may not create people, so it cannot import them.'
            : '你的角色不能新建联系人，因此不能导入。'),
        `import reason: ${reason}`,
      )
      expect((await page.getByTestId('import-step-0').count()) === 0, 'no upload for the reader')
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-import-${tag}`)
      if (!phone) {
        await denied.getByRole('link').click()
        await page.waitForURL(/\/o\/person$/)
        await waitForRows(page)
      }

      // 3. cleansing and merging, by address: the reason instead of a page that would fail
      await page.goto(`${BASE_URL}/o/person/cleanse`)
      await page.getByTestId('action-forbidden').waitFor()
      expect((await page.getByTestId('cleanse-scan').count()) === 0, 'no cleanse scan for the reader')
      await page.goto(`${BASE_URL}/o/person/merge?ids=${seen.mergeIds}`)
      await page.getByTestId('action-forbidden').waitFor()
      expect((await page.getByTestId('merge-submit').count()) === 0, 'no merge for the reader')
      if (!phone && !en) await snap(page, `permissions-merge-${tag}`)

      // 4. the companies' queue: "no access" in the server's words, not "not found"
      await page.goto(`${BASE_URL}/o/company/duplicates`)
      const forbidden = page.getByTestId('object-forbidden')
      await forbidden.waitFor()
      const said = await forbidden.innerText()
      expect(
        said.includes(en ? 'You do not have permission to do this' : '没有权限执行此操作'),
        `companies' queue: ${said}`,
      )
      if (phone) await expectNoPageOverflow(page)
      await snap(page, `permissions-company-duplicates-${tag}`)
      expect(pageErrors(page).length === 0, `page errors: ${pageErrors(page).join('; ')}`)
    }
  }
})

await run()

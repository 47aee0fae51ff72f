import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../platform/access/actor.ts'
import { createTestKernel, type TestKernel } from '../test/kernel.ts'
import { type SeedDemoResult, seedDemo } from './seed.ts'
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERS } from './team.ts'

describe('seedDemo', () => {
  let t: TestKernel
  let first: SeedDemoResult
  let seconds: number
  let owner: Actor

  beforeAll(async () => {
    t = await createTestKernel()
    const started = performance.now()
    first = await seedDemo(t.kernel, { log: (line) => console.info(`demo seed: ${line}`) })
    seconds = (performance.now() - started) / 1000
    owner = await t.kernel.services.access.loadActor({
      workspaceId: first.workspaceId,
      userId: (await t.kernel.services.access.auth.login(DEMO_EMAIL, DEMO_PASSWORD, {})).user.id,
      channel: 'api',
      locale: 'zh-CN',
    })
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('creates the demo workspace with its users, teams, companies, people and activities', async () => {
    console.info(`demo seed (${t.database.kind}): ${seconds.toFixed(1)} s`, first.counts)
    expect(first).toMatchObject({ email: 'demo@kemai.local', password: 'kemai-demo', created: true })
    expect(first.counts.users).toBe(8)
    expect(first.counts.teams).toBe(6)
    expect(first.counts.companies).toBeGreaterThanOrEqual(220)
    expect(first.counts.people).toBeGreaterThanOrEqual(1100)
    expect(first.counts.activities).toBeGreaterThanOrEqual(1500)

    const { records } = t.kernel.services
    expect((await records.list(owner, 'company', { limit: 1, count: true })).total).toBe(
      first.counts.companies,
    )
    expect((await records.list(owner, 'person', { limit: 1, count: true })).total).toBe(first.counts.people)
    const users = await t.kernel.services.access.users.list(owner)
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort())
    const teams = await t.kernel.services.access.teams.list(owner)
    expect(teams.map((x) => x.name).sort()).toEqual(
      ['International Sales', '上海组', '全公司', '华南销售部', '华东销售部', '杭州组'].sort(),
    )
  })

  it('places companies across at least 20 provinces and spreads them over the sales team', async () => {
    const { records } = t.kernel.services
    const provinces = new Set<string>()
    let cursor: string | undefined
    do {
      const page = await records.list(owner, 'company', { limit: 500, ...(cursor ? { cursor } : {}) })
      for (const c of page.data) {
        const a = c.address as { province?: string } | null
        if (a?.province) provinces.add(a.province)
      }
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(provinces.size).toBeGreaterThanOrEqual(20)
    const byOwner = await records.groups(owner, 'company', { groupBy: 'owner_id' })
    expect(byOwner.length).toBe(8)
  })

  it('has 张伟 at 阿里巴巴(中国)有限公司, with a timeline', async () => {
    const { records, timeline } = t.kernel.services
    const [alibaba] = (
      await records.list(owner, 'company', {
        filter: { field: 'name', op: 'eq', value: '阿里巴巴(中国)有限公司' },
      })
    ).data
    expect(alibaba).toBeDefined()
    expect(alibaba!.phone).toMatch(/^\+86571\d{8}$/)
    const zhangWei = (
      await records.list(owner, 'person', { filter: { field: 'name', op: 'eq', value: '张伟' }, limit: 50 })
    ).data
    const atAlibaba = zhangWei.find((p) => p.company === alibaba!.id)
    expect(atAlibaba).toMatchObject({
      family_name: '张',
      given_name: '伟',
      email: 'zhangwei@alibabagroup.com',
    })
    const tl = await timeline.list(owner, 'person', atAlibaba!.id, {
      types: ['call', 'meeting', 'note', 'task', 'email'],
    })
    expect(tl.data.length).toBeGreaterThanOrEqual(5)
    // the same activities are on the company's timeline
    const companyTl = await timeline.list(owner, 'company', alibaba!.id, {
      types: ['call', 'meeting', 'note', 'task', 'email'],
      limit: 200,
    })
    expect(companyTl.data.map((x) => x.id)).toEqual(expect.arrayContaining(tl.data.map((x) => x.id)))
  })

  it('finds 张伟 by pinyin initials through the service and the HTTP API', async () => {
    const r = await t.kernel.services.search.search(owner, 'zw', { limit: 50 })
    expect(r.hits.some((h) => h.objectName === 'person' && h.title === '张伟')).toBe(true)
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
    })
    expect(login.status).toBe(200)
    const res = await t.call('GET', `/api/v1/search?q=${encodeURIComponent('zhangwei')}`, {
      token: login.body.token,
    })
    expect(res.status).toBe(200)
    expect(JSON.stringify(res.body)).toContain('张伟')
  })

  it('lets a sales rep see only their own accounts', async () => {
    const rep = DEMO_USERS.find((u) => u.key === 'hangzhouRep')!
    const login = await t.kernel.services.access.auth.login(rep.email, DEMO_PASSWORD, {})
    const actor = await t.kernel.services.access.loadActor({
      workspaceId: first.workspaceId,
      userId: login.user.id,
      channel: 'api',
      locale: 'zh-CN',
    })
    const mine = await t.kernel.services.records.list(actor, 'company', { limit: 500, count: true })
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.total).toBeLessThan(first.counts.companies)
    expect(mine.data.every((c) => c.owner_id === login.user.id)).toBe(true)
  })

  it('is idempotent: a second run writes nothing and reports the same workspace', async () => {
    const again = await seedDemo(t.kernel)
    expect(again).toEqual({ ...first, created: false })
    const { records } = t.kernel.services
    expect((await records.list(owner, 'company', { limit: 1, count: true })).total).toBe(
      first.counts.companies,
    )
  })
})

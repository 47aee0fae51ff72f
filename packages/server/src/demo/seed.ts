import type { ActivityInput } from '@kemai/shared/api/records.api'
import type { Kernel } from '../kernel.ts'
import type { Actor } from '../platform/access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { BatchOp } from '../platform/records/service.ts'
import { buildDemoDataset, DEFAULT_SEED, type DemoDataset } from './dataset.ts'
import { countActivities, findWorkspaceBySlug } from './demo.repo.ts'
import { demoLinks } from './relationships.ts'
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS, type TeamKey, type UserKey } from './team.ts'

export const DEMO_SLUG = 'demo'
export const DEMO_WORKSPACE_NAME = '客脉演示公司 (Kemai Demo)'

export interface SeedDemoOptions {
  /** PRNG seed: the same seed gives the same companies, people and activities */
  seed?: number
  /** activities are spread over the twelve months before this moment (default: now) */
  now?: Date
  /** progress lines such as `companies: 224 in 1.3 s` (the CLI prints them) */
  log?: (line: string) => void
}

export interface DemoCounts {
  users: number
  teams: number
  companies: number
  people: number
  activities: number
}

export interface SeedDemoResult {
  workspaceId: string
  email: string
  password: string
  /** false when the demo workspace existed already and nothing was written */
  created: boolean
  counts: DemoCounts
}

const BATCH = 1000
/** parallel timeline writes: PGlite queues them on its one connection, PostgreSQL runs them side by side */

type SeedKernel = Pick<Kernel, 'services' | 'createWorkspace'>

/**
 * Creates the demo workspace (slug `demo`, owner demo@kemai.local / kemai-demo) with its sales teams and
 * users, ~220 companies, ~1100 people and ~1700 activities, through the same services the API uses.
 * Idempotent: when a workspace with the slug exists, it writes nothing and returns its figures.
 * @example const { email, password } = await seedDemo(kernel)
 */
export async function seedDemo(kernel: SeedKernel, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const existing = await existingDemo(kernel)
  if (existing) return existing
  const log = opts.log ?? (() => {})
  let lap = performance.now()
  const step = (what: string) => {
    const now = performance.now()
    log(`${what} in ${((now - lap) / 1000).toFixed(1)} s`)
    lap = now
  }

  let created: Awaited<ReturnType<SeedKernel['createWorkspace']>>
  try {
    created = await kernel.createWorkspace({
      name: DEMO_WORKSPACE_NAME,
      slug: DEMO_SLUG,
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      owner: { email: DEMO_EMAIL, name: DEMO_USERS[0]!.name, password: DEMO_PASSWORD },
    })
  } catch (e) {
    // another process created it between our check and our insert
    const again = e instanceof AppError && e.status === 409 ? await existingDemo(kernel) : undefined
    if (again) return again
    throw e
  }

  const { services } = kernel
  step('workspace')
  const workspaceId = created.workspace.id
  const owner = await actorOf(kernel, workspaceId, created.owner.id, 'zh-CN')

  const teamIds: Record<TeamKey, string> = { root: created.rootTeamId } as Record<TeamKey, string>
  for (const t of DEMO_TEAMS) {
    const team = await services.access.teams.create(owner, { name: t.name, parentId: teamIds[t.parent] })
    teamIds[t.key] = team.id
  }

  const userIds = { owner: created.owner.id } as Record<UserKey, string>
  // side by side: most of the time is password hashing, which runs in libuv's thread pool
  const others = DEMO_USERS.filter((u) => u.key !== 'owner')
  const users = await Promise.all(
    others.map((u) =>
      services.access.users.create(owner, {
        email: u.email,
        name: u.name,
        password: DEMO_PASSWORD,
        locale: u.locale,
        roleId: u.role === 'admin' ? created.roles.admin : created.roles[u.role],
        teamIds: u.teams.map((m) => teamIds[m.team]),
      }),
    ),
  )
  others.forEach((u, i) => {
    userIds[u.key] = users[i]!.id
  })
  for (const u of others) {
    for (const m of u.teams.filter((x) => x.manager)) {
      await services.access.teams.setMember(owner, teamIds[m.team], userIds[u.key], { isManager: true })
    }
  }
  const actors = {} as Record<UserKey, Actor>
  for (const u of DEMO_USERS) actors[u.key] = await actorOf(kernel, workspaceId, userIds[u.key], u.locale)
  step(`teams: ${DEMO_TEAMS.length + 1}, users: ${DEMO_USERS.length}`)

  const data = buildDemoDataset({ seed: opts.seed ?? DEFAULT_SEED, now: opts.now ?? new Date() })
  step('generated')
  const companyIds = await createAll(
    kernel,
    owner,
    'company',
    data.companies.map((c) => ({ ...c.data, owner_id: userIds[c.owner] })),
  )
  step(`companies: ${companyIds.length}`)
  // contacts without a company are written first: the list's default order (newest first) then opens on
  // people with their companies, not on the few loose ones the generator adds at the end
  const order = data.people
    .map((_, i) => i)
    .sort((a, b) => Number(data.people[a]!.company !== null) - Number(data.people[b]!.company !== null))
  const createdPeople = await createAll(
    kernel,
    owner,
    'person',
    order.map((i) => {
      const p = data.people[i]!
      return {
        ...p.data,
        ...(p.company === null ? {} : { company: companyIds[p.company] }),
        owner_id: userIds[p.owner],
      }
    }),
  )
  const personIds: string[] = []
  order.forEach((i, k) => {
    personIds[i] = createdPeople[k]!
  })
  step(`people: ${personIds.length}`)
  await addActivities(kernel, data, actors, companyIds, personIds)
  step(`activities: ${data.activities.length}`)
  const links = demoLinks(
    data.people.map((p) => p.company),
    companyIds.length,
  )
  await createAll(
    kernel,
    owner,
    'person_relation',
    links.people.map((l) => ({ from_person: personIds[l.from], kind: l.kind, to_person: personIds[l.to] })),
  )
  await createAll(
    kernel,
    owner,
    'company_relation',
    links.companies.map((l) => ({
      from_company: companyIds[l.from],
      kind: l.kind,
      to_company: companyIds[l.to],
    })),
  )
  await kernel.services.records.batch(
    owner,
    'company',
    links.parents.map((p) => ({
      op: 'update',
      id: companyIds[p.child]!,
      data: { parent: companyIds[p.parent] },
    })),
    { allowDuplicate: true },
  )
  step(`relationships: ${links.people.length + links.companies.length + links.parents.length}`)

  return {
    workspaceId,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    created: true,
    counts: {
      users: DEMO_USERS.length,
      teams: DEMO_TEAMS.length + 1,
      companies: companyIds.length,
      people: personIds.length,
      activities: data.activities.length,
    },
  }
}

async function actorOf(
  kernel: SeedKernel,
  workspaceId: string,
  userId: string,
  locale: 'zh-CN' | 'en',
): Promise<Actor> {
  return kernel.services.access.loadActor({ workspaceId, userId, channel: 'system', locale })
}

async function existingDemo(kernel: SeedKernel): Promise<SeedDemoResult | undefined> {
  const { services } = kernel
  const ws = await findWorkspaceBySlug(services.database.db, DEMO_SLUG)
  if (!ws) return undefined
  const counts: DemoCounts = { users: 0, teams: 0, companies: 0, people: 0, activities: 0 }
  if (ws.ownerId) {
    const actor = await actorOf(kernel, ws.id, ws.ownerId, 'zh-CN')
    counts.users = (await services.access.users.list(actor)).length
    counts.teams = (await services.access.teams.list(actor)).length
    counts.companies = (await services.records.list(actor, 'company', { limit: 1, count: true })).total ?? 0
    counts.people = (await services.records.list(actor, 'person', { limit: 1, count: true })).total ?? 0
  }
  counts.activities = await countActivities(services.database.db, ws.id)
  return { workspaceId: ws.id, email: DEMO_EMAIL, password: DEMO_PASSWORD, created: false, counts }
}

/** Creates records in batches of up to 1000 (one multi-row insert each) and returns their ids in order. */
async function createAll(
  kernel: SeedKernel,
  actor: Actor,
  object: string,
  rows: Record<string, unknown>[],
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < rows.length; i += BATCH) {
    const ops: BatchOp[] = rows.slice(i, i + BATCH).map((data) => ({ op: 'create', data }))
    // a bulk load like an import: the demo's own near-duplicates are on purpose (docs/demo.md)
    const results = await kernel.services.records.batch(actor, object, ops, { allowDuplicate: true })
    for (const r of results) {
      if (!r.ok) throw r.error
      ids.push(r.id)
    }
  }
  return ids
}

/** Each activity is written by the account's owner, so the timeline shows who did what. */
async function addActivities(
  kernel: SeedKernel,
  data: DemoDataset,
  actors: Record<UserKey, Actor>,
  companyIds: string[],
  personIds: string[],
): Promise<void> {
  // one bulk write per owner (each activity is written as its owner)
  const byOwner = new Map<UserKey, { object: string; id: string; input: ActivityInput }[]>()
  for (const a of data.activities) {
    const companyId = a.company === null ? null : companyIds[a.company]!
    const item =
      a.person !== null
        ? {
            object: 'person',
            id: personIds[a.person]!,
            input: { ...a.draft, links: companyId ? [{ object: 'company', id: companyId }] : [] },
          }
        : companyId
          ? { object: 'company', id: companyId, input: { ...a.draft } }
          : null
    if (item) byOwner.set(a.owner, [...(byOwner.get(a.owner) ?? []), item])
  }
  for (const [owner, items] of byOwner) await kernel.services.timeline.addActivities(actors[owner], items)
}

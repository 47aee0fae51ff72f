import { LOCALES, type Locale } from '@kemai/shared/i18n/messages'
import { audit } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, type Tx, withPlatform } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import { checkPasswordPolicy, hashPassword } from './passwords.ts'
import { ANY_OBJECT } from './permissions.ts'
import { insertRole, upsertGrant } from './roles.repo.ts'
import { insertTeam, upsertMember } from './teams.repo.ts'
import { emailTaken, insertUser, isEmailUniqueViolation, type UserRow } from './users.repo.ts'
import { insertWorkspace, isSlugUniqueViolation, slugTaken, type WorkspaceRow } from './workspaces.repo.ts'

export interface CreateWorkspaceInput {
  name: string
  slug: string
  timeZone?: string | undefined
  locale?: Locale | undefined
  currency?: string | undefined
  owner: { email: string; name: string; password: string }
}

export interface CreatedWorkspace {
  workspace: WorkspaceRow
  owner: UserRow
  roles: { admin: string; salesRep: string; salesManager: string }
  rootTeamId: string
}

/** Called inside the workspace's creating transaction (platform rights: it may run DDL). */
export type WorkspaceCreatedHook = (trx: Tx, created: CreatedWorkspace) => Promise<void>

/**
 * Runs in order, in the same transaction, after the workspace, its roles, root team and owner exist:
 * the metadata engine registers here to create the workspace schema and the system objects.
 * @example onWorkspaceCreated.push(async (trx, { workspace }) => createWorkspaceSchema(trx, workspace.db_schema))
 */
export const onWorkspaceCreated: WorkspaceCreatedHook[] = []

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const CURRENCY = /^[A-Z]{3}$/

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const DEFAULT_ROLES = {
  salesRep: {
    name: { 'zh-CN': '销售代表', en: 'Sales rep' },
    description: { 'zh-CN': '管理自己负责的客户和商机', en: 'Works their own records' },
    grant: { create: true, read: true, update: true, delete: false, scope: 'own' },
  },
  salesManager: {
    name: { 'zh-CN': '销售经理', en: 'Sales manager' },
    description: {
      'zh-CN': '管理本团队及下级团队的数据',
      en: 'Manages the records of their teams and the teams below',
    },
    grant: { create: true, read: true, update: true, delete: true, scope: 'team_and_below' },
  },
} as const
const ADMIN_NAME = { 'zh-CN': '管理员', en: 'Admin' } as const
const ROOT_TEAM_NAME = { 'zh-CN': '全公司', en: 'Company' } as const

/**
 * Creates a workspace with an Admin role, the default "Sales rep" (own records) and "Sales manager"
 * (own teams and below) roles, a root team and its owner (admin, member and manager of the root team),
 * then runs the `hooks` (default: `onWorkspaceCreated`), all in one transaction.
 */
export async function createWorkspace(
  db: Db,
  input: CreateWorkspaceInput,
  hooks: readonly WorkspaceCreatedHook[] = onWorkspaceCreated,
): Promise<CreatedWorkspace> {
  const locale = input.locale ?? 'zh-CN'
  const timeZone = input.timeZone ?? 'Asia/Shanghai'
  const currency = input.currency ?? 'CNY'
  const issues: FieldIssue[] = []
  if (!input.name?.trim()) issues.push({ path: 'name', code: 'required' })
  if (!SLUG.test(input.slug ?? '')) issues.push({ path: 'slug', code: 'invalid_format' })
  if (!isTimeZone(timeZone)) issues.push({ path: 'timeZone', code: 'invalid_value' })
  if (!LOCALES.includes(locale))
    issues.push({ path: 'locale', code: 'invalid_option', params: { value: locale } })
  if (!CURRENCY.test(currency)) issues.push({ path: 'currency', code: 'invalid_currency' })
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.owner?.email ?? ''))
    issues.push({ path: 'owner.email', code: 'invalid_email' })
  if (!input.owner?.name?.trim()) issues.push({ path: 'owner.name', code: 'required' })
  issues.push(
    ...checkPasswordPolicy(input.owner?.password, { email: input.owner?.email, path: 'owner.password' }),
  )
  if (issues.length > 0) throw errors.validation(issues)

  const hash = await hashPassword(input.owner.password)
  try {
    return await withPlatform(db, async (trx) => {
      if (await slugTaken(trx, input.slug)) throw errors.conflict([{ path: 'slug', code: 'not_unique' }])
      if (await emailTaken(trx, input.owner.email))
        throw errors.conflict([{ path: 'owner.email', code: 'not_unique' }])
      const id = newId()
      const workspace = await insertWorkspace(trx, {
        id,
        name: input.name.trim(),
        slug: input.slug,
        time_zone: timeZone,
        currency,
        locale,
        db_schema: `ws_${id.replaceAll('-', '')}`,
      })
      const roles = { admin: newId(), salesRep: newId(), salesManager: newId() }
      await insertRole(trx, {
        workspace_id: id,
        id: roles.admin,
        name: ADMIN_NAME[locale],
        description: null,
        is_admin: true,
      })
      for (const key of ['salesRep', 'salesManager'] as const) {
        const d = DEFAULT_ROLES[key]
        await insertRole(trx, {
          workspace_id: id,
          id: roles[key],
          name: d.name[locale],
          description: d.description[locale],
          is_admin: false,
        })
        // `*` = every object without a grant of its own (see permissions.ts)
        await upsertGrant(trx, id, {
          role_id: roles[key],
          object_name: ANY_OBJECT,
          can_create: d.grant.create,
          can_read: d.grant.read,
          can_update: d.grant.update,
          can_delete: d.grant.delete,
          read_scope: d.grant.scope,
          write_scope: d.grant.scope,
          field_rules: {},
        })
      }
      const rootTeamId = newId()
      await insertTeam(trx, {
        workspace_id: id,
        id: rootTeamId,
        name: ROOT_TEAM_NAME[locale],
        parent_id: null,
        path: `/${rootTeamId}/`,
      })
      const owner = await insertUser(trx, {
        workspace_id: id,
        id: newId(),
        email: input.owner.email.trim(),
        name: input.owner.name.trim(),
        password_hash: hash,
        locale,
        role_id: roles.admin,
        is_active: true,
        is_owner: true,
      })
      await upsertMember(trx, id, { team_id: rootTeamId, user_id: owner.id, is_manager: true })
      await audit(trx, {
        workspaceId: id,
        action: 'workspace.created',
        actorId: owner.id,
        targetType: 'workspace',
        targetId: id,
        detail: { name: workspace.name, slug: workspace.slug },
      })
      const created: CreatedWorkspace = { workspace, owner, roles, rootTeamId }
      for (const hook of hooks) await hook(trx, created)
      return created
    })
  } catch (e) {
    if (isEmailUniqueViolation(e)) throw errors.conflict([{ path: 'owner.email', code: 'not_unique' }])
    if (isSlugUniqueViolation(e)) throw errors.conflict([{ path: 'slug', code: 'not_unique' }])
    throw e
  }
}

import type {
  ApiKeyDto,
  AuditEntryDto,
  GrantDto,
  RoleDto,
  TeamDto,
  UserDto,
  WorkspaceDto,
} from '@kemai/shared/api/access.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { AuditRow } from '../audit/audit.repo.ts'
import type { ObjectGrant } from './actor.ts'
import type { ApiKeyRow } from './api-keys.repo.ts'
import type { RoleRow } from './roles.repo.ts'
import type { TeamRow } from './teams.repo.ts'
import type { UserRow } from './users.repo.ts'
import type { WorkspaceRow } from './workspaces.repo.ts'

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())
export const asLocale = (l: string): Locale => (l === 'en' ? 'en' : 'zh-CN')

export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  locale: asLocale(u.locale),
  roleId: u.role_id,
  isActive: u.is_active,
  isOwner: u.is_owner,
  createdAt: iso(u.created_at),
})

export const toWorkspaceDto = (w: WorkspaceRow): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  timeZone: w.time_zone,
  currency: w.currency,
  locale: asLocale(w.locale),
})

export const toTeamDto = (t: TeamRow & { member_count?: number }): TeamDto => ({
  id: t.id,
  name: t.name,
  parentId: t.parent_id,
  path: t.path,
  memberCount: Number(t.member_count ?? 0),
  createdAt: iso(t.created_at),
})

export const toGrantDto = (object: string, g: ObjectGrant): GrantDto => ({
  object,
  create: g.create,
  read: g.read,
  update: g.update,
  delete: g.delete,
  readScope: g.readScope,
  writeScope: g.writeScope,
  fields: { ...g.fields },
})

export const toRoleDto = (r: RoleRow & { user_count?: number }, grants: GrantDto[]): RoleDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  isAdmin: r.is_admin,
  userCount: Number(r.user_count ?? 0),
  grants,
  createdAt: iso(r.created_at),
})

export const toApiKeyDto = (k: ApiKeyRow): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  userId: k.user_id,
  createdAt: iso(k.created_at),
  lastUsedAt: k.last_used_at ? iso(k.last_used_at) : null,
  revokedAt: k.revoked_at ? iso(k.revoked_at) : null,
})

export const toAuditDto = (a: AuditRow): AuditEntryDto => ({
  id: a.id,
  action: a.action,
  actorId: a.actor_id,
  apiKeyId: a.api_key_id,
  ip: a.ip,
  targetType: a.target_type,
  targetId: a.target_id,
  detail: a.detail ?? {},
  at: iso(a.at),
})

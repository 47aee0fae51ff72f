import { z } from 'zod'
import { LOCALES } from '../i18n/messages.ts'

/**
 * Access: sign-in, users, teams, roles with grants, API keys and the audit log (`/api/v1/auth`,
 * `/users`, `/teams`, `/roles`, `/api-keys`, `/audit-log`). Dates travel as ISO 8601 strings.
 */

export const localeSchema = z.enum(LOCALES)
export const RECORD_SCOPES = ['none', 'own', 'team', 'team_and_below', 'all'] as const
export const recordScopeSchema = z.enum(RECORD_SCOPES)

/** An object name as in metadata, or `*`: the default grant / key scope for every object without its own. */
export const OBJECT_NAME_PATTERN = /^(\*|[a-z_][a-z0-9_]{0,62})$/
export const grantObjectSchema = z.string().regex(OBJECT_NAME_PATTERN, 'invalid_name')
const fieldNameSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'invalid_name')

export const MAX_PASSWORD_LENGTH = 256
export const emailSchema = z.email('invalid_email').max(254)
/** A password as typed at sign-in; the strength rules apply only where one is set. */
export const passwordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH)
const nameSchema = z.string().trim().min(1).max(200)
const isoDate = z.string()
const id = z.uuid()

export const idParamSchema = z.object({ id })

// --- auth ---------------------------------------------------------------------------------------

export const workspaceSchema = z
  .object({
    id,
    name: z.string(),
    slug: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    locale: localeSchema,
  })
  .meta({ id: 'Workspace' })
export type WorkspaceDto = z.infer<typeof workspaceSchema>

export const userSchema = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    locale: localeSchema,
    roleId: id.nullable(),
    isActive: z.boolean(),
    isOwner: z.boolean(),
    createdAt: isoDate,
  })
  .meta({ id: 'User' })
export type UserDto = z.infer<typeof userSchema>

export const loginBodySchema = z
  .object({ email: emailSchema, password: passwordSchema })
  .meta({ id: 'LoginBody' })
export type LoginBody = z.infer<typeof loginBodySchema>

export const loginResponseSchema = z
  .object({ token: z.string(), expiresAt: isoDate, user: userSchema, workspace: workspaceSchema })
  .meta({ id: 'LoginResponse' })
export type LoginResponse = z.infer<typeof loginResponseSchema>

export const grantSchema = z
  .object({
    object: grantObjectSchema,
    create: z.boolean().default(false),
    read: z.boolean().default(false),
    update: z.boolean().default(false),
    delete: z.boolean().default(false),
    readScope: recordScopeSchema.default('own'),
    writeScope: recordScopeSchema.default('own'),
    /** field name → `hidden` (not shown) or `read` (shown, not editable); unlisted fields are editable */
    fields: z.record(fieldNameSchema, z.enum(['hidden', 'read'])).default({}),
  })
  .meta({ id: 'Grant' })
export type GrantDto = z.output<typeof grantSchema>
export const grantBodySchema = grantSchema.omit({ object: true }).meta({ id: 'GrantBody' })

export const keyScopesSchema = z
  .record(grantObjectSchema, z.enum(['read', 'write']))
  .refine((s) => Object.keys(s).length > 0 && Object.keys(s).length <= 200, 'invalid_value')
  .meta({ id: 'ApiKeyScopes' })

export const meResponseSchema = z
  .object({
    user: userSchema,
    workspace: workspaceSchema,
    isAdmin: z.boolean(),
    /** set when the request used an API key */
    apiKeyId: id.nullable(),
    keyScopes: z.record(z.string(), z.enum(['read', 'write'])).nullable(),
    /** the user's grants per object (empty for admins, who may do everything) */
    grants: z.array(grantSchema),
  })
  .meta({ id: 'Me' })
export type MeResponse = z.infer<typeof meResponseSchema>

export const changePasswordBodySchema = z
  .object({ currentPassword: passwordSchema, newPassword: passwordSchema })
  .meta({ id: 'ChangePasswordBody' })

// --- users --------------------------------------------------------------------------------------

export const userListSchema = z.object({ data: z.array(userSchema) }).meta({ id: 'UserList' })
export const userListQuerySchema = z.object({
  includeInactive: z.enum(['true', 'false']).optional(),
  roleId: id.optional(),
})

export const createUserBodySchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    password: passwordSchema,
    locale: localeSchema.optional(),
    roleId: id.nullable().optional(),
    teamIds: z.array(id).max(50).optional(),
  })
  .meta({ id: 'CreateUserBody' })
export type CreateUserBody = z.infer<typeof createUserBodySchema>

export const updateUserBodySchema = z
  .object({
    email: emailSchema.optional(),
    name: nameSchema.optional(),
    locale: localeSchema.optional(),
    roleId: id.nullable().optional(),
    isActive: z.boolean().optional(),
    /** an admin sets a new password; the user's sessions and API keys are ended */
    password: passwordSchema.optional(),
  })
  .meta({ id: 'UpdateUserBody' })
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>

// --- teams --------------------------------------------------------------------------------------

export const teamSchema = z
  .object({
    id,
    name: z.string(),
    parentId: id.nullable(),
    /** `/<root id>/…/<own id>/` */
    path: z.string(),
    memberCount: z.number().int(),
    createdAt: isoDate,
  })
  .meta({ id: 'Team' })
export type TeamDto = z.infer<typeof teamSchema>
export const teamListSchema = z.object({ data: z.array(teamSchema) }).meta({ id: 'TeamList' })

export const createTeamBodySchema = z
  .object({ name: nameSchema, parentId: id.nullable() })
  .meta({ id: 'CreateTeamBody' })
export const updateTeamBodySchema = z
  .object({ name: nameSchema.optional(), parentId: id.nullable().optional() })
  .meta({ id: 'UpdateTeamBody' })

export const teamMemberSchema = z.object({ userId: id, isManager: z.boolean() }).meta({ id: 'TeamMember' })
export const teamMemberListSchema = z
  .object({ data: z.array(teamMemberSchema) })
  .meta({ id: 'TeamMemberList' })
export const setTeamMemberBodySchema = z
  .object({ isManager: z.boolean().default(false) })
  .meta({ id: 'SetTeamMemberBody' })
export const teamMemberParamSchema = z.object({ id, userId: id })

// --- roles --------------------------------------------------------------------------------------

export const roleSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    isAdmin: z.boolean(),
    userCount: z.number().int(),
    grants: z.array(grantSchema),
    createdAt: isoDate,
  })
  .meta({ id: 'Role' })
export type RoleDto = z.infer<typeof roleSchema>
export const roleListSchema = z.object({ data: z.array(roleSchema) }).meta({ id: 'RoleList' })

export const createRoleBodySchema = z
  .object({
    name: nameSchema,
    description: z.string().max(2000).nullable().optional(),
    grants: z.array(grantSchema).max(500).optional(),
  })
  .meta({ id: 'CreateRoleBody' })
export const updateRoleBodySchema = z
  .object({
    name: nameSchema.optional(),
    description: z.string().max(2000).nullable().optional(),
    /** replaces every grant of the role */
    grants: z.array(grantSchema).max(500).optional(),
  })
  .meta({ id: 'UpdateRoleBody' })
export const roleGrantParamSchema = z.object({ id, object: grantObjectSchema })

// --- API keys -----------------------------------------------------------------------------------

export const apiKeySchema = z
  .object({
    id,
    name: z.string(),
    /** the `<prefix>` of `kemai_<prefix>_<secret>`, to recognise a key */
    prefix: z.string(),
    scopes: z.record(z.string(), z.enum(['read', 'write'])),
    userId: id,
    createdAt: isoDate,
    lastUsedAt: isoDate.nullable(),
    revokedAt: isoDate.nullable(),
  })
  .meta({ id: 'ApiKey' })
export type ApiKeyDto = z.infer<typeof apiKeySchema>
export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' })

export const createApiKeyBodySchema = z
  .object({ name: nameSchema, scopes: keyScopesSchema })
  .meta({ id: 'CreateApiKeyBody' })
/** The full key is in this response only; the server keeps its hash. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' })

// --- audit log ----------------------------------------------------------------------------------

export const auditEntrySchema = z
  .object({
    id,
    action: z.string(),
    actorId: id.nullable(),
    apiKeyId: id.nullable(),
    ip: z.string().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    at: isoDate,
  })
  .meta({ id: 'AuditEntry' })
export type AuditEntryDto = z.infer<typeof auditEntrySchema>

export const auditQuerySchema = z.object({
  /** exact action (`auth.login`) or a prefix (`auth.*`) */
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, 'invalid_format')
    .max(100)
    .optional(),
  actorId: id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: id.optional(),
})
export const auditPageSchema = z
  .object({ data: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' })

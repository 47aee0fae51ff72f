import type {
  apiKeySchema,
  auditEntrySchema,
  auditPageSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  createRoleBodySchema,
  createTeamBodySchema,
  createUserBodySchema,
  grantBodySchema,
  grantSchema,
  recordScopeSchema,
  roleSchema,
  teamMemberSchema,
  teamSchema,
  updateRoleBodySchema,
  updateTeamBodySchema,
  updateUserBodySchema,
  userSchema,
} from '@kemai/shared/api/access.api'
import type {
  createWebhookBodySchema,
  DeliveryStatus,
  deliveryAttemptSchema,
  deliveryListSchema,
  deliverySchema,
  updateWebhookBodySchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@kemai/shared/api/webhooks.api'
import type { z } from 'zod'
import { api } from '../../../platform/api-client.ts'

/**
 * Client calls of the administration sections (users, teams, roles, API keys, webhooks, audit log).
 * Types come from the shared zod schemas (type-only imports keep zod out of the bundle).
 */

export type User = z.infer<typeof userSchema>
export type CreateUserInput = z.input<typeof createUserBodySchema>
export type UpdateUserInput = z.input<typeof updateUserBodySchema>
export type Team = z.infer<typeof teamSchema>
export type CreateTeamInput = z.input<typeof createTeamBodySchema>
export type UpdateTeamInput = z.input<typeof updateTeamBodySchema>
export type TeamMember = z.infer<typeof teamMemberSchema>
export type Role = z.infer<typeof roleSchema>
export type Grant = z.output<typeof grantSchema>
export type GrantInput = z.input<typeof grantBodySchema>
export type RecordScope = z.infer<typeof recordScopeSchema>
export type CreateRoleInput = z.input<typeof createRoleBodySchema>
export type UpdateRoleInput = z.input<typeof updateRoleBodySchema>
export type ApiKey = z.infer<typeof apiKeySchema>
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>
export type CreateApiKeyInput = z.input<typeof createApiKeyBodySchema>
export type AuditEntry = z.infer<typeof auditEntrySchema>
export type AuditPage = z.infer<typeof auditPageSchema>
export type Webhook = z.infer<typeof webhookSchema>
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>
export type CreateWebhookInput = z.input<typeof createWebhookBodySchema>
export type UpdateWebhookInput = z.input<typeof updateWebhookBodySchema>
export type Delivery = z.infer<typeof deliverySchema>
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>
export type DeliveryPage = z.infer<typeof deliveryListSchema>
export type { DeliveryStatus }

const seg = encodeURIComponent

export const usersAdminApi = {
  list: (includeInactive: boolean, signal?: AbortSignal) =>
    api<{ data: User[] }>('/api/v1/users', {
      query: { includeInactive: includeInactive ? 'true' : undefined },
      signal,
    }),
  create: (body: CreateUserInput) => api<User>('/api/v1/users', { method: 'POST', body }),
  update: (id: string, body: UpdateUserInput) =>
    api<User>(`/api/v1/users/${seg(id)}`, { method: 'PATCH', body }),
  /** users are deactivated, never deleted (their records keep their owner) */
  deactivate: (id: string) => api<void>(`/api/v1/users/${seg(id)}`, { method: 'DELETE' }),
}

export const teamsAdminApi = {
  list: (signal?: AbortSignal) => api<{ data: Team[] }>('/api/v1/teams', { signal }),
  create: (body: CreateTeamInput) => api<Team>('/api/v1/teams', { method: 'POST', body }),
  update: (id: string, body: UpdateTeamInput) =>
    api<Team>(`/api/v1/teams/${seg(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<void>(`/api/v1/teams/${seg(id)}`, { method: 'DELETE' }),
  members: (id: string, signal?: AbortSignal) =>
    api<{ data: TeamMember[] }>(`/api/v1/teams/${seg(id)}/members`, { signal }),
  setMember: (id: string, userId: string, isManager: boolean) =>
    api<void>(`/api/v1/teams/${seg(id)}/members/${seg(userId)}`, { method: 'PUT', body: { isManager } }),
  removeMember: (id: string, userId: string) =>
    api<void>(`/api/v1/teams/${seg(id)}/members/${seg(userId)}`, { method: 'DELETE' }),
}

export const rolesAdminApi = {
  list: (signal?: AbortSignal) => api<{ data: Role[] }>('/api/v1/roles', { signal }),
  get: (id: string, signal?: AbortSignal) => api<Role>(`/api/v1/roles/${seg(id)}`, { signal }),
  create: (body: CreateRoleInput) => api<Role>('/api/v1/roles', { method: 'POST', body }),
  update: (id: string, body: UpdateRoleInput) =>
    api<Role>(`/api/v1/roles/${seg(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<void>(`/api/v1/roles/${seg(id)}`, { method: 'DELETE' }),
  /** sets the grant of one object (`*` = the default for objects without their own) */
  setGrant: (id: string, object: string, body: GrantInput) =>
    api<Role>(`/api/v1/roles/${seg(id)}/grants/${seg(object)}`, { method: 'PUT', body }),
  removeGrant: (id: string, object: string) =>
    api<void>(`/api/v1/roles/${seg(id)}/grants/${seg(object)}`, { method: 'DELETE' }),
}

export const apiKeysApi = {
  list: (signal?: AbortSignal) => api<{ data: ApiKey[] }>('/api/v1/api-keys', { signal }),
  /** the answer carries the full key, the only time it is shown */
  create: (body: CreateApiKeyInput) => api<CreatedApiKey>('/api/v1/api-keys', { method: 'POST', body }),
  revoke: (id: string) => api<ApiKey>(`/api/v1/api-keys/${seg(id)}`, { method: 'DELETE' }),
}

export const webhooksApi = {
  list: (signal?: AbortSignal) => api<{ data: Webhook[] }>('/api/v1/webhooks', { signal }),
  create: (body: CreateWebhookInput) => api<WebhookWithSecret>('/api/v1/webhooks', { method: 'POST', body }),
  /** with `rotateSecret: true` the answer carries the new secret */
  update: (id: string, body: UpdateWebhookInput) =>
    api<Webhook | WebhookWithSecret>(`/api/v1/webhooks/${seg(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<void>(`/api/v1/webhooks/${seg(id)}`, { method: 'DELETE' }),
  deliveries: (
    id: string,
    p: { status?: DeliveryStatus | undefined; cursor?: string | null; limit?: number },
    signal?: AbortSignal,
  ) =>
    api<DeliveryPage>(`/api/v1/webhooks/${seg(id)}/deliveries`, {
      query: { status: p.status, cursor: p.cursor ?? undefined, limit: p.limit },
      signal,
    }),
  redeliver: (id: string, deliveryId: string) =>
    api<Delivery>(`/api/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`, {
      method: 'POST',
    }),
}

export interface AuditQuery {
  action?: string | undefined
  actorId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  cursor?: string | null | undefined
  limit?: number
}

export const auditApi = {
  list: (q: AuditQuery, signal?: AbortSignal) =>
    api<AuditPage>('/api/v1/audit-log', {
      query: {
        action: q.action || undefined,
        actorId: q.actorId || undefined,
        from: q.from || undefined,
        to: q.to || undefined,
        cursor: q.cursor ?? undefined,
        limit: q.limit,
      },
      signal,
    }),
}

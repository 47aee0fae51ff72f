import { OBJECT_NAME_PATTERN } from '@kemai/shared/api/access.api'
import { audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import type { Actor } from './actor.ts'
import {
  type ApiKeyRow,
  getApiKey,
  insertApiKey,
  type KeyScopes,
  listApiKeys,
  revokeApiKey,
} from './api-keys.repo.ts'
import type { RequestMeta } from './auth.service.ts'
import { canAdmin } from './permissions.ts'
import { newApiKey, sha256 } from './tokens.ts'

export type ApiKeysService = ReturnType<typeof createApiKeysService>
const MAX_SCOPES = 200

export function scopeIssues(scopes: KeyScopes): FieldIssue[] {
  const entries = Object.entries(scopes ?? {})
  if (entries.length === 0) return [{ path: 'scopes', code: 'required' }]
  if (entries.length > MAX_SCOPES) return [{ path: 'scopes', code: 'too_large' }]
  const issues: FieldIssue[] = []
  for (const [object, s] of entries) {
    if (!OBJECT_NAME_PATTERN.test(object)) issues.push({ path: `scopes.${object}`, code: 'invalid_name' })
    else if (s !== 'read' && s !== 'write') {
      issues.push({ path: `scopes.${object}`, code: 'invalid_option', params: { value: s } })
    }
  }
  return issues
}

/**
 * API keys belong to a user and act as that user, narrowed to their scopes. Anyone signed in
 * interactively creates and revokes their own keys; admins see and revoke every key of the workspace.
 * A request made with an API key cannot create or revoke keys.
 */
export function createApiKeysService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  function interactiveUser(actor: Actor): string {
    if (!actor.userId || actor.apiKeyId || actor.isSystem) throw errors.forbidden()
    return actor.userId
  }

  async function list(actor: Actor): Promise<ApiKeyRow[]> {
    if (!actor.userId) throw errors.forbidden()
    const all = canAdmin(actor, 'api_keys', 'read')
    return withWorkspace(db, actor.workspaceId, (trx) =>
      listApiKeys(trx, actor.workspaceId, all ? undefined : (actor.userId ?? undefined)),
    )
  }

  /** Creates a key for the signed-in user. The full key is returned here and never again. */
  async function create(
    actor: Actor,
    input: { name: string; scopes: KeyScopes },
    meta: RequestMeta = {},
  ): Promise<{ key: string; row: ApiKeyRow }> {
    const userId = interactiveUser(actor)
    const issues = scopeIssues(input.scopes)
    if (issues.length > 0) throw errors.validation(issues)
    const { key, prefix } = newApiKey()
    const row = await withWorkspace(db, actor.workspaceId, async (trx) => {
      const row = await insertApiKey(trx, {
        workspace_id: actor.workspaceId,
        id: newId(),
        name: input.name.trim(),
        prefix,
        key_hash: sha256(key),
        scopes: input.scopes,
        user_id: userId,
      })
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        detail: { name: row.name, prefix, scopes: input.scopes },
      })
      return row
    })
    return { key, row }
  }

  /** Revokes a key at once (own keys; admins: any key of the workspace). Revoking twice is a no-op. */
  async function revoke(actor: Actor, id: string, meta: RequestMeta = {}): Promise<ApiKeyRow> {
    const userId = interactiveUser(actor)
    return withWorkspace(db, actor.workspaceId, async (trx) => {
      const k = await getApiKey(trx, actor.workspaceId, id)
      if (!k || (k.user_id !== userId && !canAdmin(actor, 'api_keys', 'read'))) throw errors.notFound()
      const at = now()
      if (await revokeApiKey(trx, actor.workspaceId, id, at)) {
        await audit(trx, {
          ...auditActor(actor, meta.ip),
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: id,
          detail: { name: k.name, prefix: k.prefix, ownerId: k.user_id },
        })
        return { ...k, revoked_at: at }
      }
      return k
    })
  }

  return { list, create, revoke }
}

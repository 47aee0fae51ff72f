import type { EventCause } from '@kemai/shared/api/events.api'

/** Through which door a change came in; recorded on every field change and event. */
export type Channel = 'ui' | 'api' | 'import' | 'workflow' | 'system' | 'merge' | 'cleanse' | 'form'

export type RecordScope = 'none' | 'own' | 'team' | 'team_and_below' | 'all'

export interface ObjectGrant {
  create: boolean
  read: boolean
  update: boolean
  delete: boolean
  readScope: RecordScope
  writeScope: RecordScope
  /** field name → 'hidden' | 'read' (not editable); fields not listed are readable and editable */
  fields: Record<string, 'hidden' | 'read'>
}

/**
 * Who is acting. Every records/query call takes one (CONVENTIONS rule 7): there is no "skip access" flag;
 * system work uses `systemActor(workspaceId, reason)`, which is greppable and audited.
 */
export interface Actor {
  workspaceId: string
  userId: string | null
  apiKeyId: string | null
  channel: Channel
  locale: 'zh-CN' | 'en'
  isAdmin: boolean
  isSystem: boolean
  /** per object name; missing object = no access (admins and system bypass) */
  grants: Record<string, ObjectGrant>
  /** API key scopes: object name or '*' → 'read' | 'write' */
  keyScopes: Record<string, 'read' | 'write'> | null
  /** user ids of the actor's own teams (for $myTeam and the 'team' scope) */
  teamUserIds: string[]
  /** user ids of the actor's teams and all teams below them ('team_and_below' scope) */
  subtreeUserIds: string[]
  systemReason?: string
  /** set while a workflow run acts: its events carry it (`payload.cause`), so a run it triggers knows its depth */
  cause?: EventCause
}

export function systemActor(workspaceId: string, reason: string, channel: Channel = 'system'): Actor {
  return {
    workspaceId,
    userId: null,
    apiKeyId: null,
    channel,
    locale: 'zh-CN',
    isAdmin: true,
    isSystem: true,
    grants: {},
    keyScopes: null,
    teamUserIds: [],
    subtreeUserIds: [],
    systemReason: reason,
  }
}

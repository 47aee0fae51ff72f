import { type AuditLogService, createAuditLogService } from '../audit/audit-log.service.ts'
import type { Db } from '../db/tx.ts'
import { type LoadActorInput, loadActor } from './actor.service.ts'
import type { Actor } from './actor.ts'
import { type ApiKeysService, createApiKeysService } from './api-keys.service.ts'
import { type AuthService, createAuthService, type LoginLimiters } from './auth.service.ts'
import { createRolesService, type RolesService } from './roles.service.ts'
import { createTeamsService, type TeamsService } from './teams.service.ts'
import { createUsersService, type UsersService } from './users.service.ts'

export interface AccessServices {
  auth: AuthService
  users: UsersService
  teams: TeamsService
  roles: RolesService
  apiKeys: ApiKeysService
  auditLog: AuditLogService
  loadActor(input: LoadActorInput): Promise<Actor>
}

export interface AccessOptions {
  db: Db
  limiters?: LoginLimiters
  /** clock, for tests */
  now?: () => Date
}

/** Everything access offers, over one database: build once at startup and put it in the services. */
export function createAccessServices(opts: AccessOptions): AccessServices {
  const { db } = opts
  const now = opts.now ?? (() => new Date())
  return {
    auth: createAuthService({ db, now, ...(opts.limiters ? { limiters: opts.limiters } : {}) }),
    users: createUsersService({ db }),
    teams: createTeamsService({ db }),
    roles: createRolesService({ db }),
    apiKeys: createApiKeysService({ db, now }),
    auditLog: createAuditLogService({ db }),
    loadActor: (input) => loadActor(db, input, now().getTime()),
  }
}

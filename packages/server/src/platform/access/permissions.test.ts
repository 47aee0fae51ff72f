import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { type Actor, type ObjectGrant, type RecordScope, systemActor } from './actor.ts'
import {
  assertCanRecord,
  canAdmin,
  canObject,
  editableFields,
  ownerInScope,
  readableFields,
  recordScopeOwners,
} from './permissions.ts'

const grant = (over: Partial<ObjectGrant> = {}): ObjectGrant => ({
  create: true,
  read: true,
  update: true,
  delete: true,
  readScope: 'own',
  writeScope: 'own',
  fields: {},
  ...over,
})

const actor = (over: Partial<Actor> = {}): Actor => ({
  workspaceId: 'w',
  userId: 'me',
  apiKeyId: null,
  channel: 'ui',
  locale: 'en',
  isAdmin: false,
  isSystem: false,
  grants: {},
  keyScopes: null,
  teamUserIds: ['me', 'mate'],
  subtreeUserIds: ['me', 'mate', 'below'],
  ...over,
})

const codeOf = (fn: () => void): string | null => {
  try {
    fn()
    return null
  } catch (e) {
    return e instanceof AppError ? e.code : 'other'
  }
}

describe('canObject', () => {
  it('uses the object grant, else the * default, else nothing', () => {
    const a = actor({ grants: { person: grant({ delete: false }), '*': grant({ create: false }) } })
    expect(canObject(a, 'person', 'delete')).toBe(false)
    expect(canObject(a, 'person', 'create')).toBe(true)
    expect(canObject(a, 'company', 'create')).toBe(false)
    expect(canObject(a, 'company', 'read')).toBe(true)
    expect(canObject(actor(), 'person', 'read')).toBe(false)
  })

  it('a scope of none means no read / no write even when the flag is set', () => {
    const a = actor({ grants: { person: grant({ readScope: 'none', writeScope: 'none' }) } })
    expect(canObject(a, 'person', 'read')).toBe(false)
    expect(canObject(a, 'person', 'update')).toBe(false)
    expect(canObject(a, 'person', 'create')).toBe(true)
  })

  it('admins and system may do everything', () => {
    for (const op of ['create', 'read', 'update', 'delete'] as const) {
      expect(canObject(actor({ isAdmin: true }), 'x', op)).toBe(true)
      expect(canObject(systemActor('w', 'test'), 'x', op)).toBe(true)
    }
  })

  it('API key scopes narrow the user: a read-only key cannot write, a person key cannot read company', () => {
    const admin = actor({ isAdmin: true, apiKeyId: 'k', keyScopes: { person: 'read' } })
    expect(canObject(admin, 'person', 'read')).toBe(true)
    for (const op of ['create', 'update', 'delete'] as const)
      expect(canObject(admin, 'person', op)).toBe(false)
    expect(canObject(admin, 'company', 'read')).toBe(false)
    const writer = actor({ isAdmin: true, apiKeyId: 'k', keyScopes: { '*': 'write' } })
    expect(canObject(writer, 'anything', 'delete')).toBe(true)
    // a key never widens the user's own rights
    const rep = actor({
      grants: { person: grant({ delete: false }) },
      apiKeyId: 'k',
      keyScopes: { '*': 'write' },
    })
    expect(canObject(rep, 'person', 'delete')).toBe(false)
    expect(canObject(rep, 'company', 'read')).toBe(false)
    const empty = actor({ isAdmin: true, apiKeyId: 'k', keyScopes: {} })
    expect(canObject(empty, 'person', 'read')).toBe(false)
  })
})

describe('field rules', () => {
  const a = actor({ grants: { person: grant({ fields: { salary: 'hidden', score: 'read' } }) } })
  const names = ['name', 'salary', 'score']

  it('hidden fields are not readable, read fields are readable but not editable', () => {
    expect(readableFields(a, 'person', names)).toEqual(['name', 'score'])
    expect(editableFields(a, 'person', names)).toEqual(['name'])
    expect(editableFields(a, 'person', names, 'create')).toEqual(['name'])
  })

  it('no object right → no fields; admins → all fields', () => {
    expect(readableFields(a, 'company', names)).toEqual([])
    expect(editableFields(actor({ grants: { person: grant({ update: false }) } }), 'person', names)).toEqual(
      [],
    )
    expect(
      editableFields(actor({ grants: { person: grant({ update: false }) } }), 'person', names, 'create'),
    ).toEqual(names)
    expect(readableFields(actor({ isAdmin: true }), 'person', names)).toEqual(names)
    expect(editableFields(actor({ isAdmin: true }), 'person', names)).toEqual(names)
  })

  it('a read-only API key has readable fields but no editable ones', () => {
    const k = actor({ isAdmin: true, apiKeyId: 'k', keyScopes: { person: 'read' } })
    expect(readableFields(k, 'person', names)).toEqual(names)
    expect(editableFields(k, 'person', names)).toEqual([])
  })
})

describe('recordScopeOwners', () => {
  const matrix: [RecordScope, ReturnType<typeof recordScopeOwners>][] = [
    ['none', 'none'],
    ['own', ['me']],
    ['team', ['me', 'mate']],
    ['team_and_below', ['me', 'mate', 'below']],
    ['all', 'all'],
  ]
  for (const [scope, expected] of matrix) {
    for (const op of ['read', 'write'] as const) {
      it(`${scope} × ${op}`, () => {
        const g = op === 'read' ? { readScope: scope } : { writeScope: scope }
        const a = actor({ grants: { lead: grant(g) } })
        expect(recordScopeOwners(a, 'lead', op)).toEqual(expected)
      })
    }
  }

  it('always includes the actor in team scopes, even in no team', () => {
    const a = actor({ teamUserIds: [], subtreeUserIds: [], grants: { lead: grant({ readScope: 'team' }) } })
    expect(recordScopeOwners(a, 'lead', 'read')).toEqual(['me'])
  })

  it('no right on the object → none; admin/system → all; a key without write → no write scope', () => {
    expect(recordScopeOwners(actor(), 'lead', 'read')).toBe('none')
    expect(recordScopeOwners(actor({ isAdmin: true }), 'lead', 'write')).toBe('all')
    expect(recordScopeOwners(systemActor('w', 't'), 'lead', 'write')).toBe('all')
    const key = actor({ isAdmin: true, apiKeyId: 'k', keyScopes: { lead: 'read' } })
    expect(recordScopeOwners(key, 'lead', 'read')).toBe('all')
    expect(recordScopeOwners(key, 'lead', 'write')).toBe('none')
  })

  it('write scope applies to a create-only role (the owner a new record may get)', () => {
    const a = actor({ grants: { lead: grant({ update: false, delete: false }) } })
    expect(recordScopeOwners(a, 'lead', 'write')).toEqual(['me'])
    const none = actor({ grants: { lead: grant({ create: false, update: false, delete: false }) } })
    expect(recordScopeOwners(none, 'lead', 'write')).toBe('none')
  })

  it('unowned records are only in the all scope', () => {
    expect(ownerInScope('all', null)).toBe(true)
    expect(ownerInScope(['me'], null)).toBe(false)
    expect(ownerInScope('none', 'me')).toBe(false)
  })
})

describe('assertCanRecord', () => {
  const rep = actor({ grants: { lead: grant({ readScope: 'team', writeScope: 'own' }) } })

  it('reads inside the read scope; outside it the record is "not found"', () => {
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'read', 'mate'))).toBeNull()
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'read', 'stranger'))).toBe('record_not_found')
  })

  it('writes inside the write scope; readable but not writable is forbidden; unreadable is not found', () => {
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'update', 'me'))).toBeNull()
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'update', 'mate'))).toBe('forbidden')
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'delete', 'stranger'))).toBe('record_not_found')
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'create', 'mate'))).toBe('forbidden')
    expect(codeOf(() => assertCanRecord(rep, 'lead', 'create', 'me'))).toBeNull()
  })

  it('no right on the object is forbidden', () => {
    expect(codeOf(() => assertCanRecord(rep, 'company', 'read', 'me'))).toBe('forbidden')
  })
})

describe('canAdmin', () => {
  it('admins manage; everyone reads users and teams; only admins read roles and the audit log', () => {
    const user = actor()
    const admin = actor({ isAdmin: true })
    for (const area of ['users', 'teams', 'roles', 'api_keys', 'audit_log', 'metadata'] as const) {
      expect(canAdmin(admin, area, 'write')).toBe(true)
      expect(canAdmin(user, area, 'write')).toBe(false)
    }
    expect(canAdmin(user, 'users', 'read')).toBe(true)
    expect(canAdmin(user, 'teams', 'read')).toBe(true)
    expect(canAdmin(user, 'roles', 'read')).toBe(false)
    expect(canAdmin(user, 'audit_log', 'read')).toBe(false)
  })

  it('API keys need the * scope, and never manage API keys', () => {
    const key = (s: Record<string, 'read' | 'write'>) => actor({ isAdmin: true, apiKeyId: 'k', keyScopes: s })
    expect(canAdmin(key({ person: 'write' }), 'users', 'read')).toBe(false)
    expect(canAdmin(key({ '*': 'read' }), 'users', 'read')).toBe(true)
    expect(canAdmin(key({ '*': 'read' }), 'users', 'write')).toBe(false)
    expect(canAdmin(key({ '*': 'write' }), 'roles', 'write')).toBe(true)
    expect(canAdmin(key({ '*': 'write' }), 'api_keys', 'write')).toBe(false)
    // an admin's narrow key must not change metadata either
    expect(canAdmin(key({ person: 'read' }), 'metadata', 'write')).toBe(false)
    expect(canAdmin(key({ '*': 'write' }), 'metadata', 'write')).toBe(true)
    expect(canAdmin(actor(), 'metadata', 'read')).toBe(true)
    expect(canAdmin(actor(), 'metadata', 'write')).toBe(false)
  })
})

import type { GrantDto } from '@kemai/shared/api/access.api'
import { describe, expect, it } from 'vitest'
import { me, readerMe } from '../test/fixtures.ts'
import { ApiError } from './api-client.ts'
import { canAutomation, canObject, fieldRule, grantOf, refusedObject } from './permissions.ts'

const grant = (object: string, g: Partial<GrantDto> = {}): GrantDto => ({
  object,
  create: false,
  read: false,
  update: false,
  delete: false,
  readScope: 'own',
  writeScope: 'own',
  fields: {},
  ...g,
})
const member = (grants: GrantDto[]) => ({ ...me, isAdmin: false, grants })

describe('permissions as the server reads them', () => {
  it('lets an admin do everything, narrowed by an API key', () => {
    for (const op of ['create', 'read', 'update', 'delete'] as const)
      expect(canObject(me, 'company', op)).toBe(true)
    const key = { ...me, keyScopes: { person: 'read' as const } }
    expect(canObject(key, 'person', 'read')).toBe(true)
    expect(canObject(key, 'person', 'update')).toBe(false)
    expect(canObject(key, 'company', 'read')).toBe(false)
    expect(canObject({ ...me, keyScopes: { '*': 'write' as const } }, 'company', 'delete')).toBe(true)
  })

  it('reads the role of e2e/permissions.spec.ts: people read-only, no companies', () => {
    expect(canObject(readerMe, 'person', 'read')).toBe(true)
    for (const op of ['create', 'update', 'delete'] as const)
      expect(canObject(readerMe, 'person', op)).toBe(false)
    for (const op of ['create', 'read', 'update', 'delete'] as const)
      expect(canObject(readerMe, 'company', op)).toBe(false)
    expect(fieldRule(readerMe, 'person', 'mobile')).toBe('hidden')
    expect(fieldRule(readerMe, 'person', 'email')).toBe('read')
    expect(fieldRule(readerMe, 'person', 'title')).toBeUndefined()
  })

  it('falls back to the * default grant for objects without their own (the default roles)', () => {
    const rep = member([grant('*', { create: true, read: true, update: true, fields: {} })])
    expect(grantOf(rep, 'company')?.object).toBe('*')
    expect(canObject(rep, 'company', 'update')).toBe(true)
    expect(canObject(rep, 'company', 'delete')).toBe(false)
    // an own grant wins over the default, even when it gives less
    const narrowed = member([grant('*', { read: true, update: true }), grant('company', { read: true })])
    expect(canObject(narrowed, 'company', 'update')).toBe(false)
    expect(canObject(narrowed, 'person', 'update')).toBe(true)
  })

  it('needs a scope other than none to read, change or delete, but not to create', () => {
    const none = member([
      grant('person', {
        create: true,
        read: true,
        update: true,
        delete: true,
        readScope: 'none',
        writeScope: 'none',
      }),
    ])
    expect(canObject(none, 'person', 'read')).toBe(false)
    expect(canObject(none, 'person', 'update')).toBe(false)
    expect(canObject(none, 'person', 'delete')).toBe(false)
    expect(canObject(none, 'person', 'create')).toBe(true)
  })

  it('has no field rules for admins', () => {
    expect(fieldRule({ ...readerMe, isAdmin: true }, 'person', 'mobile')).toBeUndefined()
  })
})

describe('refusedObject: a page call the server refused for the whole object', () => {
  const err = (status: number, code: string) =>
    new ApiError(status, { type: 'about:blank', title: 'x', status, code: code as 'forbidden' })
  it('is a 403, or a 404 naming the object', () => {
    expect(refusedObject(err(403, 'forbidden'))).toBe(true)
    expect(refusedObject(err(404, 'object_not_found'))).toBe(true)
  })
  it('is not a missing record, another failure or not an API answer at all', () => {
    expect(refusedObject(err(404, 'record_not_found'))).toBe(false)
    expect(refusedObject(err(404, 'not_found'))).toBe(false)
    expect(refusedObject(err(401, 'unauthenticated'))).toBe(false)
    expect(refusedObject(err(0, 'internal'))).toBe(false)
    expect(refusedObject(new Error('forbidden'))).toBe(false)
    expect(refusedObject({ status: 403 })).toBe(false)
    expect(refusedObject(null)).toBe(false)
  })
})

describe('the automation right', () => {
  it('belongs to admins or a grant on _automation (not the * default), narrowed by a key', () => {
    expect(canAutomation(me, 'read')).toBe(true)
    expect(canAutomation(me, 'write')).toBe(true)
    const everything = grant('*', { create: true, read: true, update: true, delete: true })
    expect(canAutomation(member([everything]), 'read')).toBe(false)
    const reader = member([grant('_automation', { read: true })])
    expect(canAutomation(reader, 'read')).toBe(true)
    expect(canAutomation(reader, 'write')).toBe(false)
    const editor = member([grant('_automation', { update: true })])
    expect(canAutomation(editor, 'read')).toBe(true)
    expect(canAutomation(editor, 'write')).toBe(true)
    expect(canAutomation({ ...me, keyScopes: { person: 'write' } }, 'read')).toBe(false)
    expect(canAutomation({ ...me, keyScopes: { _automation: 'read' } }, 'read')).toBe(true)
    expect(canAutomation({ ...me, keyScopes: { _automation: 'read' } }, 'write')).toBe(false)
    expect(canAutomation({ ...me, keyScopes: { '*': 'write' } }, 'write')).toBe(true)
  })
})

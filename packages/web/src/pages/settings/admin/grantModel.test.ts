import { describe, expect, it } from 'vitest'
import type { Role } from './api.ts'
import {
  diffMatrix,
  effective,
  fieldRule,
  isInherited,
  matrixFromRole,
  NO_ACCESS,
  resetToDefault,
  setFieldRule,
  setGrant,
} from './grantModel.ts'

const rep: Pick<Role, 'grants'> = {
  grants: [
    {
      object: '*',
      create: true,
      read: true,
      update: true,
      delete: false,
      readScope: 'own',
      writeScope: 'own',
      fields: {},
    },
    {
      object: 'lead',
      create: true,
      read: true,
      update: true,
      delete: true,
      readScope: 'team',
      writeScope: 'own',
      fields: { score: 'read' },
    },
  ],
}

describe('permission matrix model', () => {
  const m = matrixFromRole(rep, ['person', 'lead'])

  it('lists every object, inheriting the default where there is no own grant', () => {
    expect(Object.keys(m).sort()).toEqual(['*', 'lead', 'person'])
    expect(isInherited(m, 'person')).toBe(true)
    expect(effective(m, 'person').readScope).toBe('own')
    expect(isInherited(m, 'lead')).toBe(false)
    expect(effective(m, 'lead').readScope).toBe('team')
    expect(effective(matrixFromRole({ grants: [] }, ['x']), 'x')).toEqual(NO_ACCESS)
  })

  it('gives an inheriting object its own grant from the default on the first change', () => {
    const next = setGrant(m, 'person', { readScope: 'all' })
    expect(next.person).toMatchObject({ create: true, read: true, update: true, readScope: 'all' })
    expect(diffMatrix(m, next)).toEqual({
      put: [{ object: 'person', ...next.person }],
      remove: [],
    })
  })

  it('grants read with any write right, and a scope with it', () => {
    const none = matrixFromRole({ grants: [] }, ['deal'])
    const next = setGrant(none, 'deal', { update: true })
    expect(next.deal).toMatchObject({ read: true, update: true, readScope: 'own', writeScope: 'own' })
  })

  it('keeps field rules: editable fields are unlisted', () => {
    let next = setFieldRule(m, 'lead', 'phone', 'hidden')
    next = setFieldRule(next, 'lead', 'score', 'edit')
    expect(next.lead?.fields).toEqual({ phone: 'hidden' })
    expect(fieldRule(effective(next, 'lead'), 'phone')).toBe('hidden')
    expect(fieldRule(effective(next, 'lead'), 'name')).toBe('edit')
  })

  it('removes an own grant on reset, and sends nothing when nothing changed', () => {
    const next = resetToDefault(m, 'lead')
    expect(diffMatrix(m, next)).toEqual({ put: [], remove: ['lead'] })
    expect(diffMatrix(m, matrixFromRole(rep, ['person', 'lead']))).toEqual({ put: [], remove: [] })
    expect(resetToDefault(m, '*')).toBe(m)
  })

  it('sends the default grant first', () => {
    const next = setGrant(setGrant(m, 'lead', { delete: false }), '*', { delete: true })
    expect(diffMatrix(m, next).put.map((g) => g.object)).toEqual(['*', 'lead'])
  })
})

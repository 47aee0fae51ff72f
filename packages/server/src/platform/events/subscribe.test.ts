import { eventTypeMatches } from '@kemai/shared/api/events.api'
import { describe, expect, it } from 'vitest'
import { defineListener, ListenerRegistry, listenerAccepts } from './subscribe.ts'

const handle = async () => {}

describe('listener matching', () => {
  it.each([
    [['*'], 'record.created', true],
    [['record.created'], 'record.created', true],
    [['record.created'], 'record.updated', false],
    [['record.*'], 'record.deleted', true],
    [['record.*'], 'records.merged', false],
    [['opportunity.*'], 'opportunity.stage.changed', true],
    [['lead.converted', 'record.*'], 'lead.converted', true],
  ])('%j matches %s: %s', (patterns, type, expected) => {
    expect(eventTypeMatches(patterns, type)).toBe(expected)
  })

  it('filters by object; events without an object never match an object filter', () => {
    const l = defineListener({ name: 'scoring', events: ['record.*'], objects: ['lead'], handle })
    expect(listenerAccepts(l, { type: 'record.created', objectName: 'lead' })).toBe(true)
    expect(listenerAccepts(l, { type: 'record.created', objectName: 'company' })).toBe(false)
    expect(listenerAccepts(l, { type: 'record.created', objectName: null })).toBe(false)
    const any = defineListener({ name: 'audit-trail', events: ['*'], handle })
    expect(listenerAccepts(any, { type: 'ticket.sla_breached', objectName: null })).toBe(true)
  })

  it('refuses bad names, bad patterns and duplicates', () => {
    expect(() => defineListener({ name: 'Bad Name', events: ['*'], handle })).toThrow('invalid listener name')
    expect(() => defineListener({ name: 'x', events: [], handle })).toThrow('no events')
    expect(() => defineListener({ name: 'x', events: ['record.'], handle })).toThrow('invalid event pattern')
    const r = new ListenerRegistry().add(defineListener({ name: 'a', events: ['*'], handle }))
    expect(() => r.add(defineListener({ name: 'a', events: ['*'], handle }))).toThrow('registered twice')
    expect(r.list().map((l) => l.name)).toEqual(['a'])
  })
})

import { describe, expect, it } from 'vitest'
import type { FieldDef, ObjectDef } from '../fields.ts'
import { findTemplate, missingRequirements, WORKFLOW_TEMPLATES, type WorkflowTemplate } from './templates.ts'
import { planRun } from './test-run.ts'
import { validateWorkflow } from './validate.ts'

/** The objects a template declares it needs, built as metadata. */
function declaredObjects(t: WorkflowTemplate): Map<string, ObjectDef> {
  const out = new Map<string, ObjectDef>()
  for (const r of t.requires) {
    const fields: FieldDef[] = r.fields.map((f) => ({
      name: f.name,
      type: f.type,
      label: { 'zh-CN': f.name, en: f.name },
      options: f.choices ? { choices: f.choices.map((value) => ({ value })) } : {},
      isSystem: false,
      isActive: true,
    }))
    const label = { 'zh-CN': r.object, en: r.object }
    out.set(r.object, {
      name: r.object,
      label,
      pluralLabel: label,
      isSystem: false,
      isActive: true,
      module: null,
      titleField: 'name',
      fields,
    })
  }
  return out
}

describe('workflow templates', () => {
  it('are the five examples of the issue, with unique keys', () => {
    expect(WORKFLOW_TEMPLATES.map((t) => t.key)).toEqual([
      'new_opportunity_first_contact',
      'stalled_deal_reminder',
      'quote_follow_up',
      'birthday_reminder',
      'discount_approval',
    ])
    expect(findTemplate('birthday_reminder')?.requires[0]?.object).toBe('person')
    expect(findTemplate('nope')).toBeUndefined()
  })

  it.each(WORKFLOW_TEMPLATES.map((t) => [t.key, t] as const))(
    '%s validates against the objects it declares',
    (_, t) => {
      const objects = declaredObjects(t)
      const resolveObject = (n: string) => objects.get(n)
      expect(missingRequirements(t, resolveObject)).toEqual([])
      expect(validateWorkflow(t.definition, { resolveObject })).toEqual([])
    },
  )

  it('reports missing objects and fields', () => {
    const t = findTemplate('discount_approval')!
    expect(missingRequirements(t, () => undefined)).toEqual([{ object: 'quote' }])
    const quote = declaredObjects(t).get('quote')!
    const partial = { ...quote, fields: quote.fields.filter((f) => f.name !== 'discount') }
    expect(missingRequirements(t, () => partial)).toEqual([{ object: 'quote', field: 'discount' }])
  })

  it('the discount approval plans an approval only above 20%', () => {
    const t = findTemplate('discount_approval')!
    const objects = declaredObjects(t)
    const meta = { resolveObject: (n: string) => objects.get(n) }
    const id = '00000000-0000-4000-8000-000000000001'
    const now = new Date('2026-01-01T00:00:00Z')
    const high = planRun(t.definition, { id, name: 'Q-1', discount: 25 }, meta, now)
    expect(high.path).toEqual(['over_20', 'mark_pending', 'director_approval', 'mark_approved'])
    expect(high.steps[2]!.detail.title).toBe('报价「Q-1」折扣 25% 需要审批')
    expect(planRun(t.definition, { id, name: 'Q-2', discount: 10 }, meta, now).path).toEqual(['over_20'])
  })
})

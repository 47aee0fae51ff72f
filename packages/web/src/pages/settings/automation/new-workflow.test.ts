import { validateWorkflow } from '@kemai/shared/automation/validate'
import type { ObjectDef } from '@kemai/shared/fields'
import { describe, expect, it } from 'vitest'
import { personMeta } from '../../../test/fixtures.ts'
import { freeName, newWorkflowDefinition } from './new-workflow.ts'

describe('a new workflow', () => {
  it('starts from a draft that publishes as it is', () => {
    const resolveObject = (name: string) =>
      name === 'person' ? (personMeta as unknown as ObjectDef) : undefined
    expect(
      validateWorkflow(newWorkflowDefinition('person', '由工作流添加的备注'), { resolveObject }),
    ).toEqual([])
  })

  it('takes a name no other workflow has', () => {
    expect(freeName('新工作流', [])).toBe('新工作流')
    expect(freeName('新工作流', ['新工作流', '新工作流 2'])).toBe('新工作流 3')
    expect(freeName('New workflow', ['New workflow 2'])).toBe('New workflow')
  })
})

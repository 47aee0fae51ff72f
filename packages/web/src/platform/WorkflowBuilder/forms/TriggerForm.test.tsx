import type { Trigger, WorkflowDefinition } from '@kemai/shared/automation/definition'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { Form } from 'antd'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../../test/fakeApi.ts'
import { companyMeta, personMeta } from '../../../test/fixtures.ts'
import { renderAt } from '../../../test/render.tsx'
import { WithEnv } from '../testEnv.tsx'
import { TriggerForm } from './TriggerForm.tsx'

afterEach(() => vi.restoreAllMocks())

const FORM_A = '01a243f1-0000-7000-8000-0000000000f1'
const FORM_B = '01a243f1-0000-7000-8000-0000000000f2'

function Harness({ initial, spy }: { initial: Trigger; spy: (t: Trigger) => void }) {
  const [trigger, setTrigger] = useState(initial)
  const def: WorkflowDefinition = { trigger, start: null, steps: [] } as unknown as WorkflowDefinition
  return (
    <WithEnv def={def} stepId={null}>
      <Form layout="vertical">
        <TriggerForm
          trigger={trigger}
          onChange={(t) => {
            setTrigger(t)
            spy(t)
          }}
        />
      </Form>
    </WithEnv>
  )
}

describe('trigger form: form submitted', () => {
  it('picks one of the trigger object’s web forms instead of typing an id', async () => {
    const { requests } = fakeApi({
      objects: [personMeta, companyMeta],
      onRequest: (req) =>
        req.path === '/api/v1/forms'
          ? {
              status: 200,
              body: {
                data:
                  req.query.get('object') === 'person'
                    ? [
                        { id: FORM_A, name: '官网联系表单', enabled: true },
                        { id: FORM_B, name: '展会报名', enabled: false },
                      ]
                    : [],
              },
            }
          : undefined,
    })
    const spy = vi.fn()
    renderAt('/x', [
      {
        path: '/x',
        element: <Harness initial={{ type: 'form_submitted', object: 'person', formId: '' }} spy={spy} />,
      },
    ])
    const select = await screen.findByTestId('wf-trigger-form')
    await waitFor(() => expect(requests.some((r) => r.path === '/api/v1/forms')).toBe(true))
    expect(requests.find((r) => r.path === '/api/v1/forms')!.query.get('object')).toBe('person')
    fireEvent.mouseDown(select.querySelector('input')!)
    fireEvent.click(await screen.findByText('展会报名', { selector: '.ant-select-item-option-content' }))
    await waitFor(() =>
      expect(spy).toHaveBeenLastCalledWith({ type: 'form_submitted', object: 'person', formId: FORM_B }),
    )
  })

  it('keeps an id that is not among the forms visible until another is picked', async () => {
    fakeApi({
      objects: [personMeta, companyMeta],
      onRequest: (req) => (req.path === '/api/v1/forms' ? { status: 200, body: { data: [] } } : undefined),
    })
    renderAt('/x', [
      {
        path: '/x',
        element: (
          <Harness initial={{ type: 'form_submitted', object: 'person', formId: FORM_A }} spy={vi.fn()} />
        ),
      },
    ])
    expect(await screen.findByText(FORM_A)).toBeTruthy()
  })
})

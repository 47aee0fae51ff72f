import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons'
import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { TRIGGER } from './model.ts'
import { nodeOf, type ShownProblem } from './problems.ts'

/** Every problem of the draft; clicking one selects its step (or the trigger). */
export function ProblemsPanel({
  def,
  problems,
  onSelect,
}: {
  def: WorkflowDefinition
  problems: readonly ShownProblem[]
  onSelect(node: string): void
}) {
  const { t } = useTranslation()
  if (problems.length === 0)
    return (
      <Result icon={<CheckCircleOutlined />} status="success" title={t('workflowBuilder.problems.none')} />
    )
  // the trigger's first, then each step's in the order of the steps
  const rank = (p: ShownProblem) => def.steps.findIndex((s) => s.id === nodeOf(def, p))
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b))
  return (
    <div data-testid="wf-problems">
      {sorted.map((p) => {
        const node = nodeOf(def, p)
        const step = def.steps.find((s) => s.id === node)
        return (
          <button
            type="button"
            key={`${p.code}|${p.path}|${p.message}`}
            className="km-wf-problem"
            data-testid="wf-problem"
            data-node={node}
            onClick={() => onSelect(node)}
          >
            <CloseCircleOutlined />
            <span>
              <strong>
                {node === TRIGGER ? t('workflowBuilder.trigger.title') : step?.name?.trim() || node}
              </strong>
              {' · '}
              {p.message}
            </span>
          </button>
        )
      })}
    </div>
  )
}

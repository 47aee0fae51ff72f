import { Typography } from 'antd'
import type { WorkflowProblem } from '../../../platform/Automation/automation-api.ts'

/** A draft's problems, each with the step it is on and the server's message (in the UI language). */
export function ProblemList({ problems }: { problems: WorkflowProblem[] }) {
  return (
    <ul className="km-problem-list km-auto-problems" data-testid="workflow-problems">
      {problems.map((p) => (
        <li key={`${p.path}:${p.code}:${p.message}`}>
          {p.stepId ? <Typography.Text code>{p.stepId}</Typography.Text> : null} {p.message}
        </li>
      ))}
    </ul>
  )
}

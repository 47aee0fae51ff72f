import { Button, Result, Skeleton } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { type Workflow, workflowsApi } from '../../../platform/Automation/automation-api.ts'
import { ApiError } from '../../../platform/api-client.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { WorkflowBuilder } from '../../../platform/WorkflowBuilder/WorkflowBuilder.tsx'

/**
 * `/settings/workflows/{id}`: one workflow in the visual builder (docs/automation.md). The list of
 * workflows is `/settings/workflows`; this page is its own lazy chunk, with @xyflow/react and the
 * shared validator, so lists and record pages do not load them.
 */
export function WorkflowEditorPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const { status: metaStatus } = useMetadata()
  const [state, setState] = useState<{ workflow?: Workflow; error?: unknown }>({})
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again after a failure
  useEffect(() => {
    const ctl = new AbortController()
    setState({})
    workflowsApi
      .get(id, ctl.signal)
      .then((workflow) => !ctl.signal.aborted && setState({ workflow }))
      .catch((error: unknown) => !ctl.signal.aborted && setState({ error }))
    return () => ctl.abort()
  }, [id, attempt])

  const back = (
    <Link to="/settings/workflows">
      <Button>{t('workflowBuilder.back')}</Button>
    </Link>
  )
  if (state.error instanceof ApiError && state.error.status === 404)
    return (
      <Result status="404" title={t('workflowBuilder.notFound')} extra={back} data-testid="wf-not-found" />
    )
  if (state.error instanceof ApiError && state.error.status === 403)
    return (
      <Result
        status="403"
        title={t('workflowBuilder.forbidden')}
        subTitle={t('workflowBuilder.forbiddenHint')}
        extra={back}
      />
    )
  if (state.error)
    return (
      <div className="km-pad">
        <ProblemAlert error={state.error} onRetry={() => setAttempt((n) => n + 1)} />
      </div>
    )
  if (!state.workflow || metaStatus === 'loading')
    return (
      <div className="km-pad">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    )
  return <WorkflowBuilder key={state.workflow.id} workflow={state.workflow} />
}

import { CloseOutlined } from '@ant-design/icons'
import {
  type Step,
  type Trigger,
  triggerObject,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from '@kemai/shared/automation/definition'
import { checkWorkflow, type WorkflowMetadata } from '@kemai/shared/automation/validate'
import type { ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Drawer, Form } from 'antd'
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import {
  emailTemplatesApi,
  publishProblems,
  type RunPlan,
  type Workflow,
  workflowsApi,
} from '../Automation/automation-api.ts'
import { forgetWorkflows } from '../Automation/useManualWorkflows.ts'
import { problemText } from '../ProblemAlert.tsx'
import { canAutomation } from '../permissions.ts'
import { BuilderToolbar } from './BuilderToolbar.tsx'
import { builderApi, canonicalJson } from './builderApi.ts'
import { takenLinks } from './flow.ts'
import type { Choice, FormEnv } from './formEnv.ts'
import { FormEnvContext } from './formEnv.ts'
import { TriggerForm } from './forms/TriggerForm.tsx'
import { mergeOptions } from './mergeOptions.ts'
import {
  type InsertableType,
  idProblem,
  insertStep,
  removalPlan,
  removeStep,
  renameStep,
  replaceStep,
  setLink,
  TRIGGER,
} from './model.ts'
import { ProblemsPanel } from './ProblemsPanel.tsx'
import { countByNode, mergeProblems, problemsOfNode, type ShownProblem, withMessages } from './problems.ts'
import { StepPanel } from './StepPanel.tsx'
import { STEP_VISUALS, TRIGGER_ICON } from './stepVisuals.tsx'
import type { SummaryContext } from './summary.ts'
import { TestRunPanel } from './TestRunPanel.tsx'
import { useUnsavedGuard } from './useUnsavedGuard.ts'
import { type CanvasRun, WorkflowCanvas } from './WorkflowCanvas.tsx'

/** A stored draft with the schema's defaults applied (a shape the server refused to store cannot be here). */
export function toDefinition(draft: unknown): WorkflowDefinition {
  const r = workflowDefinitionSchema.safeParse(draft)
  return r.success ? r.data : (draft as WorkflowDefinition)
}

type Panel = { kind: 'node'; id: string } | { kind: 'test' } | { kind: 'problems' } | null

function useChoices(load: (signal: AbortSignal) => Promise<Choice[]>): Choice[] {
  const [list, setList] = useState<Choice[]>([])
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once per builder
  useEffect(() => {
    const ctl = new AbortController()
    load(ctl.signal)
      .then((l) => !ctl.signal.aborted && setList(l))
      .catch(() => {
        // a role that may not list teams or roles picks by the ids already in the draft
      })
    return () => ctl.abort()
  }, [])
  return list
}

/**
 * The visual workflow builder (issue 6): the draft as a canvas, a side panel per step or the trigger,
 * live validation with the shared validator, save / publish / test run against the workflow API.
 */
export function WorkflowBuilder({ workflow }: { workflow: Workflow }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const me = useMe()
  const isMobile = useIsMobile()
  const { objects, byName, userNames } = useMetadata()

  const [saved, setSaved] = useState<Workflow>(workflow)
  const [draft, setDraft] = useState<WorkflowDefinition>(() => toDefinition(workflow.draft))
  const [name, setName] = useState(workflow.name)
  const [panel, setPanel] = useState<Panel>(null)
  const [busy, setBusy] = useState<'save' | 'publish' | 'test' | null>(null)
  const [server, setServer] = useState<{ key: string; list: ShownProblem[] }>(() => ({
    key: canonicalJson(toDefinition(workflow.draft)),
    list: workflow.problems,
  }))
  const [plan, setPlan] = useState<{ key: string; plan: RunPlan } | null>(null)
  const [testError, setTestError] = useState<unknown>(null)

  const key = useMemo(() => canonicalJson(draft), [draft])
  const savedKey = useMemo(() => canonicalJson(toDefinition(saved.draft)), [saved.draft])
  const dirty = key !== savedKey || name.trim() !== saved.name
  useUnsavedGuard(dirty)

  const others = useChoices((signal) =>
    workflowsApi
      .list(signal)
      .then((r) => r.data.filter((w) => w.id !== workflow.id).map((w) => ({ value: w.id, label: w.name }))),
  )
  const [workflowIds, setWorkflowIds] = useState<Set<string> | undefined>(undefined)
  useEffect(() => {
    const ctl = new AbortController()
    workflowsApi
      .list(ctl.signal)
      .then((r) => !ctl.signal.aborted && setWorkflowIds(new Set(r.data.map((w) => w.id))))
      .catch(() => {
        // unknown workflows are then only reported by the server
      })
    return () => ctl.abort()
  }, [])
  const teams = useChoices((signal) =>
    builderApi.teams(signal).then((r) => r.data.map((x) => ({ value: x.id, label: x.name }))),
  )
  const roles = useChoices((signal) =>
    builderApi.roles(signal).then((r) => r.data.map((x) => ({ value: x.id, label: x.name }))),
  )
  const emailTemplates = useChoices((signal) =>
    emailTemplatesApi.list(signal).then((r) => r.data.map((x) => ({ value: x.id, label: x.name }))),
  )
  const users = useMemo(() => [...userNames].map(([value, label]) => ({ value, label })), [userNames])

  const meta = useMemo<WorkflowMetadata>(() => {
    const resolveObject = (n: string) => byName.get(n) as unknown as ObjectDef | undefined
    return workflowIds ? { resolveObject, workflowIds } : { resolveObject }
  }, [byName, workflowIds])
  const local = useMemo(
    () => withMessages(locale, checkWorkflow(draft, meta).problems),
    [draft, meta, locale],
  )
  const problems = useMemo(
    () => (server.key === key ? mergeProblems(local, server.list) : local),
    [local, server, key],
  )
  const counts = useMemo(() => countByNode(draft, problems), [draft, problems])

  const workflowNames = useMemo(() => new Map(others.map((w) => [w.value, w.label])), [others])
  const summary = useMemo<SummaryContext>(
    () => ({
      def: draft,
      byName,
      locale,
      t,
      userName: (id) => userNames.get(id),
      workflowName: (id) => workflowNames.get(id),
    }),
    [draft, byName, locale, t, userNames, workflowNames],
  )

  const livePlan = plan && plan.key === key ? plan.plan : null
  const run = useMemo<CanvasRun | null>(() => {
    if (!livePlan?.ok) return null
    const order = new Map(
      livePlan.steps.map((p, i) => [
        p.stepId,
        {
          order: i + 1,
          note:
            p.type === 'condition'
              ? t(p.detail.result ? 'workflowBuilder.link.yes' : 'workflowBuilder.link.no')
              : p.type === 'switch'
                ? typeof p.detail.case === 'number'
                  ? ((p.detail.label as string | null) ??
                    t('workflowBuilder.link.case', { n: p.detail.case + 1 }))
                  : t('workflowBuilder.link.default')
                : null,
          warnings: p.unresolved.length,
        },
      ]),
    )
    return { order, taken: takenLinks(draft, livePlan.steps) }
  }, [livePlan, draft, t])

  const selectedId = panel?.kind === 'node' ? panel.id : null
  const selectedStep =
    selectedId && selectedId !== TRIGGER ? draft.steps.find((s) => s.id === selectedId) : undefined
  // a removed or renamed step's panel closes
  useEffect(() => {
    if (panel?.kind === 'node' && panel.id !== TRIGGER && !draft.steps.some((s) => s.id === panel.id))
      setPanel(null)
  }, [panel, draft.steps])

  // a role that may only read workflows sees the builder without its editing (the server refuses changes)
  const canWrite = canAutomation(me, 'write')
  const structural = canWrite && !isMobile
  const editable = structural && busy === null
  const select = useCallback((id: string | null) => setPanel(id ? { kind: 'node', id } : null), [])
  const triggerName = triggerObject(draft.trigger)
  const titleField = triggerName ? byName.get(triggerName)?.titleField : undefined
  const defaults = useMemo(
    () => ({
      object: triggerObject(draft.trigger),
      fallbackObject: objects[0]?.name ?? null,
      taskTitle: t('workflowBuilder.defaults.taskTitle'),
      noteBody: t('workflowBuilder.defaults.noteBody'),
      notifyTitle: t('workflowBuilder.defaults.notifyTitle'),
      // the record's title as a merge field, so approvers see what they decide on
      approvalTitle: titleField
        ? t('workflowBuilder.defaults.approvalTitle', { record: `{{trigger.record.${titleField}}}` })
        : t('workflowBuilder.type.approval'),
      teamId: teams[0]?.value,
      workflowId: others[0]?.value,
      emailTemplateId: emailTemplates[0]?.value,
    }),
    [draft.trigger, objects, t, teams, others, titleField, emailTemplates],
  )
  const onInsert = useCallback(
    (from: string, path: string, type: InsertableType) => {
      const r = insertStep(draft, from, path, type, defaults)
      if (!r.id) return
      setDraft(r.def)
      setPanel({ kind: 'node', id: r.id })
    },
    [draft, defaults],
  )
  const onConnect = useCallback(
    (from: string, path: string, to: string | null) => setDraft((d) => setLink(d, from, path, to)),
    [],
  )

  const nodeProblems = selectedId ? problemsOfNode(draft, problems, selectedId) : null
  const mergeFor = useMemo(
    () => mergeOptions(draft, selectedStep ? selectedStep.id : null, byName, locale, t),
    [draft, selectedStep, byName, locale, t],
  )
  const env: FormEnv = {
    def: draft,
    objects,
    byName,
    locale,
    timeZone: me.workspace.timeZone,
    currency: me.workspace.currency,
    users,
    teams,
    roles,
    workflows: others,
    emailTemplates,
    merge: mergeFor,
    summary,
    problemsAt: (path) => nodeProblems?.at(path) ?? [],
    compact: isMobile,
  }

  /** Saves the draft (and the name); false when the server refused it (its problems are then shown). */
  const save = async (): Promise<Workflow | null> => {
    try {
      const next = await workflowsApi.update(workflow.id, {
        name: name.trim() || saved.name,
        definition: draft as unknown as Record<string, unknown>,
      })
      setSaved(next)
      setName(next.name)
      setServer({ key, list: next.problems })
      forgetWorkflows()
      return next
    } catch (e) {
      const list = publishProblems(e)
      if (list.length > 0) {
        setServer({ key, list })
        setPanel({ kind: 'problems' })
        message.error(t('workflowBuilder.saveRefused'))
      } else message.error(problemText(e, t).title)
      return null
    }
  }

  const onSave = async () => {
    setBusy('save')
    const next = await save()
    setBusy(null)
    if (next) message.success(t('workflowBuilder.saved'))
  }

  const onPublish = async () => {
    setBusy('publish')
    try {
      if (dirty && !(await save())) return
      const next = await workflowsApi.publish(workflow.id)
      setSaved(next)
      setServer({ key, list: next.problems })
      forgetWorkflows()
      message.success(t('workflowBuilder.published', { version: next.publishedVersion }))
    } catch (e) {
      const list = publishProblems(e)
      if (list.length > 0) {
        setServer({ key, list })
        setPanel({ kind: 'problems' })
        message.error(t('workflowBuilder.publishRefused', { count: list.length }))
      } else message.error(problemText(e, t).title)
    } finally {
      setBusy(null)
    }
  }

  const onTest = async (recordId: string, approval: 'approved' | 'rejected') => {
    setBusy('test')
    setTestError(null)
    try {
      if (dirty && !(await save())) return
      const result = await builderApi.testRun(workflow.id, { recordId, source: 'draft', approval })
      setPlan({ key, plan: result })
    } catch (e) {
      setTestError(e)
    } finally {
      setBusy(null)
    }
  }

  const changeStep = (id: string, step: Step) => setDraft((d) => replaceStep(d, id, step))
  const changeTrigger = (trigger: Trigger) => setDraft((d) => ({ ...d, trigger }))

  let title: ReactNode = null
  let body: ReactNode = null
  if (panel?.kind === 'node' && panel.id === TRIGGER) {
    title = (
      <>
        <span className="km-wf-icon km-wf-trigger-icon">{TRIGGER_ICON}</span>
        {t('workflowBuilder.trigger.title')}
      </>
    )
    body = (
      <div data-testid="wf-trigger-panel">
        {nodeProblems && nodeProblems.messages.length > 0 ? (
          <ul className="km-problem-list km-wf-error-list">
            {nodeProblems.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
        <Form layout="vertical" className="km-wf-form" component="div" disabled={!canWrite}>
          <TriggerForm trigger={draft.trigger} onChange={changeTrigger} webhookUrl={saved.webhookUrl} />
        </Form>
      </div>
    )
  } else if (selectedStep) {
    const v = STEP_VISUALS[selectedStep.type]
    title = (
      <>
        <span className={`km-wf-icon km-wf-${v.family}`}>{v.icon}</span>
        <span className="km-ellipsis">{t(`workflowBuilder.type.${selectedStep.type}`)}</span>
      </>
    )
    const planned = livePlan?.steps.find((p) => p.stepId === selectedStep.id) ?? null
    body = (
      <StepPanel
        key={selectedStep.id}
        step={selectedStep}
        problems={nodeProblems?.messages ?? []}
        planned={planned}
        removal={removalPlan(draft, selectedStep.id)}
        structural={structural}
        readOnly={!canWrite}
        onChange={(s) => changeStep(selectedStep.id, s)}
        onRename={(id) => {
          const why = idProblem(draft, selectedStep.id, id)
          if (why) return why
          setDraft((d) => renameStep(d, selectedStep.id, id))
          setPanel({ kind: 'node', id })
          return null
        }}
        onRemove={() => {
          setDraft((d) => removeStep(d, selectedStep.id))
          setPanel(null)
        }}
      />
    )
  } else if (panel?.kind === 'test') {
    title = t('workflowBuilder.test.title')
    body = (
      <TestRunPanel
        def={draft}
        plan={plan?.plan ?? null}
        stale={!!plan && plan.key !== key}
        busy={busy === 'test'}
        error={testError}
        dirty={dirty}
        onRun={(id, approval) => void onTest(id, approval)}
        onSelect={(id) => setPanel({ kind: 'node', id })}
      />
    )
  } else if (panel?.kind === 'problems') {
    title = t('workflowBuilder.problems.title', { count: problems.length })
    body = <ProblemsPanel def={draft} problems={problems} onSelect={(id) => setPanel({ kind: 'node', id })} />
  }

  return (
    <FormEnvContext.Provider value={env}>
      <div className="km-wf" data-testid="workflow-builder">
        <BuilderToolbar
          name={name}
          onName={setName}
          workflow={saved}
          dirty={dirty}
          problems={problems.length}
          busy={busy}
          compact={isMobile}
          canWrite={canWrite}
          onProblems={() => setPanel(panel?.kind === 'problems' ? null : { kind: 'problems' })}
          onTest={() => setPanel(panel?.kind === 'test' ? null : { kind: 'test' })}
          onSave={() => void onSave()}
          onPublish={() => void onPublish()}
        />
        {!canWrite ? (
          <div className="km-wf-readonly-note" data-testid="wf-read-only">
            {t('workflowBuilder.readOnlyNote')}
          </div>
        ) : isMobile ? (
          <div className="km-wf-readonly-note">{t('workflowBuilder.phoneNote')}</div>
        ) : null}
        <div className="km-wf-body">
          <WorkflowCanvas
            def={draft}
            problems={counts}
            selected={selectedId}
            run={run}
            editable={editable}
            summary={summary}
            onSelect={select}
            onInsert={onInsert}
            onConnect={onConnect}
          />
          {body && !isMobile ? (
            <aside
              className="km-wf-panel"
              aria-label={typeof title === 'string' ? title : undefined}
              data-testid="wf-panel"
            >
              <div className="km-wf-panel-head">
                {title}
                <span className="km-grow" />
                <Button
                  type="text"
                  size="small"
                  icon={<CloseOutlined />}
                  onClick={() => setPanel(null)}
                  aria-label={t('workflowBuilder.closePanel')}
                  data-testid="wf-panel-close"
                />
              </div>
              <div className="km-wf-panel-body">{body}</div>
            </aside>
          ) : null}
        </div>
        {isMobile ? (
          <Drawer
            open={!!body}
            onClose={() => setPanel(null)}
            title={<span className="km-wf-drawer-title">{title}</span>}
            size="100%"
            placement="right"
            destroyOnHidden
            data-testid="wf-panel"
          >
            <FormEnvContext.Provider value={env}>{body}</FormEnvContext.Provider>
          </Drawer>
        ) : null}
      </div>
    </FormEnvContext.Provider>
  )
}

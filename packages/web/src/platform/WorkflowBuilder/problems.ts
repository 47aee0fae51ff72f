import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import type { WorkflowProblem } from '@kemai/shared/automation/validate'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import { TRIGGER } from './model.ts'

/**
 * The problems the builder shows: the shared validator's, run in the browser on every edit, with their
 * messages in the UI language (as the server words them, workflows.service.ts), and the server's own
 * (publish refusals such as a step type that cannot run yet) while they are about the draft on screen.
 */

export interface ShownProblem {
  stepId: string | null
  path: string
  code: string
  message: string
  params?: Record<string, unknown>
}

/** A problem's message in the UI language (a shape problem's reason put in words first). */
export function problemMessage(locale: Locale, p: WorkflowProblem): string {
  const params: Record<string, unknown> = { step: p.stepId ?? '', ...(p.params ?? {}) }
  if (p.code === 'workflow.invalid_definition' && typeof params.reason === 'string')
    params.reason = translate(locale, `field.${params.reason}`, params)
  return translate(locale, `field.${p.code}`, params)
}

export function withMessages(locale: Locale, problems: readonly WorkflowProblem[]): ShownProblem[] {
  return problems.map((p) => ({ ...p, message: problemMessage(locale, p) }))
}

/** The browser's problems, then the server's that it did not find (same code and path). */
export function mergeProblems(
  local: readonly ShownProblem[],
  server: readonly ShownProblem[],
): ShownProblem[] {
  const seen = new Set(local.map((p) => `${p.code}|${p.path}`))
  return [...local, ...server.filter((p) => !seen.has(`${p.code}|${p.path}`))]
}

/** Which node a problem belongs to: its step, or the trigger for the trigger, the start and the whole definition. */
export function nodeOf(def: WorkflowDefinition, p: ShownProblem): string {
  if (p.stepId !== null && def.steps.some((s) => s.id === p.stepId)) return p.stepId
  const m = /^steps\.(\d+)/.exec(p.path)
  const step = m ? def.steps[Number(m[1])] : undefined
  return step ? step.id : TRIGGER
}

/** Problems per node (step id, or `TRIGGER`). */
export function countByNode(def: WorkflowDefinition, problems: readonly ShownProblem[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of problems) {
    const n = nodeOf(def, p)
    out.set(n, (out.get(n) ?? 0) + 1)
  }
  return out
}

/** The messages of a node's problems, and a lookup of those at a path inside it (`values.title`). */
export function problemsOfNode(
  def: WorkflowDefinition,
  problems: readonly ShownProblem[],
  node: string,
): { messages: string[]; at(path: string): string[] } {
  const mine = problems.filter((p) => nodeOf(def, p) === node)
  const index = def.steps.findIndex((s) => s.id === node)
  const prefix = node === TRIGGER ? '' : `steps.${index}.`
  return {
    messages: [...new Set(mine.map((p) => p.message))],
    at: (path) => {
      const full = prefix + path
      return mine.filter((p) => p.path === full || p.path.startsWith(`${full}.`)).map((p) => p.message)
    },
  }
}

import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import type { Locale } from '@kemai/shared/i18n/messages'
import { createContext, useContext } from 'react'
import type { ObjectMeta } from '../endpoints.ts'
import type { MergeOption } from './mergeOptions.ts'
import type { SummaryContext } from './summary.ts'

export interface Choice {
  value: string
  label: string
}

/** What the side panel's forms read: the draft, metadata, people and teams to pick, and the merge fields. */
export interface FormEnv {
  def: WorkflowDefinition
  objects: ObjectMeta[]
  byName: ReadonlyMap<string, ObjectMeta>
  locale: Locale
  timeZone: string
  currency: string
  users: Choice[]
  teams: Choice[]
  roles: Choice[]
  /** the other workflows of the workspace (start_workflow) */
  workflows: Choice[]
  /** the workspace's e-mail templates (send_email) */
  emailTemplates: Choice[]
  /** merge fields the texts of the panel's step may use */
  merge: MergeOption[]
  summary: SummaryContext
  /** the messages of the problems at a path inside the edited step (`values.title`, `url`…), prefix match */
  problemsAt(path: string): string[]
  /** the panel edits but the structure may not change (phones) */
  compact: boolean
}

export const FormEnvContext = createContext<FormEnv | null>(null)

export function useFormEnv(): FormEnv {
  const env = useContext(FormEnvContext)
  if (!env) throw new Error('useFormEnv outside the step panel')
  return env
}

/** antd Form.Item status for a path with problems. */
export function statusAt(env: FormEnv, path: string): { validateStatus?: 'error' } {
  return env.problemsAt(path).length > 0 ? { validateStatus: 'error' } : {}
}

import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { TFunction } from 'i18next'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { companyMeta, me, personMeta } from '../../test/fixtures.ts'
import { type FormEnv, FormEnvContext } from './formEnv.ts'
import { mergeOptions } from './mergeOptions.ts'

/** The side panel's environment for component tests: the demo's person and company, one user and team. */
export function testEnv(
  def: WorkflowDefinition,
  stepId: string | null,
  t: TFunction,
  locale: Locale,
  problems: Record<string, string[]> = {},
): FormEnv {
  const objects = [personMeta, companyMeta]
  const byName = new Map(objects.map((o) => [o.name, o]))
  return {
    def,
    objects,
    byName,
    locale,
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    users: [{ value: me.user.id, label: me.user.name }],
    teams: [{ value: '01a243f1-0000-7000-8000-00000000000a', label: '华东销售部' }],
    roles: [],
    workflows: [{ value: '01a243f1-0000-7000-8000-00000000000b', label: '欢迎新客户' }],
    emailTemplates: [{ value: '01a243f1-0000-7000-8000-00000000000c', label: '欢迎邮件' }],
    merge: mergeOptions(def, stepId, byName, locale, t),
    summary: { def, byName, locale, t },
    problemsAt: (path) =>
      Object.entries(problems).flatMap(([p, m]) => (p === path || p.startsWith(`${path}.`) ? m : [])),
    compact: false,
  }
}

/** Renders children with the panel's environment, built with the UI's own translations. */
export function WithEnv({
  def,
  stepId,
  problems,
  children,
}: {
  def: WorkflowDefinition
  stepId: string | null
  problems?: Record<string, string[]>
  children: ReactNode
}) {
  const { t, i18n } = useTranslation()
  return (
    <FormEnvContext.Provider value={testEnv(def, stepId, t, i18n.language as Locale, problems)}>
      {children}
    </FormEnvContext.Provider>
  )
}

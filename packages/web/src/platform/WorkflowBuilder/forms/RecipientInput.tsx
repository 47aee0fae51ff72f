import type { Approver, Recipient } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Select, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { useFormEnv } from '../formEnv.ts'

const KINDS: Approver['kind'][] = ['owner', 'owner_manager', 'user', 'role', 'team', 'field']
const APPROVER_KINDS: Approver['kind'][] = [...KINDS, 'submitter_manager']

/** A new recipient of a kind, its id not chosen yet unless there is one to choose. */
function recipientOf(kind: Approver['kind'], first: string | undefined): Approver {
  switch (kind) {
    case 'user':
      return { kind, userId: first ?? '' }
    case 'role':
      return { kind, roleId: first ?? '' }
    case 'team':
      return { kind, teamId: first ?? '' }
    case 'field':
      return { kind, field: first ?? '' }
    default:
      return { kind }
  }
}

/**
 * Who gets a task or a notification: the owner, their manager, a user, a role, a team, or a user field;
 * an approver may also be the submitter's manager.
 */
export function RecipientInput<T extends Approver = Recipient>({
  value,
  onChange,
  approver,
  'data-testid': testId,
}: {
  value: T
  onChange(r: T): void
  /** offer the submitter's manager too */
  approver?: boolean
  'data-testid'?: string
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = triggerObject(env.def.trigger)
  const userFields = (name ? (env.byName.get(name)?.fields ?? []) : [])
    .filter((f) => f.isActive && f.type === 'user')
    .map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))
  const choices = (kind: Approver['kind']) =>
    kind === 'user'
      ? env.users
      : kind === 'role'
        ? env.roles
        : kind === 'team'
          ? env.teams
          : kind === 'field'
            ? userFields
            : []
  const idOf = (r: Approver): string | undefined =>
    r.kind === 'user'
      ? r.userId
      : r.kind === 'role'
        ? r.roleId
        : r.kind === 'team'
          ? r.teamId
          : r.kind === 'field'
            ? r.field
            : undefined
  const list = choices(value.kind)
  const id = idOf(value)
  return (
    <Space.Compact className="km-full" data-testid={testId}>
      <Select<Approver['kind']>
        value={value.kind}
        className={id === undefined ? 'km-full' : undefined}
        popupMatchSelectWidth={false}
        onChange={(kind) => onChange(recipientOf(kind, choices(kind)[0]?.value) as T)}
        options={(approver ? APPROVER_KINDS : KINDS).map((k) => ({
          value: k,
          label: t(`workflowBuilder.recipient.${k}`),
        }))}
        aria-label={t('workflowBuilder.form.recipientKind')}
      />
      {id !== undefined ? (
        <Select<string>
          className="km-full"
          value={id || undefined}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.choose')}
          status={id ? undefined : 'error'}
          onChange={(v) => onChange(recipientOf(value.kind, v) as T)}
          options={
            // an id the lists do not know (a deactivated user, a role this user cannot list) stays visible
            list.some((c) => c.value === id) || !id ? list : [{ value: id, label: id }, ...list]
          }
          notFoundContent={t('workflowBuilder.form.nothingToPick')}
        />
      ) : null}
    </Space.Compact>
  )
}

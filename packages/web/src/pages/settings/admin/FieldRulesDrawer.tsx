import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Drawer, Segmented } from 'antd'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { effective, type FieldRule, fieldRule, isInherited, type Matrix, setFieldRule } from './grantModel.ts'

const RULES: readonly FieldRule[] = ['edit', 'read', 'hidden']

/** Field-level rules of one object in a role: editable, read-only or hidden, field by field. */
export function FieldRulesDrawer({
  object,
  matrix,
  onEdit,
  onClose,
}: {
  object: ObjectMeta
  matrix: Matrix
  onEdit(edit: (m: Matrix) => Matrix): void
  onClose(): void
}) {
  const { t, i18n } = useTranslation()
  const isMobile = useIsMobile()
  const locale = i18n.language as Locale
  const grant = effective(matrix, object.name)
  const fields = object.fields.filter((f) => f.isActive)

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('settings.roles.fieldsTitle', { object: labelOf(object.label, locale) })}
      size={isMobile ? '85%' : 520}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
      footer={
        <div className="km-admin-drawer-footer">
          <Button type="primary" onClick={onClose} data-testid="fields-done">
            {t('settings.roles.fieldsDone')}
          </Button>
        </div>
      }
    >
      <Alert
        type="info"
        showIcon
        className="km-admin-gap"
        title={
          isInherited(matrix, object.name)
            ? t('settings.roles.fieldsInherit')
            : t('settings.roles.fieldsHint')
        }
      />
      <ul className="km-admin-list" data-testid="field-rules">
        {fields.map((f) => (
          <li key={f.name} className="km-admin-list-item">
            <span className="km-admin-cell-main">
              <span className="km-admin-strong">{labelOf(f.label, locale)}</span>
              <span className="km-admin-sub">{f.name}</span>
            </span>
            <Segmented<FieldRule>
              size="small"
              value={fieldRule(grant, f.name)}
              onChange={(rule) => onEdit((m) => setFieldRule(m, object.name, f.name, rule))}
              options={RULES.map((r) => ({ value: r, label: t(`settings.roles.fieldRule.${r}`) }))}
              aria-label={labelOf(f.label, locale)}
              data-testid={`field-rule-${f.name}`}
            />
          </li>
        ))}
      </ul>
    </Drawer>
  )
}

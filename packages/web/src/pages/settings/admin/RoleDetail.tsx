import { DeleteOutlined, EditOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, App, Button, Card, Skeleton, Space, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../../app/metadata.tsx'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type Role, rolesAdminApi } from './api.ts'
import { FieldRulesDrawer } from './FieldRulesDrawer.tsx'
import { DEFAULT_OBJECT, diffMatrix, type Matrix, matrixFromRole } from './grantModel.ts'
import { PermissionMatrix } from './PermissionMatrix.tsx'
import { RoleModal } from './RoleModal.tsx'

/** One role: name and description, delete, and its permission matrix (saved grant by grant). */
export function RoleDetail({
  role,
  onChanged,
  onDeleted,
}: {
  role: Role
  onChanged(role: Role): void
  onDeleted(): void
}) {
  const { t, i18n } = useTranslation()
  const { message, modal } = App.useApp()
  const meta = useMetadata()
  const names = useMemo(() => meta.objects.map((o) => o.name), [meta.objects])
  const base = useMemo(() => matrixFromRole(role, names), [role, names])
  const [draft, setDraft] = useState<Matrix | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [renaming, setRenaming] = useState(false)
  const [fieldsOf, setFieldsOf] = useState<string | null>(null)
  const matrix = draft ?? base
  const edit = (fn: (m: Matrix) => Matrix) => setDraft((d) => fn(d ?? base))
  const changes = diffMatrix(base, matrix)
  const dirty = changes.put.length + changes.remove.length > 0
  const objectLabel = (o: string) =>
    o === DEFAULT_OBJECT
      ? t('settings.roles.defaultObject')
      : labelOf(meta.byName.get(o)?.label, i18n.language as Locale) || o

  const save = async () => {
    setSaving(true)
    setError(null)
    let failed: { object: string; error: unknown } | null = null
    for (const g of changes.put) {
      const { object, ...body } = g
      try {
        await rolesAdminApi.setGrant(role.id, object, body)
      } catch (e) {
        failed = { object, error: e }
        break
      }
    }
    if (!failed)
      for (const object of changes.remove) {
        try {
          await rolesAdminApi.removeGrant(role.id, object)
        } catch (e) {
          failed = { object, error: e }
          break
        }
      }
    try {
      // the role as the server has it now; unsaved rows stay in the draft
      const fresh = await rolesAdminApi.get(role.id)
      onChanged(fresh)
      if (!failed) setDraft(null)
    } catch (e) {
      failed ??= { object: '', error: e }
    }
    if (failed) {
      setError(failed)
      message.error(problemText(failed.error, t).title)
    } else
      message.success(t('settings.roles.savedGrants', { count: changes.put.length + changes.remove.length }))
    setSaving(false)
  }

  const remove = () =>
    modal.confirm({
      title: t('settings.roles.deleteConfirm', { name: role.name }),
      content:
        role.userCount > 0
          ? t('settings.roles.deleteInUse', { count: role.userCount })
          : t('settings.roles.deleteHint'),
      okText: t('settings.roles.delete'),
      okButtonProps: { danger: true },
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await rolesAdminApi.remove(role.id)
          message.success(t('settings.roles.deleted', { name: role.name }))
          onDeleted()
        } catch (e) {
          setError({ object: '', error: e })
          message.error(problemText(e, t).title)
        }
      },
    })

  const failed = error as { object: string; error: unknown } | null
  const fieldsObject = fieldsOf ? meta.byName.get(fieldsOf) : undefined

  return (
    <div className="km-admin-stack" data-testid="role-detail">
      <Card
        title={
          <span className="km-admin-role-label">
            <span className="km-admin-ellipsis">{role.name}</span>
            {role.isAdmin ? <Tag color="gold">{t('settings.roles.admin')}</Tag> : null}
          </span>
        }
        extra={
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setRenaming(true)}>
              {t('settings.roles.rename')}
            </Button>
            {role.isAdmin ? null : (
              <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="role-delete">
                {t('settings.roles.delete')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type={role.description ? undefined : 'secondary'} className="km-admin-hint">
          {role.description || t('settings.roles.noDescription')}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('settings.roles.userCount', { count: role.userCount })}
        </Typography.Text>
      </Card>
      <Card
        title={t('settings.roles.matrix')}
        extra={
          role.isAdmin ? null : (
            <Space wrap>
              {dirty ? (
                <Tag color="orange">
                  {t('settings.roles.unsaved', { count: changes.put.length + changes.remove.length })}
                </Tag>
              ) : null}
              <Button disabled={!dirty || saving} onClick={() => setDraft(null)}>
                {t('settings.roles.discard')}
              </Button>
              <Button
                type="primary"
                disabled={!dirty}
                loading={saving}
                onClick={save}
                data-testid="matrix-save"
              >
                {t('action.save')}
              </Button>
            </Space>
          )
        }
      >
        {role.isAdmin ? (
          <Alert type="info" showIcon title={t('settings.roles.adminAll')} />
        ) : meta.status === 'loading' ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" className="km-admin-hint">
              {t('settings.roles.matrixHint')}
            </Typography.Paragraph>
            {meta.status === 'error' ? <ProblemAlert error={meta.error} onRetry={meta.reload} /> : null}
            {failed ? (
              <div className="km-admin-gap">
                {failed.object ? (
                  <Typography.Text strong>
                    {t('settings.roles.saveFailed', { object: objectLabel(failed.object) })}
                  </Typography.Text>
                ) : null}
                <ProblemAlert error={failed.error} />
              </div>
            ) : null}
            <PermissionMatrix matrix={matrix} objects={meta.objects} onEdit={edit} onFields={setFieldsOf} />
          </>
        )}
      </Card>
      {renaming ? (
        <RoleModal
          current={role}
          roles={[]}
          onClose={() => setRenaming(false)}
          onSaved={(r) => {
            setRenaming(false)
            onChanged(r)
            message.success(t('settings.saved'))
          }}
        />
      ) : null}
      {fieldsObject ? (
        <FieldRulesDrawer
          object={fieldsObject}
          matrix={matrix}
          onEdit={edit}
          onClose={() => setFieldsOf(null)}
        />
      ) : null}
    </div>
  )
}

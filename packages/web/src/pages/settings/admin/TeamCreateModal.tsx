import { Form, Input, Modal, TreeSelect } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type Team, teamsAdminApi } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'
import { buildTeamTree } from './teamTree.ts'

/** A new team under a parent (none = a new top-level team). */
export function TeamCreateModal({
  teams,
  parentId,
  onClose,
  onCreated,
}: {
  teams: readonly Team[]
  parentId: string | null
  onClose(): void
  onCreated(team: Team): void
}) {
  const { t, i18n } = useTranslation()
  const [form] = Form.useForm<{ name: string; parentId: string | null }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)
  const tree = useMemo(() => buildTeamTree(teams, i18n.language), [teams, i18n.language])

  const save = async (v: { name: string; parentId?: string | null }) => {
    setSaving(true)
    setError(null)
    try {
      onCreated(await teamsAdminApi.create({ name: v.name.trim(), parentId: v.parentId ?? null }))
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, ['name', 'parentId']))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      title={t('settings.teams.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.create')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ name: '', parentId }}
        data-testid="team-form"
      >
        <Form.Item
          name="name"
          label={t('settings.teams.name')}
          rules={[{ required: true, whitespace: true, message: t('settings.teams.nameRequired') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label={t('settings.teams.parent')} extra={t('settings.teams.parentHint')}>
          <TreeSelect
            allowClear
            treeData={tree}
            treeDefaultExpandAll
            placeholder={t('settings.teams.topLevel')}
            showSearch={{ treeNodeFilterProp: 'title' }}
          />
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Modal>
  )
}

import { DeleteOutlined, EditOutlined, MoreOutlined } from '@ant-design/icons'
import { Button, Dropdown } from 'antd'
import { useTranslation } from 'react-i18next'

/** ⋯ on an activity its viewer may change: *Edit* (in place) and *Delete* (the panel asks first). */
export function ActivityMenu({ onEdit, onDelete }: { onEdit(): void; onDelete(): void }) {
  const { t } = useTranslation()
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'edit', icon: <EditOutlined />, label: t('timeline.edit'), onClick: onEdit },
          {
            key: 'delete',
            danger: true,
            icon: <DeleteOutlined />,
            label: t('timeline.delete'),
            onClick: onDelete,
          },
        ],
      }}
    >
      <Button
        type="text"
        size="small"
        icon={<MoreOutlined />}
        aria-label={t('timeline.actions')}
        className="km-activity-more"
        data-testid="activity-more"
      />
    </Dropdown>
  )
}

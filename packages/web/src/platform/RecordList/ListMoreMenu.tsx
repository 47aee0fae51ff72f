import { ClearOutlined, CopyOutlined, EllipsisOutlined, ImportOutlined } from '@ant-design/icons'
import { Button, Dropdown, type MenuProps } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useMe } from '../../app/session.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { canObject } from '../permissions.ts'

/**
 * The list's data tools: import into this object, review its duplicates (objects with the duplicate
 * check on), clean up the records of the current filter — each when the role allows it.
 */
export function ListMoreMenu({
  object,
  filter,
  compact,
}: {
  object: ObjectMeta
  /** the list's filter as the URL holds it (JSON), passed on to the cleansing page */
  filter: string | null
  compact?: boolean
}) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const me = useMe()
  const base = `/o/${encodeURIComponent(object.name)}`
  // an import creates records, cleansing changes them: offered only to roles that may (docs/access.md)
  const items: MenuProps['items'] = [
    ...(canObject(me, object.name, 'create')
      ? [{ key: 'import', icon: <ImportOutlined />, label: t('list.moreImport') }]
      : []),
    ...(object.dedup ? [{ key: 'duplicates', icon: <CopyOutlined />, label: t('list.moreDuplicates') }] : []),
    ...(canObject(me, object.name, 'update')
      ? [{ key: 'cleanse', icon: <ClearOutlined />, label: t('list.moreCleanse') }]
      : []),
  ]
  if (items.length === 0) return null
  const go: MenuProps['onClick'] = ({ key }) => {
    if (key === 'import') navigate(`${base}/import`)
    if (key === 'duplicates') navigate(`${base}/duplicates`)
    if (key === 'cleanse') navigate(`${base}/cleanse${filter ? `?filter=${encodeURIComponent(filter)}` : ''}`)
  }
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick: go }}>
      <Button icon={<EllipsisOutlined />} aria-label={t('list.more')} data-testid="list-more">
        {compact ? null : t('list.more')}
      </Button>
    </Dropdown>
  )
}

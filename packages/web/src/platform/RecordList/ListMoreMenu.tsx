import { ClearOutlined, CopyOutlined, EllipsisOutlined, ImportOutlined } from '@ant-design/icons'
import { Button, Dropdown, type MenuProps } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { ObjectMeta } from '../endpoints.ts'

/**
 * The list's data tools: import into this object, review its duplicates (objects with the duplicate
 * check on), clean up the records of the current filter.
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
  const base = `/o/${encodeURIComponent(object.name)}`
  const items: MenuProps['items'] = [
    { key: 'import', icon: <ImportOutlined />, label: t('list.moreImport') },
    ...(object.dedup ? [{ key: 'duplicates', icon: <CopyOutlined />, label: t('list.moreDuplicates') }] : []),
    { key: 'cleanse', icon: <ClearOutlined />, label: t('list.moreCleanse') },
  ]
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

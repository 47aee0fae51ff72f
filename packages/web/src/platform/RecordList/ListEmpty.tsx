import { PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Empty, Skeleton, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'

/**
 * An empty list says why and what to do next: clear the filter, or create the first record (without
 * `onCreate`, for a role that may not create, it only says the list is empty).
 */
export function ListEmpty({
  object,
  filtered,
  onClear,
  onCreate,
}: {
  object: ObjectMeta
  filtered: boolean
  onClear(): void
  onCreate?: () => void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const plural = inSentence(labelOf(object.pluralLabel, locale), locale)
  const singular = labelOf(object.label, locale)
  return (
    <Empty
      className="km-empty-state"
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        filtered ? (
          <span>{t('list.emptyFiltered', { object: plural })}</span>
        ) : (
          <>
            <Typography.Text strong>{t('list.emptyTitle', { object: plural })}</Typography.Text>
            {onCreate && (
              <>
                <br />
                <Typography.Text type="secondary">
                  {t('list.emptyHint', { object: singular })}
                </Typography.Text>
              </>
            )}
          </>
        )
      }
    >
      {filtered ? (
        <Button onClick={onClear}>{t('list.clearFilter')}</Button>
      ) : onCreate ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
          {t('list.newObject', { object: singular })}
        </Button>
      ) : null}
    </Empty>
  )
}

export function ListSkeleton({ rows }: { rows: number }) {
  return (
    <div className="km-pad km-list-skeleton" data-testid="list-skeleton" aria-busy="true">
      <Skeleton active title={false} paragraph={{ rows, width: '100%' }} />
    </div>
  )
}

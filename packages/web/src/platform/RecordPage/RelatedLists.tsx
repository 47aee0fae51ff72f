import { Empty } from 'antd'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { RelatedList } from './RelatedList.tsx'

/** Every inverse relation of the object whose source object the user may read, one list each. */
export function relatedOf(object: ObjectMeta, byName: ReadonlyMap<string, ObjectMeta>) {
  return object.inverses.flatMap((inverse) => {
    const from = byName.get(inverse.fromObject)
    return from?.fields.some((f) => f.name === inverse.field && f.isActive) ? [{ inverse, from }] : []
  })
}

export function RelatedLists({
  object,
  id,
  timeZone,
  isMobile,
}: {
  object: ObjectMeta
  id: string
  timeZone: string
  isMobile: boolean
}) {
  const { t } = useTranslation()
  const { byName } = useMetadata()
  const lists = relatedOf(object, byName)
  if (lists.length === 0)
    return isMobile ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('record.related.none')} />
    ) : null
  return (
    <div className="km-related-lists" data-testid="related-lists">
      {lists.map(({ inverse, from }) => (
        <RelatedList
          key={inverse.name}
          object={object}
          id={id}
          inverse={inverse}
          from={from}
          timeZone={timeZone}
          isMobile={isMobile}
        />
      ))}
    </div>
  )
}

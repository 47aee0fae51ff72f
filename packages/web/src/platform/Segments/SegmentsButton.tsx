import { ApartmentOutlined } from '@ant-design/icons'
import type { Filter } from '@kemai/shared/query/ast'
import { Button } from 'antd'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'

// the drawer (segments, lists, the save dialog) loads when opened, not with the list page
const SegmentsDrawer = lazy(() => import('./SegmentsDrawer.tsx').then((m) => ({ default: m.SegmentsDrawer })))

/**
 * The "Segments" button of an object's list toolbar: a drawer with the object's segments (live counts,
 * each opening its page) and static lists, and "save the current filter as a segment".
 */
export function SegmentsButton({ object, filter }: { object: ObjectMeta; filter: Filter | null }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button icon={<ApartmentOutlined />} onClick={() => setOpen(true)} data-testid="segments-button">
        {t('segments.button')}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <SegmentsDrawer object={object} filter={filter} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  )
}

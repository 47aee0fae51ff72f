import { FilterOutlined } from '@ant-design/icons'
import type { Filter } from '@kemai/shared/query/ast'
import { Button, Modal, Typography } from 'antd'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { ObjectMeta } from '../../endpoints.ts'
import { describeFilter } from '../../FilterBuilder/describe.ts'
import { useFormEnv } from '../formEnv.ts'

const FilterBuilder = lazy(() =>
  import('../../FilterBuilder/FilterBuilder.tsx').then((m) => ({ default: m.FilterBuilder })),
)

const isEmpty = (f: Filter | undefined) => !f || ('and' in f && f.and.length === 0)

/**
 * A condition in words with a button that opens the list page's filter builder on the object (the
 * trigger's, or the object a find step searches). An empty condition is `{and: []}`: it always holds.
 */
export function FilterField({
  object,
  value,
  onChange,
  emptyText,
  testId,
}: {
  object: ObjectMeta | undefined
  value: Filter | undefined
  onChange(filter: Filter): void
  /** what an empty condition means here */
  emptyText: string
  testId?: string
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const isMobile = useIsMobile()
  const [open, setOpen] = useState(false)
  let text = emptyText
  if (!isEmpty(value) && object)
    try {
      text = describeFilter(value!, object, env.byName, env.locale, t)
    } catch {
      text = t('workflowBuilder.form.filterUnreadable')
    }
  return (
    <div>
      <Typography.Text className="km-wf-filter-text" data-testid={testId ? `${testId}-text` : undefined}>
        {text}
      </Typography.Text>
      <Button
        icon={<FilterOutlined />}
        onClick={() => setOpen(true)}
        disabled={!object}
        data-testid={testId ? `${testId}-edit` : undefined}
      >
        {t('workflowBuilder.form.editFilter')}
      </Button>
      {!object ? (
        <Typography.Paragraph type="secondary" className="km-wf-hint">
          {t('workflowBuilder.form.filterNeedsObject')}
        </Typography.Paragraph>
      ) : null}
      <Modal
        open={open && !!object}
        title={t('workflowBuilder.form.editFilter')}
        onCancel={() => setOpen(false)}
        footer={null}
        width={isMobile ? '100%' : 760}
        destroyOnHidden
      >
        {object ? (
          <Suspense fallback={null}>
            <FilterBuilder
              object={object}
              filter={isEmpty(value) ? null : value!}
              onApply={(f) => {
                onChange(f ?? { and: [] })
                setOpen(false)
              }}
              onCancel={() => setOpen(false)}
            />
          </Suspense>
        ) : null}
      </Modal>
    </div>
  )
}

import { FunctionOutlined } from '@ant-design/icons'
import { Button, Empty, Input, Popover, Tooltip } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MergeOption } from './mergeOptions.ts'
import './mergeFields.css'

interface Props {
  options: MergeOption[]
  onPick(value: string): void
  disabled?: boolean
}

/**
 * A button that lists the merge fields a text may use (the trigger record's fields, earlier steps'
 * outputs, now/today), searchable by label or path; picking one inserts `{{…}}` into the text.
 */
export function MergeFieldPicker({ options, onPick, disabled }: Props) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    return q
      ? options.filter((o) => o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q))
      : options
  }, [options, query])
  const groups = useMemo(() => {
    const out = new Map<string, MergeOption[]>()
    for (const o of shown) out.set(o.group, [...(out.get(o.group) ?? []), o])
    return [...out]
  }, [shown])

  const content = (
    <div className="km-wf-merge" data-testid="wf-merge-list">
      <Input.Search
        allowClear
        autoFocus
        size="small"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('workflowBuilder.merge.search')}
        aria-label={t('workflowBuilder.merge.search')}
      />
      <div className="km-wf-merge-list">
        {groups.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflowBuilder.merge.none')} />
        ) : (
          groups.map(([group, list]) => (
            <div key={group}>
              <div className="km-wf-merge-group">{group}</div>
              {list.map((o) => (
                <button
                  key={o.value}
                  type="button"
                  className="km-wf-merge-item"
                  data-testid="wf-merge-option"
                  data-value={o.value}
                  onClick={() => {
                    onPick(o.value)
                    setOpen(false)
                    setQuery('')
                  }}
                >
                  <span>{o.label}</span>
                  <code>{`{{${o.value}}}`}</code>
                </button>
              ))}
            </div>
          ))
        )}
      </div>
    </div>
  )

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      content={content}
      title={t('workflowBuilder.merge.title')}
      destroyOnHidden
    >
      <Tooltip title={open ? undefined : t('workflowBuilder.merge.insert')}>
        <Button
          icon={<FunctionOutlined />}
          disabled={disabled}
          aria-label={t('workflowBuilder.merge.insert')}
          data-testid="wf-merge-button"
        />
      </Tooltip>
    </Popover>
  )
}

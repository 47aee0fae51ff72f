import type { ReactNode } from 'react'
import './simple-list.css'

export interface SimpleListItem {
  key: string
  /** the main line (a link, a tag…) */
  title: ReactNode
  description?: ReactNode
  /** small controls on the right (a count, a delete button) */
  actions?: ReactNode
  /** data-testid of the item's `<li>` */
  testId?: string
}

/**
 * A plain list of items with a title, an optional description and actions on the right: what antd's
 * deprecated `List` was used for (its warning fails the browser tests), as a `<ul>`.
 */
export function SimpleList({ items, testId }: { items: SimpleListItem[]; testId?: string }) {
  return (
    <ul className="km-simple-list" data-testid={testId}>
      {items.map((it) => (
        <li key={it.key} className="km-simple-item" data-testid={it.testId}>
          <div className="km-simple-main">
            <div className="km-simple-title">{it.title}</div>
            {it.description ? <div className="km-simple-desc">{it.description}</div> : null}
          </div>
          {it.actions ? <div className="km-simple-actions">{it.actions}</div> : null}
        </li>
      ))}
    </ul>
  )
}

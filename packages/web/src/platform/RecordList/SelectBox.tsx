interface Props {
  checked: boolean
  /** the page's box when some rows are selected */
  indeterminate?: boolean
  onChange(checked: boolean): void
  label: string
  testId?: string
}

/**
 * The list's selection checkbox (rows and page): a native input styled by `.km-check`, light enough to
 * mount with every row a scroll brings into view. `indeterminate` is a DOM property, set through the ref
 * (assistive technology reads it as "mixed"; ARIA in HTML rules out `aria-checked` on a native checkbox).
 */
export function SelectBox({ checked, indeterminate, onChange, label, testId }: Props) {
  return (
    <input
      type="checkbox"
      className="km-check"
      checked={checked}
      ref={
        indeterminate === undefined
          ? undefined
          : (el) => {
              if (el) el.indeterminate = indeterminate
            }
      }
      onChange={(e) => onChange(e.target.checked)}
      aria-label={label}
      data-testid={testId}
    />
  )
}

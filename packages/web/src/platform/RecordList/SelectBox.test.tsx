import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { SelectBox } from './SelectBox.tsx'

describe('SelectBox', () => {
  it('is a labelled native checkbox that reports the new state', () => {
    const onChange = vi.fn()
    render(<SelectBox checked={false} onChange={onChange} label="选择 张伟" />)
    const box = screen.getByRole('checkbox', { name: '选择 张伟' }) as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(box.indeterminate).toBe(false)
    fireEvent.click(box)
    expect(onChange).toHaveBeenCalledWith(true)
  })

  it('shows the page state: some rows (indeterminate), then all, then none', () => {
    const onChange = vi.fn()
    const pageBox = (checked: boolean, indeterminate: boolean) => (
      <SelectBox
        checked={checked}
        indeterminate={indeterminate}
        onChange={onChange}
        label="Select page"
        testId="select-page"
      />
    )
    const { rerender } = render(pageBox(false, true))
    const box = screen.getByTestId('select-page') as HTMLInputElement
    expect(box.indeterminate).toBe(true)
    rerender(pageBox(true, false))
    expect(box.indeterminate).toBe(false)
    expect(box.checked).toBe(true)
    fireEvent.click(box)
    expect(onChange).toHaveBeenCalledWith(false)
    rerender(pageBox(false, false))
    expect(box.checked).toBe(false)
  })
})

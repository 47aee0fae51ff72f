import { type RefObject, useLayoutEffect, useState } from 'react'

export interface HorizontalView {
  left: number
  width: number
}

/**
 * The horizontal part of a scroll container in view (`scrollLeft`, `clientWidth`), kept as it scrolls
 * and resizes; the window's width until it is measured. Call it before the virtualizer of the same
 * container: its scroll listener then reads the offsets before the virtualizer's render changes the DOM,
 * so the read forces no layout.
 */
export function useHorizontalView(ref: RefObject<HTMLElement | null>): HorizontalView {
  const [view, setView] = useState<HorizontalView>(() => ({ left: 0, width: window.innerWidth }))
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const read = () => {
      const left = el.scrollLeft
      const width = el.clientWidth
      setView((v) => (v.left === left && v.width === width ? v : { left, width }))
    }
    read()
    el.addEventListener('scroll', read, { passive: true })
    const resize = new ResizeObserver(read)
    resize.observe(el)
    return () => {
      el.removeEventListener('scroll', read)
      resize.disconnect()
    }
  }, [ref])
  return view
}

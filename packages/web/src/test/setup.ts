// jsdom lacks what antd and the virtual list measure with (STACK.md §4.12): matchMedia, ResizeObserver,
// and element sizes (every box is 0×0, so a virtual list would think nothing fits).
import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, vi } from 'vitest'

/** A media query against a screen of `width` px: every min-width/max-width condition in it must hold. */
function mediaMatches(query: string, width: number): boolean {
  const conds = [...query.matchAll(/\((min|max)-width:\s*([\d.]+)px\)/g)]
  return (
    conds.length > 0 &&
    conds.every(([, kind, px]) => (kind === 'min' ? width >= Number(px) : width <= Number(px)))
  )
}

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  configurable: true,
  value: (query: string) => ({
    matches: mediaMatches(query, (window as { __mobile?: boolean }).__mobile === true ? 390 : 1280),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }),
})

// the first render of a file loads antd's styles and the lazy chunks: slower than the 1 s default
configure({ asyncUtilTimeout: 10_000 })

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
Object.defineProperty(window, 'ResizeObserver', {
  writable: true,
  configurable: true,
  value: ResizeObserverStub,
})
Object.defineProperty(globalThis, 'ResizeObserver', {
  writable: true,
  configurable: true,
  value: ResizeObserverStub,
})

// a viewport-sized box for every element: enough for the virtualizer to render the first screen
const rect = {
  x: 0,
  y: 0,
  top: 0,
  left: 0,
  width: 1200,
  height: 800,
  right: 1200,
  bottom: 800,
  toJSON: () => ({}),
}
Element.prototype.getBoundingClientRect = function getBoundingClientRect() {
  return rect as DOMRect
}
for (const [prop, value] of [
  ['offsetHeight', 800],
  ['offsetWidth', 1200],
  ['clientHeight', 800],
  ['clientWidth', 1200],
] as const)
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value })
Element.prototype.scrollTo = () => {}
Element.prototype.scroll = () => {}
Element.prototype.scrollIntoView = () => {}
window.scrollTo = () => {}

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

// Timers the app sets (antd's motion deadline after a message closes, a toast's 3 s duration) can still be
// pending when a file ends; firing after the jsdom environment is torn down they throw "HTMLElement is not
// defined", which vitest reports as an unhandled error and fails the run. Track them to clear at the end.
const pendingTimers = new Set<ReturnType<typeof setTimeout>>()
const nodeSetTimeout = globalThis.setTimeout
const trackedSetTimeout = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const id = nodeSetTimeout(() => {
    pendingTimers.delete(id)
    handler(...args)
  }, ms)
  pendingTimers.add(id)
  return id
}
globalThis.setTimeout = Object.assign(trackedSetTimeout, nodeSetTimeout) as unknown as typeof setTimeout

// Work React still has queued when a file ends (a lazy chunk resolving) runs from setImmediate; after the
// jsdom environment is torn down it throws "window is not defined". Let it run while the window still
// exists, then drop the timers nobody is waiting for any more.
afterAll(async () => {
  cleanup()
  for (let i = 0; i < 5; i++) await new Promise((r) => nodeSetTimeout(r, 20))
  for (const id of pendingTimers) clearTimeout(id)
  pendingTimers.clear()
})

import { createContext, useContext } from 'react'
import type { InsertableType } from './model.ts'

/** What the canvas's nodes and edges may do; given once through context instead of through each node's data. */
export interface CanvasActions {
  /** the canvas can be changed (false on phones and while saving) */
  editable: boolean
  onSelect(id: string): void
  onInsert(from: string, path: string, type: InsertableType): void
  /** points a link at a step, or ends the run there (null) */
  onConnect(from: string, path: string, to: string | null): void
  /** steps a link may be pointed at, with what the menu calls them */
  steps: { id: string; label: string }[]
}

export const CanvasContext = createContext<CanvasActions | null>(null)

export function useCanvas(): CanvasActions {
  const c = useContext(CanvasContext)
  if (!c) throw new Error('useCanvas outside the workflow canvas')
  return c
}

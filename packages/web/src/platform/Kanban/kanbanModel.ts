import type { RecordDto } from '../endpoints.ts'

/** A column's key: the option value, or '' for records with no value. */
export type ColumnKey = string
export const NO_VALUE: ColumnKey = ''

export interface Column {
  key: ColumnKey
  cards: RecordDto[]
  count: number
  /** field → sum (a number, or a money amount as the API gives it) */
  sums: Record<string, unknown>
}
export type Board = Column[]

/** Where a card is: its column and position. */
export function locate(board: Board, id: string): { col: number; idx: number } | null {
  for (let col = 0; col < board.length; col++) {
    const idx = board[col]?.cards.findIndex((c) => c.id === id) ?? -1
    if (idx >= 0) return { col, idx }
  }
  return null
}

/**
 * The board after moving a card to another column (optimistic: on top of the target, counts adjusted,
 * the card's field set to the column's value). Sums are left as the server gave them. The same board
 * when the card is not there or already in that column.
 */
export function moveCard(board: Board, id: string, to: ColumnKey, field: string): Board {
  const at = locate(board, id)
  if (!at) return board
  const from = board[at.col]
  if (!from || from.key === to || !board.some((c) => c.key === to)) return board
  const card = from.cards[at.idx] as RecordDto
  const moved = { ...card, [field]: to === NO_VALUE ? null : to }
  return board.map((c) => {
    if (c === from)
      return { ...c, cards: c.cards.filter((x) => x.id !== id), count: Math.max(0, c.count - 1) }
    if (c.key === to) return { ...c, cards: [moved, ...c.cards], count: c.count + 1 }
    return c
  })
}

/** The board with one card replaced (the server's answer after a move). */
export function replaceCard(board: Board, rec: RecordDto): Board {
  return board.map((c) =>
    c.cards.some((x) => x.id === rec.id)
      ? { ...c, cards: c.cards.map((x) => (x.id === rec.id ? rec : x)) }
      : c,
  )
}

/** A card not updated for `days` days gets a flag. */
export function isStale(rec: RecordDto, now: Date, days = 7): boolean {
  const t = Date.parse(String(rec.updated_at ?? ''))
  return Number.isFinite(t) && now.getTime() - t > days * 86_400_000
}

/**
 * A drag's whole life: the optimistic board first, then the server's record, or the board as it was
 * when the save fails (the error is returned for the caller to show the server's message).
 */
export async function commitMove(
  board: Board,
  id: string,
  to: ColumnKey,
  field: string,
  setBoard: (next: Board | ((b: Board) => Board)) => void,
  save: (card: RecordDto, value: string | null) => Promise<RecordDto>,
): Promise<{ ok: true } | { ok: false; error: unknown } | null> {
  const after = moveCard(board, id, to, field)
  if (after === board) return null
  const card = board.flatMap((c) => c.cards).find((c) => c.id === id) as RecordDto
  setBoard(after)
  try {
    const saved = await save(card, to === NO_VALUE ? null : to)
    setBoard((b) => replaceCard(b, saved))
    return { ok: true }
  } catch (error) {
    setBoard(board)
    return { ok: false, error }
  }
}

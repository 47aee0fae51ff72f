/**
 * An in-memory `tsvector @@ tsquery` for the literals tokenize.ts writes (quoted lexemes, `:*` prefixes,
 * weight letters, `&`, `|`, parentheses). It lets pure tests check matching without a database, and
 * search.db.test.ts checks that it agrees with PostgreSQL.
 */

/** lexeme → weight letters present */
export type ParsedTsvector = Map<string, Set<string>>

export function parseTsvector(literal: string): ParsedTsvector {
  const out: ParsedTsvector = new Map()
  for (const m of literal.matchAll(/'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g)) {
    const lexeme = unquote(m[1] ?? '')
    const weights = new Set(
      (m[2] ?? '')
        .replace(/[0-9,]/g, '')
        .split('')
        .filter((w) => w),
    )
    if (weights.size === 0) weights.add('D')
    const had = out.get(lexeme)
    if (had) for (const w of weights) had.add(w)
    else out.set(lexeme, weights)
  }
  return out
}

function unquote(s: string): string {
  return s.replace(/''/g, "'").replace(/\\(.)/g, '$1')
}

type Node =
  | { kind: 'lex'; lexeme: string; prefix: boolean; weights: string }
  | { kind: 'and' | 'or'; left: Node; right: Node }

/** Parses the subset of tsquery syntax that buildQuery produces; throws on anything else. */
export function parseTsquery(text: string): Node {
  let i = 0
  const skip = () => {
    while (text[i] === ' ') i++
  }
  const primary = (): Node => {
    skip()
    if (text[i] === '(') {
      i++
      const n = orExpr()
      skip()
      if (text[i] !== ')') throw new Error(`tsquery: ) expected at ${i}`)
      i++
      return n
    }
    if (text[i] !== "'") throw new Error(`tsquery: lexeme expected at ${i}`)
    let j = i + 1
    let raw = ''
    for (;;) {
      if (j >= text.length) throw new Error('tsquery: unterminated lexeme')
      const c = text[j]!
      if (c === '\\') {
        raw += text[j + 1] ?? ''
        j += 2
      } else if (c === "'" && text[j + 1] === "'") {
        raw += "'"
        j += 2
      } else if (c === "'") {
        j++
        break
      } else {
        raw += c
        j++
      }
    }
    i = j
    let prefix = false
    let weights = ''
    if (text[i] === ':') {
      i++
      while (i < text.length && /[*A-D]/.test(text[i]!)) {
        if (text[i] === '*') prefix = true
        else weights += text[i]
        i++
      }
    }
    return { kind: 'lex', lexeme: raw, prefix, weights }
  }
  const andExpr = (): Node => {
    let left = primary()
    for (;;) {
      skip()
      if (text[i] !== '&') return left
      i++
      left = { kind: 'and', left, right: primary() }
    }
  }
  const orExpr = (): Node => {
    let left = andExpr()
    for (;;) {
      skip()
      if (text[i] !== '|') return left
      i++
      left = { kind: 'or', left, right: andExpr() }
    }
  }
  const node = orExpr()
  skip()
  if (i !== text.length) throw new Error(`tsquery: unexpected ${text[i]} at ${i}`)
  return node
}

export function tsMatch(vector: ParsedTsvector, query: Node | string): boolean {
  const node = typeof query === 'string' ? parseTsquery(query) : query
  switch (node.kind) {
    case 'and':
      return tsMatch(vector, node.left) && tsMatch(vector, node.right)
    case 'or':
      return tsMatch(vector, node.left) || tsMatch(vector, node.right)
    case 'lex': {
      const ok = (weights: Set<string>) => !node.weights || [...node.weights].some((w) => weights.has(w))
      if (!node.prefix) {
        const w = vector.get(node.lexeme)
        return w !== undefined && ok(w)
      }
      for (const [lexeme, w] of vector) if (lexeme.startsWith(node.lexeme) && ok(w)) return true
      return false
    }
  }
}

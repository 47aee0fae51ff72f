import { parseTsquery } from './tsquery-eval.ts'

/**
 * How common lexemes are, from PostgreSQL's own statistics on `search_doc.tokens`
 * (`pg_stats.most_common_elems` / `most_common_elem_freqs`, kept by ANALYZE/autovacuum).
 * Lexemes not listed are rarer than every listed one.
 */
export interface LexemeStats {
  freqs: ReadonlyMap<string, number>
}

export const NO_STATS: LexemeStats = { freqs: new Map() }

/** A token stage whose query is estimated to match at least this share of documents is "dense". */
export const DENSE_SHARE = 0.02

type Node = ReturnType<typeof parseTsquery>

/**
 * Estimated share of documents a tsquery matches: exact lexemes from their frequency, prefixes as the sum of
 * the listed lexemes they cover, AND as the rarest part (an upper bound: the bigrams of one word are almost
 * always found together), OR as a sum. Only used to choose a plan; results never depend on it.
 */
export function estimateShare(tsquery: string, stats: LexemeStats): number {
  if (stats.freqs.size === 0) return 0
  const walk = (n: Node): number => {
    switch (n.kind) {
      case 'and':
        return Math.min(walk(n.left), walk(n.right))
      case 'or':
        return Math.min(1, walk(n.left) + walk(n.right))
      case 'lex': {
        if (!n.prefix) return stats.freqs.get(n.lexeme) ?? 0
        let sum = 0
        for (const [lexeme, f] of stats.freqs) if (lexeme.startsWith(n.lexeme)) sum += f
        return Math.min(1, sum)
      }
    }
  }
  return walk(parseTsquery(tsquery))
}

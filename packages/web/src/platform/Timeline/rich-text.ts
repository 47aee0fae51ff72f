/**
 * Markdown-lite for notes: what people type in a chat box, nothing that needs an editor.
 * Blocks: paragraphs (a blank line between), `- ` / `* ` bullets, `1. ` numbered items; one newline is a
 * line break. Inline: `**bold**`, `*italic*` / `_italic_`, `` `code` ``, `[text](https://…)`, bare
 * http(s) links and `@Name` of the users the note mentions. The result is a tree of tokens that the
 * renderer turns into React elements — never HTML, so a note cannot inject markup.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'bold' | 'italic'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'mention'; name: string }

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'bullets' | 'numbers'; items: Inline[][] }

const BULLET = /^\s*[-*]\s+/
const NUMBER = /^\s*\d{1,3}[.)]\s+/
const MAX_LENGTH = 100_000

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Only http(s) and mailto links become links (no `javascript:`). */
export function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim() : null
}

export function parseRichText(source: string, mentionNames: readonly string[] = []): Block[] {
  const text = source.slice(0, MAX_LENGTH).replace(/\r\n?/g, '\n')
  const names = [...new Set(mentionNames.filter(Boolean))].sort((a, b) => b.length - a.length)
  const mention = names.length ? new RegExp(`@(${names.map(escapeRe).join('|')})`) : null
  const blocks: Block[] = []
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk.split('\n')
    let para: string[] = []
    // (asserted, not annotated: TypeScript would narrow it to null for good, not seeing the closures)
    let list = null as { kind: 'bullets' | 'numbers'; items: Inline[][] } | null
    const flushPara = () => {
      if (para.length && para.some((l) => l.trim()))
        blocks.push({ kind: 'paragraph', children: inlineLines(para, mention) })
      para = []
    }
    const flushList = () => {
      if (list) blocks.push(list)
      list = null
    }
    for (const line of lines) {
      const kind = BULLET.test(line) ? 'bullets' : NUMBER.test(line) ? 'numbers' : null
      if (kind) {
        flushPara()
        if (list?.kind !== kind) {
          flushList()
          list = { kind, items: [] }
        }
        list.items.push(parseInline(line.replace(kind === 'bullets' ? BULLET : NUMBER, ''), mention))
      } else {
        flushList()
        para.push(line)
      }
    }
    flushPara()
    flushList()
  }
  return blocks
}

function inlineLines(lines: string[], mention: RegExp | null): Inline[] {
  const out: Inline[] = []
  lines.forEach((line, i) => {
    if (i > 0) out.push({ kind: 'break' })
    out.push(...parseInline(line, mention))
  })
  return out
}

// one pass over the line: the earliest match of any inline rule wins, plain text in between
const RULES: { re: RegExp; make: (m: RegExpExecArray, mention: RegExp | null) => Inline }[] = [
  { re: /`([^`\n]+)`/, make: (m) => ({ kind: 'code', text: m[1] ?? '' }) },
  {
    re: /\[([^\]\n]+)\]\(([^)\s]+)\)/,
    make: (m, mention) => {
      const href = safeHref(m[2] ?? '')
      return href
        ? { kind: 'link', href, children: parseInline(m[1] ?? '', mention) }
        : { kind: 'text', text: m[0] }
    },
  },
  {
    re: /\*\*([^*\n]+?)\*\*/,
    make: (m, mention) => ({ kind: 'bold', children: parseInline(m[1] ?? '', mention) }),
  },
  {
    re: /(?<![\w*])[*_]([^*_\s][^*_\n]*?)[*_](?![\w*])/,
    make: (m, mention) => ({ kind: 'italic', children: parseInline(m[1] ?? '', mention) }),
  },
  {
    re: /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"，。；：！？）]/,
    make: (m) => ({ kind: 'link', href: m[0], children: [{ kind: 'text', text: m[0] }] }),
  },
]

export function parseInline(text: string, mention: RegExp | null = null): Inline[] {
  const out: Inline[] = []
  const rules = mention
    ? [
        ...RULES,
        { re: mention, make: (m: RegExpExecArray) => ({ kind: 'mention', name: m[1] ?? '' }) as Inline },
      ]
    : RULES
  // each rule's next match from the current position, found again only once the position passes it:
  // linear in the text rather than quadratic (a long note of many tokens)
  const scanners = rules.map((rule) => ({
    rule,
    re: new RegExp(rule.re.source, 'g'),
    next: null as RegExpExecArray | null,
    done: false,
  }))
  let pos = 0
  while (pos < text.length) {
    let best: (typeof scanners)[number] | null = null
    for (const s of scanners) {
      if (s.done) continue
      if (!s.next || s.next.index < pos) {
        s.re.lastIndex = pos
        s.next = s.re.exec(text)
        if (!s.next) {
          s.done = true
          continue
        }
      }
      if (best === null || s.next.index < (best.next as RegExpExecArray).index) best = s
    }
    const m = best?.next
    if (!best || !m) {
      pushText(out, text.slice(pos))
      break
    }
    if (m.index > pos) pushText(out, text.slice(pos, m.index))
    const token = best.rule.make(m, mention)
    if (token.kind === 'text') pushText(out, token.text)
    else out.push(token)
    pos = m.index + m[0].length
  }
  return out
}

function pushText(out: Inline[], text: string): void {
  const last = out[out.length - 1]
  if (last?.kind === 'text') last.text += text
  else if (text) out.push({ kind: 'text', text })
}

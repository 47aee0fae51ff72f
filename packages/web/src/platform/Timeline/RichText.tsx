import { Fragment, type ReactNode } from 'react'
import { type Inline, parseRichText } from './rich-text.ts'

/** A note's body (markdown-lite, see rich-text.ts) as React elements; `@Name` of mentioned users highlighted. */
export function RichText({ text, mentionNames }: { text: string; mentionNames?: readonly string[] }) {
  const blocks = parseRichText(text, mentionNames)
  return (
    <div className="km-rich-text">
      {blocks.map((b, i) => {
        // tokens have no identity of their own: the list is parsed again from the text on every render
        const key = `${b.kind}${i}`
        if (b.kind === 'paragraph') return <p key={key}>{inline(b.children)}</p>
        const items = b.items.map((item, j) => {
          const itemKey = `${key}-${j}` // position, as above
          return <li key={itemKey}>{inline(item)}</li>
        })
        return b.kind === 'bullets' ? <ul key={key}>{items}</ul> : <ol key={key}>{items}</ol>
      })}
    </div>
  )
}

function inline(tokens: Inline[]): ReactNode {
  return tokens.map((t, i) => {
    const key = `${t.kind}${i}` // see above: position is the only identity a token has
    switch (t.kind) {
      case 'text':
        return <Fragment key={key}>{t.text}</Fragment>
      case 'break':
        return <br key={key} />
      case 'bold':
        return <strong key={key}>{inline(t.children)}</strong>
      case 'italic':
        return <em key={key}>{inline(t.children)}</em>
      case 'code':
        return <code key={key}>{t.text}</code>
      case 'link':
        return (
          <a key={key} href={t.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(t.children)}
          </a>
        )
      case 'mention':
        return (
          <span key={key} className="km-mention">
            @{t.name}
          </span>
        )
      default:
        return null
    }
  })
}

import type { FieldDef } from '@kemai/shared/fields'

/**
 * A cell's text → the input the records service takes for a field. Only the reading of spreadsheet
 * conventions happens here (2024/3/5, 1985年3月12日, ¥1,234.50, 是/否, "a; b" lists, a select's label);
 * validation is the records service's own (normalise stage), so an import accepts exactly what the API does.
 * An empty cell gives undefined: the field is left alone (not cleared).
 */
export function coerceCell(field: FieldDef, text: string): unknown {
  const v = text.trim()
  if (v === '') return undefined
  switch (field.type) {
    case 'number':
    case 'percent':
    case 'rating': {
      const n = v.replace(/[,，\s¥￥$€£]/g, '').replace(/%$/, '')
      return n === '' ? v : n
    }
    case 'currency': {
      const m = /^([A-Za-z]{3})?\s*[¥￥$€£]?\s*(-?[\d,，]+(?:\.\d+)?)\s*([A-Za-z]{3}|元)?$/.exec(v)
      if (!m) return v
      const amount = m[2]!.replace(/[,，]/g, '')
      const code = (m[1] ?? (m[3] === '元' ? 'CNY' : m[3]))?.toUpperCase()
      return code ? { amount, currency: code } : amount
    }
    case 'date':
      return parseDate(v) ?? v
    case 'datetime': {
      const d = parseDate(v)
      if (d && d.length === 10) return `${d}T00:00:00Z`
      const t = new Date(v.replace(/^(\d{4})\/(\d{1,2})\/(\d{1,2})/, '$1-$2-$3'))
      return Number.isNaN(t.getTime()) ? v : t.toISOString()
    }
    case 'boolean': {
      const k = v.toLowerCase()
      if (['true', 'yes', 'y', '1', '是', '对', '有', 't', '√', '✓'].includes(k)) return true
      if (['false', 'no', 'n', '0', '否', '不', '无', 'f', '×', '✗'].includes(k)) return false
      return v
    }
    case 'select':
      return choiceValue(field, v)
    case 'multi_select':
    case 'tags':
      return v
        .split(/[,;，；、|\n]/)
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (field.type === 'multi_select' ? choiceValue(field, x) : x))
    case 'address':
      return { text: v }
    default:
      return v
  }
}

/** A select's value from its value or either label. */
function choiceValue(field: FieldDef, v: string): string {
  const choices = field.options.choices ?? []
  const low = v.toLowerCase()
  const hit = choices.find(
    (c) => c.value.toLowerCase() === low || c.label?.['zh-CN'] === v || c.label?.en?.toLowerCase() === low,
  )
  return hit ? hit.value : v
}

const pad = (n: number) => String(n).padStart(2, '0')

/** YYYY-MM-DD from the ways people write dates in spreadsheets; null when it is none of them. */
export function parseDate(v: string): string | null {
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(v)
  if (!m) {
    const c = /^(\d{4})(\d{2})(\d{2})$/.exec(v)
    if (c) m = c
  }
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${y}-${pad(mo)}-${pad(d)}`
}

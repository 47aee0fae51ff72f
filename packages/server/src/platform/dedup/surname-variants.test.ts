import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinyin } from 'pinyin-pro'
import { describe, expect, it } from 'vitest'
import { SURNAME_VARIANTS, type SurnameTableRow, surnameVariantsFromTable } from './surname-variants.ts'

const corpus = join(
  import.meta.dirname,
  '../../../../../../shared/datasets/china-names/surname_romanizations_matthewow.json',
)

describe('surname variants', () => {
  it('maps common romanisations to the mainland pinyin they can stand for', () => {
    expect(SURNAME_VARIANTS.get('chan')).toContain('chen')
    expect(SURNAME_VARIANTS.get('wong')).toEqual(expect.arrayContaining(['wang', 'huang']))
    expect(SURNAME_VARIANTS.get('ng')).toEqual(expect.arrayContaining(['wu', 'huang']))
    expect(SURNAME_VARIANTS.get('tan')).toEqual(expect.arrayContaining(['chen', 'tan']))
    expect(SURNAME_VARIANTS.get('auyeung')).toEqual(['ouyang'])
    expect(SURNAME_VARIANTS.get('zhang')).toEqual(['zhang'])
  })

  it('uses the keys pinyin-pro gives for the surnames (lv for 吕)', () => {
    for (const [han, py] of [
      ['吕', 'lv'],
      ['欧阳', 'ouyang'],
      ['曾', 'zeng'],
    ] as const) {
      expect(pinyin(han, { toneType: 'none', surname: 'all', v: true }).replace(/\s/g, '')).toBe(py)
      expect(SURNAME_VARIANTS.has(py)).toBe(true)
    }
  })

  it.skipIf(!existsSync(corpus))(
    'agrees with the Wikipedia-derived corpus in shared/datasets where both list a surname',
    () => {
      const rows = JSON.parse(readFileSync(corpus, 'utf8')) as SurnameTableRow[]
      let checked = 0
      let agreed = 0
      for (const row of rows.slice(0, 100)) {
        const py = row.mainland?.toLowerCase().replace(/[^a-z]/g, '')
        if (!py) continue
        for (const region of ['taiwan', 'hongkong'] as const) {
          for (const spelling of (row[region] ?? '').split('/')) {
            const k = spelling.toLowerCase().replace(/[^a-z]/g, '')
            if (!k || k === py) continue
            checked++
            const alts = SURNAME_VARIANTS.get(k)
            if (alts?.includes(py === 'lu' && row.zh_sim === '吕' ? 'lv' : py)) agreed++
          }
        }
      }
      // the built-in table covers most Taiwan and Hong Kong spellings of the 100 most common surnames
      expect(checked).toBeGreaterThan(100)
      expect(agreed / checked).toBeGreaterThan(0.6)
      const extended = surnameVariantsFromTable(rows)
      expect(extended.size).toBeGreaterThan(SURNAME_VARIANTS.size)
      expect(extended.get('chiu')).toEqual(expect.arrayContaining(['zhao', 'qiu']))
    },
  )
})

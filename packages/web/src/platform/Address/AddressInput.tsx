import {
  type Division,
  type DivisionOption,
  division,
  divisionOptions,
  divisionPath,
  parseAddressText,
} from '@kemai/shared/divisions'
import type { AddressValue } from '@kemai/shared/fields'
import { Button, Cascader, type CascaderRef, Input, type InputRef, Select, Space, Typography } from 'antd'
import { type RefObject, useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { isChina, toAddress } from './address.ts'
import { COUNTRIES, countryName, shownDivisionNames, streetAfterDivisions } from './regions.ts'
import './address.css'

/**
 * The `address` field's input: a province / city / district cascader over China's divisions (a province
 * or a city alone may be picked; searchable by name), the street line, and the country (China by
 * default; another country keeps the street line only). A street line typed or pasted without a
 * division offers "Detect region" (parseAddressText), which fills the cascader only when clicked.
 *
 * The value is the API's AddressValue. Parts this input did not touch go back as they came, so a stored
 * value with an unknown code or a missing parent round-trips unchanged (with a warning to pick again).
 *
 * Default export: FieldInput loads this file lazily, with the divisions data (docs/web.md "Size").
 */
export interface AddressInputProps {
  value?: unknown
  onChange?: (v: AddressValue | null) => void
  id?: string
  'aria-label'?: string
  /** focus the first input once mounted (set when the loading placeholder had the focus) */
  focusRef?: RefObject<boolean>
}

let options: DivisionOption[] | null = null
const allOptions = () => {
  options ??= divisionOptions()
  return options
}

type Codes = Pick<AddressValue, 'province' | 'city' | 'district'>

/** The cascader's path: the deepest code known at its level, with its parents from the data. */
export function cascaderPath(a: Codes): string[] {
  const at = (code: string | undefined, level: Division['level']) => {
    const d = code ? division(code) : null
    return d && d.level === level ? d : null
  }
  let d = at(a.district, 'district') ?? at(a.city, 'city') ?? at(a.province, 'province')
  const path: string[] = []
  while (d) {
    path.unshift(d.code)
    d = d.parent ? division(d.parent) : null
  }
  return path
}

/** Codes that are not a division of their level, or whose stated parent is another one. */
export function badCodes(a: Codes): string[] {
  const bad: string[] = []
  const check = (code: string | undefined, level: Division['level'], parent: string | undefined) => {
    if (!code) return
    const d = division(code)
    if (!d || d.level !== level) bad.push(code)
    else if (parent && division(parent) && ancestorsOf(d).indexOf(parent) < 0) bad.push(code)
  }
  check(a.province, 'province', undefined)
  check(a.city, 'city', a.province)
  check(a.district, 'district', a.city ?? a.province)
  return bad
}

function ancestorsOf(d: Division): string[] {
  const out: string[] = []
  for (let p = d.parent ? division(d.parent) : null; p; p = p.parent ? division(p.parent) : null)
    out.push(p.code)
  return out
}

/** Every word typed (杭州 西湖, 杭州/西湖) is in one of the path's names. */
function matches(input: string, path: DivisionOption[]): boolean {
  const words = input
    .trim()
    .split(/[\s/]+/)
    .filter(Boolean)
  return words.every((w) => path.some((o) => o.label.includes(w)))
}

/** Drops parts that are empty or unset; null when nothing is left. The street is not trimmed while typed. */
function emitted(a: AddressValue): AddressValue | null {
  const out: AddressValue = {}
  for (const k of ['country', 'province', 'city', 'district', 'text'] as const) if (a[k]) out[k] = a[k]
  return Object.keys(out).length ? out : null
}

export default function AddressInput({
  value,
  onChange,
  id,
  'aria-label': ariaLabel,
  focusRef,
}: AddressInputProps) {
  const { t, i18n } = useTranslation()
  const a = toAddress(value) ?? {}
  const china = isChina(a)
  const hasCodes = Boolean(a.province || a.city || a.district)
  const path = useMemo(
    () => cascaderPath({ province: a.province, city: a.city, district: a.district }),
    [a.province, a.city, a.district],
  )
  const bad = china ? badCodes(a) : []
  const text = a.text ?? ''
  const detected = useMemo(() => {
    if (!china || hasCodes || !text.trim()) return null
    const p = parseAddressText(text)
    return p.province ? p : null
  }, [china, hasCodes, text])

  const cascaderRef = useRef<CascaderRef>(null)
  const streetRef = useRef<InputRef>(null)
  // Enter / Escape that pick or close an open popup are not for the inline editor around this input
  const open = useRef(false)
  const wasOpen = useRef(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, on mount
  useEffect(() => {
    if (focusRef?.current) (china ? cascaderRef.current : streetRef.current)?.focus()
  }, [])

  const emit = (next: AddressValue) => onChange?.(emitted(next))
  const country = (a.country ?? 'CN').toUpperCase()
  const countries: string[] = COUNTRIES.includes(country as (typeof COUNTRIES)[number])
    ? [...COUNTRIES]
    : [...COUNTRIES, country]

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only watches the keys its popups take for themselves
    <div
      className="km-address"
      onKeyDownCapture={() => {
        wasOpen.current = open.current
      }}
      onKeyDown={(e) => {
        if ((e.key === 'Enter' || e.key === 'Escape') && wasOpen.current) e.stopPropagation()
      }}
    >
      {china && (
        <Cascader
          ref={cascaderRef}
          id={id}
          aria-label={ariaLabel ?? t('address.regionLabel')}
          className="km-full"
          options={allOptions()}
          value={path.length ? path : undefined}
          changeOnSelect
          expandTrigger="click"
          placeholder={t('address.region')}
          notFoundContent={t('address.noRegion')}
          showSearch={{ filter: (input, p) => matches(input, p as DivisionOption[]), limit: 50 }}
          displayRender={(labels) => shownDivisionNames(labels.map(String)).join(' / ')}
          classNames={{ popup: { root: 'km-address-popup' } }}
          onOpenChange={(o) => {
            open.current = o
          }}
          onChange={(codes) => {
            const [province, city, district] = (codes ?? []) as string[]
            emit({
              ...a,
              country: province ? 'CN' : a.country,
              province,
              city,
              district,
            })
          }}
        />
      )}
      <Space.Compact className="km-full">
        <Input
          ref={streetRef}
          id={china ? undefined : id}
          aria-label={t('address.streetLabel')}
          placeholder={t('address.street')}
          maxLength={500}
          value={text}
          onChange={(e) => emit({ ...a, text: e.target.value })}
        />
        <Select
          aria-label={t('address.country')}
          className="km-address-country"
          value={country}
          popupMatchSelectWidth={false}
          showSearch={{ optionFilterProp: 'label' }}
          options={countries.map((c) => ({ value: c, label: countryName(c, i18n.language) }))}
          onOpenChange={(o) => {
            open.current = o
          }}
          onChange={(c: string) => emit(c === 'CN' ? { ...a, country: 'CN' } : { country: c, text: a.text })}
        />
      </Space.Compact>
      {detected && (
        <Button
          type="link"
          size="small"
          className="km-address-detect"
          data-testid="address-detect"
          onClick={() =>
            emit({
              ...a,
              country: 'CN',
              province: detected.province,
              city: detected.city,
              district: detected.district,
              text: streetAfterDivisions(text, detected.rest),
            })
          }
        >
          {t('address.detect', { path: shownDivisionNames(divisionPath(detected)).join(' / ') })}
        </Button>
      )}
      {bad.length > 0 && (
        <Typography.Text type="warning" className="km-address-bad" role="status">
          {t('address.badCodes', { codes: bad.join(', ') })}
        </Typography.Text>
      )}
    </div>
  )
}

import type { AddressValue } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto } from '../endpoints.ts'
import { FieldValue } from '../FieldValue/FieldValue.tsx'
import { fromEditorValue, sameValue, toEditorValue } from '../InlineEdit/editValue.ts'
import { InlineEditField } from '../InlineEdit/InlineEditField.tsx'
import { RecordForm } from '../RecordForm/RecordForm.tsx'
import AddressInput, { badCodes, cascaderPath } from './AddressInput.tsx'

const address = personMeta.fields.find((f) => f.name === 'address')!

/** AddressInput as a form holds it: the value it was given, then whatever it last emitted. */
function Harness({ initial, onChange }: { initial: unknown; onChange: (v: AddressValue | null) => void }) {
  const [value, setValue] = useState<unknown>(initial)
  return (
    <AddressInput
      value={value}
      onChange={(v) => {
        setValue(v)
        onChange(v)
      }}
    />
  )
}

function mount(initial: unknown, locale: Locale = 'zh-CN') {
  const onChange = vi.fn<(v: AddressValue | null) => void>()
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <Harness initial={initial} onChange={onChange} />
    </I18nextProvider>,
  )
  return { onChange, last: () => onChange.mock.lastCall?.[0] }
}

function InlineHost({ initial }: { initial: RecordDto }) {
  const [r, setR] = useState(initial)
  return <InlineEditField object={personMeta} field={address} record={r} onSaved={setR} />
}

const cascader = () => document.querySelector('.ant-cascader') as HTMLElement
const cascaderInput = () => cascader().querySelector('input') as HTMLInputElement
const street = (name = '详细地址') => screen.getByRole('textbox', { name })

/** Opens the cascader and clicks through the menu columns. */
async function pick(...names: string[]) {
  fireEvent.mouseDown(cascaderInput())
  for (const name of names) {
    const item = await waitFor(() => {
      const found = [...document.querySelectorAll('.ant-cascader-menu-item')].find(
        (el) => el.getAttribute('title') === name,
      )
      if (!found) throw new Error(`no ${name} in the cascader`)
      return found
    })
    fireEvent.click(item)
  }
}

describe('AddressInput', () => {
  it('picks province / city / district and a street line', async () => {
    const { onChange, last } = mount(null)
    await pick('浙江省', '杭州市', '西湖区')
    expect(last()).toEqual({ country: 'CN', province: '330000', city: '330100', district: '330106' })
    fireEvent.change(street(), { target: { value: '文三路 90 号 ' } })
    expect(last()).toEqual({
      country: 'CN',
      province: '330000',
      city: '330100',
      district: '330106',
      text: '文三路 90 号 ',
    })
    expect(cascader().textContent).toContain('浙江省 / 杭州市 / 西湖区')
    // a province-level pick is a value too (changeOnSelect)
    expect(onChange.mock.calls[0]?.[0]).toEqual({ country: 'CN', province: '330000' })
  })

  it('finds a district by name and tells the two 西湖区 apart', async () => {
    const { last } = mount(null)
    fireEvent.mouseDown(cascaderInput())
    fireEvent.change(cascaderInput(), { target: { value: '西湖' } })
    const hits = await screen.findAllByText((_, el) => !!el?.matches('.ant-cascader-menu-item-content'))
    const labels = hits.map((h) => h.textContent)
    expect(labels).toContain('浙江省 / 杭州市 / 西湖区')
    expect(labels).toContain('江西省 / 南昌市 / 西湖区')
    // two words narrow it down
    fireEvent.change(cascaderInput(), { target: { value: '南昌 西湖' } })
    await waitFor(() =>
      expect(
        [...document.querySelectorAll('.ant-cascader-menu-item-content')].map((h) => h.textContent),
      ).toEqual(['江西省 / 南昌市 / 西湖区']),
    )
    fireEvent.click(screen.getByText('江西省 / 南昌市 / 西湖区'))
    expect(last()).toEqual({ country: 'CN', province: '360000', city: '360100', district: '360103' })
  })

  it('offers to detect the divisions of a pasted address, and changes nothing until asked', async () => {
    const { onChange, last } = mount(null)
    fireEvent.change(street(), { target: { value: '浙江省杭州市西湖区 文三路 90 号' } })
    expect(last()).toEqual({ text: '浙江省杭州市西湖区 文三路 90 号' })
    const detect = await screen.findByTestId('address-detect')
    expect(detect.textContent).toBe('识别省市区：浙江省 / 杭州市 / 西湖区')
    expect(onChange).toHaveBeenCalledTimes(1)
    fireEvent.click(detect)
    expect(last()).toEqual({
      country: 'CN',
      province: '330000',
      city: '330100',
      district: '330106',
      text: '文三路 90 号',
    })
    expect(screen.queryByTestId('address-detect')).toBeNull()
    expect((street() as HTMLInputElement).value).toBe('文三路 90 号')
  })

  it('offers nothing when the text names no division, or one is already chosen', () => {
    mount({ text: '西湖区文三路' })
    expect(screen.queryByTestId('address-detect')).toBeNull()
  })

  it('keeps an unknown code and the text, and says which code is wrong', () => {
    const stored = { province: '999999', text: '文三路 90 号' }
    const { last } = mount(stored)
    expect(screen.getByRole('status').textContent).toContain('999999')
    expect((street() as HTMLInputElement).value).toBe('文三路 90 号')
    fireEvent.change(street(), { target: { value: '文三路 91 号' } })
    expect(last()).toEqual({ province: '999999', text: '文三路 91 号' })
    expect(badCodes({ province: '330000', city: '360100' })).toEqual(['360100'])
    expect(badCodes({ city: '330106' })).toEqual(['330106'])
  })

  it('shows a district stored without its city, and keeps it as stored', () => {
    const stored = { province: '330000', district: '330106', text: '文三路' }
    const { last } = mount(stored)
    expect(cascaderPath(stored)).toEqual(['330000', '330100', '330106'])
    expect(cascader().textContent).toContain('浙江省 / 杭州市 / 西湖区')
    expect(screen.queryByRole('status')).toBeNull()
    fireEvent.change(street(), { target: { value: '文三路 1 号' } })
    expect(last()).toEqual({ province: '330000', district: '330106', text: '文三路 1 号' })
  })

  it('takes a value with only text, a bare string or garbage without crashing', () => {
    const { last } = mount({ text: '  上海 某路 1 号 ' })
    expect((street() as HTMLInputElement).value).toBe('  上海 某路 1 号 ')
    fireEvent.change(street(), { target: { value: '' } })
    expect(last()).toBeNull()
    for (const v of ['文三路', 42, ['x'], { province: 330000 }]) {
      const { unmount } = render(
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <AddressInput value={v} />
        </I18nextProvider>,
      )
      unmount()
    }
  })

  it('round-trips stored values through the editor unchanged', () => {
    for (const stored of [
      { province: '999999', text: '文三路 90 号' },
      { province: '330000', district: '330106', text: '文三路' },
      { text: '只有文字' },
      { country: 'US', text: '1600 Amphitheatre Parkway' },
      // as jsonb gives it back: keys in another order
      { text: '文三路', district: '330106', city: '330100', country: 'CN', province: '330000' },
    ]) {
      const next = fromEditorValue(address, toEditorValue(address, stored, 'UTC'), 'UTC')
      expect(sameValue(next, stored)).toBe(true)
    }
    expect(fromEditorValue(address, { text: '  ' }, 'UTC')).toBeNull()
  })

  it('keeps only the text for another country, in English with Chinese division names', async () => {
    const { last } = mount({ province: '330000', city: '330100', text: '90 Wensan Rd' }, 'en')
    expect(cascader().textContent).toContain('浙江省 / 杭州市')
    expect(street('Street address')).toBeTruthy()
    const country = screen.getByRole('combobox', { name: 'Country or region' })
    fireEvent.mouseDown(country)
    fireEvent.click(await screen.findByTitle('United States'))
    expect(last()).toEqual({ country: 'US', text: '90 Wensan Rd' })
    expect(document.querySelector('.ant-cascader')).toBeNull()
  })
})

describe('an address in forms, inline edit and display', () => {
  it('posts the picked divisions and the street from the create form', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta] })
    const onCreated = vi.fn()
    renderAt('/f', [{ path: '/f', element: <RecordForm object={personMeta} onCreated={onCreated} /> }])
    const form = await screen.findByTestId('record-form')
    fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '王芳' } })
    await waitFor(() => expect(form.querySelector('.ant-cascader')).toBeTruthy())
    await pick('浙江省', '杭州市', '西湖区')
    fireEvent.change(within(form).getByRole('textbox', { name: '详细地址' }), {
      target: { value: ' 文三路 90 号 ' },
    })
    fireEvent.click(screen.getByTestId('record-form-submit'))
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    const post = api.requests.find((r) => r.method === 'POST')
    expect((post?.body as { address?: unknown } | undefined)?.address).toEqual({
      country: 'CN',
      province: '330000',
      city: '330100',
      district: '330106',
      text: '文三路 90 号',
    })
  })

  it('edits the street of a stored value with an unknown code in place, keeping the code', async () => {
    const rec = personRecord('赵磊', { address: { text: '文三路 90 号', province: '999999' } })
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: [rec] } })
    renderAt('/x', [{ path: '/x', element: <InlineHost initial={rec} /> }])
    fireEvent.click(await screen.findByRole('button', { name: '编辑地址' }))
    const input = await screen.findByRole('textbox', { name: '详细地址' })
    expect(screen.getByRole('status').textContent).toContain('999999')
    fireEvent.change(input, { target: { value: '文三路 91 号' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true))
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      address: { province: '999999', text: '文三路 91 号' },
    })
  })

  it('shows division names and the street, in both languages', async () => {
    const value = {
      country: 'CN',
      province: '330000',
      city: '330100',
      district: '330106',
      text: '文三路 90 号',
    }
    for (const locale of ['zh-CN', 'en'] as const) {
      const { unmount } = render(
        <I18nextProvider i18n={createI18n(locale)}>
          <FieldValue field={address} value={value} timeZone="UTC" />
          <FieldValue
            field={address}
            value={{ province: '110000', city: '110100', district: '110105' }}
            timeZone="UTC"
          />
          <FieldValue field={address} value={{ province: '999999', text: '某路' }} timeZone="UTC" />
          <FieldValue
            field={address}
            value={{ country: 'US', text: '1600 Amphitheatre Pkwy' }}
            timeZone="UTC"
          />
          <FieldValue field={address} value={{ text: '只有文字' }} timeZone="UTC" />
          <FieldValue
            field={address}
            value={{
              province: '620000',
              city: '620100',
              district: '620102',
              text: '甘肃省兰州市城关区世纪大道453号',
            }}
            timeZone="UTC"
          />
          <FieldValue
            field={address}
            value={{ province: '330000', city: '330100', district: '330106', text: '浙江省文三路' }}
            timeZone="UTC"
          />
        </I18nextProvider>,
      )
      expect(await screen.findByText('浙江省 杭州市 西湖区 文三路 90 号')).toBeTruthy()
      expect(await screen.findByText('北京市 朝阳区')).toBeTruthy()
      expect(await screen.findByText('999999 某路')).toBeTruthy()
      expect(screen.getByText('只有文字')).toBeTruthy()
      // a street line that already names the region is not prefixed with it again
      expect(await screen.findByText('甘肃省兰州市城关区世纪大道453号')).toBeTruthy()
      expect(await screen.findByText('浙江省 杭州市 西湖区 浙江省文三路')).toBeTruthy()
      expect(await screen.findByText(locale === 'en' ? '· United States' : '· 美国')).toBeTruthy()
      unmount()
    }
  })
})

import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { dispositionFilename } from './exportFile.ts'

/** The list's export menu: CSV and XLSX everywhere, vCard for objects of people only. */
const routes = [{ path: '/o/:object', element: <RecordListPage /> }]

async function openMenu() {
  fireEvent.click(await screen.findByTestId('export-button'))
  return screen.findByRole('menu')
}

afterEach(() => {
  vi.restoreAllMocks()
  window.localStorage.clear()
})

describe('export menu', () => {
  it('offers vCard for people, in Chinese, and downloads export.vcf with the list filter', async () => {
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [personRecord('张伟'), personRecord('李娜')] },
      onRequest: (req) =>
        req.path.endsWith('/export.vcf') ? { status: 200, body: 'BEGIN:VCARD' } : undefined,
    })
    const created = vi.fn((_: Blob) => 'blob:vcf')
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: created })
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => {} })
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    const filter = { field: 'name', op: 'eq', value: '张伟' }
    renderAt(`/o/person?filter=${encodeURIComponent(JSON.stringify(filter))}`, routes)
    await within(await screen.findByTestId('record-table')).findByText('张伟')
    const menu = await openMenu()
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['CSV（可用 Excel 打开）', 'Excel 工作簿（.xlsx）', 'vCard 电子名片（.vcf）', '我的导出'])
    fireEvent.click(within(menu).getByText('vCard 电子名片（.vcf）'))
    await waitFor(() => expect(clicked).toEqual(['person.vcf']))
    const req = api.requests.find((r) => r.path === '/api/v1/records/person/export.vcf')!
    expect(JSON.parse(req.query.get('filter')!)).toEqual(filter)
    // a vCard carries its own properties: the list's columns are not sent
    expect(req.query.has('columns')).toBe(false)
    expect(req.headers['Accept-Language']).toBe('zh-CN')
  })

  it('names the entry in English', async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [personRecord('Anna')] } })
    renderAt('/o/person', routes, 'en')
    await within(await screen.findByTestId('record-table')).findByText('Anna')
    const menu = await openMenu()
    expect(within(menu).getByText('vCard contacts (.vcf)')).toBeTruthy()
  })

  it('offers no vCard for a company', async () => {
    const acme = { ...personRecord('Acme'), industry: null, employees: null, annual_revenue: null }
    fakeApi({ objects: [companyMeta, personMeta], records: { company: [acme] } })
    renderAt('/o/company', routes, 'en')
    await within(await screen.findByTestId('record-table')).findByText('Acme')
    const menu = await openMenu()
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['CSV (opens in Excel)', 'Excel workbook (.xlsx)', 'My exports'])
  })
})

describe('dispositionFilename', () => {
  it('prefers the UTF-8 name and falls back to the plain one', () => {
    expect(
      dispositionFilename(
        `attachment; filename="person.vcf"; filename*=UTF-8''%E8%81%94%E7%B3%BB%E4%BA%BA.vcf`,
      ),
    ).toBe('联系人.vcf')
    expect(dispositionFilename('attachment; filename="person.csv"')).toBe('person.csv')
    expect(dispositionFilename('attachment; filename=report.xlsx')).toBe('report.xlsx')
    expect(dispositionFilename(`attachment; filename="p.vcf"; filename*=UTF-8''%E8%ZZ`)).toBe('p.vcf')
    expect(dispositionFilename('attachment')).toBeNull()
    expect(dispositionFilename(null)).toBeNull()
  })
})

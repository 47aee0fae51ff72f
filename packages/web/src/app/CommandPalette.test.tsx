import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../pages/RecordListPage.tsx'
import { fakeApi } from '../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { AppShell } from './AppShell.tsx'
import { readRecent } from './CommandPalette.tsx'

afterEach(() => window.localStorage.clear())

describe('command palette (Ctrl/Cmd+K)', () => {
  it('searches as you type, moves with the arrow keys, opens with Enter and remembers it', async () => {
    const zw = personRecord('张伟')
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [personRecord('张伟华'), zw, personRecord('李娜')] },
    })
    renderAt('/o/person', [{ path: '/o/:object', element: <AppShell /> }])
    // AppShell renders an Outlet: the list is not needed here, only the shell's header
    await screen.findAllByTestId('workspace-name')
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const input = await screen.findByTestId('palette-input')
    fireEvent.change(input, { target: { value: '张伟' } })
    await waitFor(() => expect(screen.getAllByTestId('palette-item').length).toBeGreaterThanOrEqual(2))
    expect(api.requests.some((r) => r.path === '/api/v1/search' && r.query.get('q') === '张伟')).toBe(true)
    expect(document.querySelector('.km-palette-group')?.textContent).toBe('联系人')
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    expect(screen.getAllByTestId('palette-item')[1]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() =>
      expect(readRecent()[0]).toMatchObject({ objectName: 'person', recordId: zw.id, title: '张伟' }),
    )
  })

  it('offers commands: create a record, switch language, toggle theme', async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [] } })
    renderAt('/o/person', [{ path: '/o/:object', element: <AppShell /> }])
    await screen.findAllByTestId('workspace-name')
    fireEvent.click(screen.getAllByTestId('search-button')[0]!)
    const input = await screen.findByTestId('palette-input')
    expect(screen.getByText('新建联系人')).toBeTruthy()
    fireEvent.change(input, { target: { value: '语言' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(document.documentElement.lang).toBe('en'))
    expect(RecordListPage).toBeTruthy()
  })

  it('offers "New …" only for objects the role may create', async () => {
    fakeApi({ objects: [readerPersonMeta], records: { person: [] }, me: readerMe })
    renderAt('/o/person', [{ path: '/o/:object', element: <AppShell /> }])
    await screen.findAllByTestId('workspace-name')
    fireEvent.click(screen.getAllByTestId('search-button')[0]!)
    await screen.findByTestId('palette-input')
    expect(screen.getByText('切换语言')).toBeTruthy()
    expect(screen.queryByText('新建联系人')).toBeNull()
  })
})

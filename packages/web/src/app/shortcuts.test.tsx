import { act, fireEvent, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { createI18n } from './i18n.ts'
import { ShortcutsProvider, useShortcut } from './shortcuts.tsx'

function Page({ onNew, onGo }: { onNew(): void; onGo(): void }) {
  useShortcut('n', 'shortcuts.search', onNew)
  useShortcut('g s', 'shortcuts.goSettings', onGo, 'global')
  return <input aria-label="name" />
}

const press = (key: string, o: Record<string, boolean> = {}) => fireEvent.keyDown(window, { key, ...o })

describe('keyboard shortcuts', () => {
  it('runs single keys and sequences, not while typing, and lists them in the help overlay', async () => {
    const onNew = vi.fn()
    const onGo = vi.fn()
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ShortcutsProvider>
          <Page onNew={onNew} onGo={onGo} />
        </ShortcutsProvider>
      </I18nextProvider>,
    )
    press('n')
    expect(onNew).toHaveBeenCalledTimes(1)
    press('g')
    expect(onGo).not.toHaveBeenCalled()
    press('s')
    expect(onGo).toHaveBeenCalledTimes(1)

    // typing in a field is typing
    fireEvent.keyDown(screen.getByLabelText('name'), { key: 'n' })
    expect(onNew).toHaveBeenCalledTimes(1)

    act(() => void press('?', { shiftKey: true }))
    const help = await screen.findByTestId('shortcut-help')
    expect(help.textContent).toContain('On this page')
    expect(help.textContent).toContain('Go to settings')
    expect(help.textContent).toContain('Show keyboard shortcuts')
  })
})

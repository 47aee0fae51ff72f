import { App } from 'antd'
import { useContext, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { UNSAFE_NavigationContext } from 'react-router'

/**
 * Asks before leaving a page with unsaved changes: closing or reloading the tab (the browser's own
 * prompt), and in-app navigation (links, menus). The app uses a declarative `BrowserRouter`, where
 * `useBlocker` is not available, so the router's navigator is wrapped while changes are pending.
 */
export function useUnsavedGuard(dirty: boolean): void {
  const { t } = useTranslation()
  const { modal } = App.useApp()
  const { navigator } = useContext(UNSAFE_NavigationContext)
  const asking = useRef(false)

  useEffect(() => {
    if (!dirty) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      // older browsers show the prompt only when a value is returned
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    const nav = navigator as typeof navigator & {
      push: typeof navigator.push
      replace: typeof navigator.replace
    }
    const { push, replace } = nav
    const guard =
      (original: typeof push) =>
      (...args: Parameters<typeof push>) => {
        const go = original.bind(nav)
        if (asking.current) return
        asking.current = true
        modal.confirm({
          title: t('workflowBuilder.leave.title'),
          content: t('workflowBuilder.leave.body'),
          okText: t('workflowBuilder.leave.ok'),
          okButtonProps: { danger: true },
          cancelText: t('workflowBuilder.leave.stay'),
          onOk: () => {
            asking.current = false
            nav.push = push
            nav.replace = replace
            go(...args)
          },
          onCancel: () => {
            asking.current = false
          },
        })
      }
    nav.push = guard(push)
    nav.replace = guard(replace)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      nav.push = push
      nav.replace = replace
    }
  }, [dirty, navigator, modal, t])
}

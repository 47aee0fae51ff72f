import type { MeResponse } from '@kemai/shared/api/access.api'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { ApiError, onUnauthenticated } from '../platform/api-client.ts'
import { authApi } from '../platform/endpoints.ts'
import { clearTitles } from '../platform/record-titles.ts'

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-in'; me: MeResponse }

interface Session {
  state: SessionState
  login(email: string, password: string): Promise<MeResponse>
  logout(): Promise<void>
  retry(): void
  /** asks `/auth/me` again without leaving the signed-in state (after the user changed their profile) */
  refresh(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

/**
 * Who is signed in. The session itself is the httpOnly cookie the login call sets (docs/api.md
 * "Authentication"); the app only asks `/auth/me` and forgets the user when any call answers 401.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt // a retry asks again
    authApi
      .me(ctl.signal)
      .then((me) => setState({ status: 'signed-in', me }))
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        if (e instanceof ApiError && e.status === 401) setState({ status: 'anonymous' })
        else setState({ status: 'error', error: e })
      })
    return () => ctl.abort()
  }, [attempt])

  // a signed-out tab forgets what it saw (the next user may see less)
  useEffect(
    () =>
      onUnauthenticated(() => {
        clearTitles()
        setState({ status: 'anonymous' })
      }),
    [],
  )

  const login = useCallback(async (email: string, password: string) => {
    await authApi.login(email, password)
    const me = await authApi.me()
    setState({ status: 'signed-in', me })
    return me
  }, [])
  const logout = useCallback(async () => {
    try {
      await authApi.logout()
    } finally {
      clearTitles()
      setState({ status: 'anonymous' })
    }
  }, [])
  const retry = useCallback(() => {
    setState({ status: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  const refresh = useCallback(async () => {
    const me = await authApi.me()
    setState({ status: 'signed-in', me })
  }, [])

  const value = useMemo(
    () => ({ state, login, logout, retry, refresh }),
    [state, login, logout, retry, refresh],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}

/** The signed-in user's data; only for components under RequireAuth. */
export function useMe(): MeResponse {
  const { state } = useSession()
  if (state.status !== 'signed-in') throw new Error('useMe without a session')
  return state.me
}

/** localStorage that never throws (private mode, disabled storage, jsdom). */
export const storage = {
  get(key: string): string | null {
    try {
      return window.localStorage.getItem(key)
    } catch {
      return null
    }
  },
  set(key: string, value: string): void {
    try {
      window.localStorage.setItem(key, value)
    } catch {
      // not persisted; the choice still applies to this tab
    }
  },
}

/** The same server, another database: `postgres://u@h:p/test` → `postgres://u@h:p/<name>`. */
export function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** The database named in DATABASE_URL is used as the admin connection that creates the per-file databases. */
export function adminUrl(url: string): string {
  return url
}

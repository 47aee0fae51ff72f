import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** packages/web, and packages/shared whose code the web app bundles. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web', import.meta.url))
const SHARED_SRC = fileURLToPath(new URL('../../../shared/src', import.meta.url))
/** written by the web build's last step (packages/web/build/build-stamp.ts) */
const STAMP = '.kemai-build'

async function newestMtime(path: string): Promise<number> {
  let s: Awaited<ReturnType<typeof stat>>
  try {
    s = await stat(path)
  } catch {
    return 0
  }
  if (!s.isDirectory()) return s.mtimeMs
  let newest = s.mtimeMs // a deleted file changes its folder
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue
    newest = Math.max(newest, await newestMtime(join(path, e.name)))
  }
  return newest
}

/** Why the web app needs a build (`missing`, `stale`), or null when dist/ is newer than every source. */
export async function webBuildNeeded(webRoot = WEB_ROOT): Promise<'missing' | 'stale' | null> {
  const stamp = await newestMtime(join(webRoot, 'dist', STAMP))
  if (!stamp) return 'missing'
  const sources = Math.max(
    ...(await Promise.all(
      ['src', 'index.html', 'vite.config.ts', 'build', 'package.json'].map((p) =>
        newestMtime(join(webRoot, p)),
      ),
    )),
    await newestMtime(SHARED_SRC),
  )
  return sources > stamp ? 'stale' : null
}

/**
 * `kemai serve` builds what it needs: when packages/web/dist is missing or older than the sources it
 * runs Vite's build (about 2 s), so `npm install && npm start` opens the app. Without the web sources
 * (a server-only deployment) or without Vite (installed with --omit=dev) it says so and carries on:
 * the API works either way.
 */
export async function ensureWebBuilt(
  log: (line: string) => void = console.log,
  webRoot = WEB_ROOT,
): Promise<'built' | 'fresh' | 'skipped'> {
  if (!existsSync(join(webRoot, 'index.html'))) return 'skipped'
  const need = await webBuildNeeded(webRoot)
  if (!need) return 'fresh'
  let vite: typeof import('vite')
  try {
    vite = await import('vite')
  } catch {
    log(`  ! The web app is ${need === 'missing' ? 'not built' : 'out of date'} and Vite is not installed.`)
    log('    Run `npm install` then `npm run build` (the API runs meanwhile).')
    return 'skipped'
  }
  log(
    `  … Building the web app (packages/web${need === 'missing' ? '/dist is missing' : ' changed since the last build'})`,
  )
  const started = performance.now()
  await vite.build({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
  })
  log(`  ✓ Web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return 'built'
}

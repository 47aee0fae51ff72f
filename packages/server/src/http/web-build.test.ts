import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureWebBuilt, webBuildNeeded } from './web-build.ts'

const root = mkdtempSync(join(tmpdir(), 'kemai-webroot-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('web build check', () => {
  it('builds when dist is missing, not when it is newer than the sources, again when a source changes', async () => {
    mkdirSync(join(root, 'src'))
    writeFileSync(join(root, 'index.html'), '<!doctype html>')
    writeFileSync(join(root, 'src', 'main.tsx'), 'export {}')
    expect(await webBuildNeeded(root)).toBe('missing')

    mkdirSync(join(root, 'dist'))
    const stamp = join(root, 'dist', '.kemai-build')
    writeFileSync(stamp, 'x')
    const future = new Date(Date.now() + 3_600_000) // newer than any source here and in packages/shared
    utimesSync(stamp, future, future)
    expect(await webBuildNeeded(root)).toBeNull()

    const later = new Date(future.getTime() + 60_000)
    utimesSync(join(root, 'src', 'main.tsx'), later, later)
    expect(await webBuildNeeded(root)).toBe('stale')
  })

  it('skips a server without web sources', async () => {
    const lines: string[] = []
    expect(await ensureWebBuilt((l) => lines.push(l), join(root, 'none'))).toBe('skipped')
    expect(lines).toEqual([])
  })
})

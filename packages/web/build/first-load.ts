import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

interface ChunkInfo {
  code: string
  imports: string[]
  dynamicImports: string[]
  isEntry: boolean
  facadeModuleId: string | null
  name: string
}

/**
 * Prints the gzipped JavaScript a first visit downloads: the entry with everything it imports
 * statically, then that plus each lazy page (login, a list, a record page). Issue 4's budget is
 * 500 KB gz for the first load (kB = 1000 bytes, as Vite prints); docs/web.md "Size".
 */
export function firstLoadReport(): Plugin {
  return {
    name: 'kemai-first-load',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, ChunkInfo>()
      for (const [file, out] of Object.entries(bundle))
        if (out.type === 'chunk') chunks.set(file, out as unknown as ChunkInfo)
      const gz = new Map([...chunks].map(([f, c]) => [f, gzipSync(c.code).length]))
      const closure = (roots: string[]) => {
        const seen = new Set<string>()
        const walk = (f: string) => {
          if (seen.has(f)) return
          seen.add(f)
          for (const i of chunks.get(f)?.imports ?? []) walk(i)
        }
        for (const r of roots) walk(r)
        return seen
      }
      const sum = (files: Set<string>) => [...files].reduce((n, f) => n + (gz.get(f) ?? 0), 0)
      const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`
      const entry = [...chunks].find(([, c]) => c.isEntry)?.[0]
      if (!entry) return
      const base = closure([entry])
      const lines = [`first-load JS (gzip): shell ${kb(sum(base))}`]
      for (const page of ['LoginPage', 'RecordListPage', 'RecordPage']) {
        const file = [...chunks].find(([, c]) => c.name === page)?.[0]
        if (!file) continue
        const files = closure([entry, file])
        lines.push(`${page} ${kb(sum(files))}`)
        // KEMAI_FIRST_LOAD_DETAIL=1: the page's own chunks (beyond the shell), largest first
        if (process.env.KEMAI_FIRST_LOAD_DETAIL)
          lines.push(
            `  ${page}: ${[...files]
              .filter((f) => !base.has(f))
              .sort((a, b) => (gz.get(b) ?? 0) - (gz.get(a) ?? 0))
              .map((f) => `${f.replace(/^assets\//, '')} ${kb(gz.get(f) ?? 0)}`)
              .join(', ')}`,
          )
      }
      this.info(lines.join(' · '))
    },
  }
}

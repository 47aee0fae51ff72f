import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'

/** The file `kemai serve` compares with the sources to decide whether to build again (server http/web-build.ts). */
export const BUILD_STAMP = '.kemai-build'

/** Writes dist/.kemai-build after a complete build (not after a failed one: Vite empties dist first). */
export function buildStamp(): Plugin {
  let outDir = 'dist'
  return {
    name: 'kemai-build-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    closeBundle(error?: Error) {
      if (!error) writeFileSync(join(outDir, BUILD_STAMP), `${new Date().toISOString()}\n`)
    },
  }
}

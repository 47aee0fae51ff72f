#!/usr/bin/env node
// Adds package-lock.json entries for the other-platform binaries of every package that ships its native
// code as optional dependencies (Biome, esbuild, rolldown, lightningcss, @node-rs/jieba, …). The registry
// reachable here serves only the linux-x64 builds: `npm install` then leaves the others out of the lock
// and `npm ci` refuses it as out of sync ("Missing: lightningcss-darwin-arm64@1.33.0 from lock file").
// Each added entry carries os/cpu(/libc) read from the package name, so npm ci skips it on this platform
// without downloading anything, and resolves it from the registry on a Mac or Windows machine as usual.
// Run it after any `npm install` that adds or upgrades such a package (docs/decisions/0005):
//   node scripts/lockfile-platforms.mjs          # add missing entries
//   node scripts/lockfile-platforms.mjs --check  # exit 1 if any are missing (nothing written)
import { readFileSync, writeFileSync } from 'node:fs'

const OS = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
]
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32']
/** Platform packages whose name does not say where they run. */
const KNOWN = { fsevents: { os: ['darwin'] } }

/** `@rolldown/binding-linux-arm64-musl` → { os: ['linux'], cpu: ['arm64'], libc: ['musl'] }; null if no platform in the name. */
export function platformOf(name) {
  if (KNOWN[name]) return KNOWN[name]
  const tokens = name.split('/').pop().split('-')
  const os = tokens.find((t) => OS.includes(t)) ?? (tokens.includes('windows') ? 'win32' : undefined)
  let cpu = tokens.find((t) => CPU.includes(t))
  if (!cpu && tokens.includes('universal') && os === 'darwin') cpu = ['x64', 'arm64']
  if (!os && cpu !== 'wasm32') return null
  if (!cpu) return null
  const p = { cpu: Array.isArray(cpu) ? cpu : [cpu] }
  if (os) p.os = [os]
  if (os === 'linux' && tokens.includes('musl')) p.libc = ['musl']
  else if (os === 'linux' && tokens.some((t) => t === 'gnu' || t.startsWith('gnueabi'))) p.libc = ['glibc']
  return p
}

const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/

/** Adds the missing entries to a parsed lock file; returns the names it added and the ones it could not. */
export function addPlatformEntries(lock) {
  const pk = lock.packages
  const added = []
  const skipped = []
  for (const [path, entry] of Object.entries(pk)) {
    const optional = entry.optionalDependencies
    if (!path || !optional) continue
    for (const [dep, spec] of Object.entries(optional)) {
      const nested = `${path}/node_modules/${dep}`
      const hoisted = `node_modules/${dep}`
      if (pk[nested] || pk[hoisted]) continue
      const platform = platformOf(dep)
      if (!platform) continue // not a platform binary (pg → pg-native, …): npm resolves it as usual
      if (!EXACT.test(spec)) {
        skipped.push(`${dep}@${spec}`)
        continue
      }
      pk[pk[hoisted] === undefined ? hoisted : nested] = {
        version: spec,
        ...platform,
        ...(entry.dev ? { dev: true } : {}),
        ...(entry.devOptional ? { devOptional: true } : {}),
        ...(entry.license ? { license: entry.license } : {}),
        optional: true,
        ...(entry.engines ? { engines: entry.engines } : {}),
      }
      added.push(`${dep}@${spec}`)
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  )
  return { added, skipped }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL('../package-lock.json', import.meta.url)
  const lock = JSON.parse(readFileSync(file, 'utf8'))
  const { added, skipped } = addPlatformEntries(lock)
  for (const s of skipped) console.warn(`  skipped ${s}: not an exact version, add it by hand`)
  if (process.argv.includes('--check')) {
    for (const a of added) console.log(`  missing ${a}`)
    console.log(`package-lock.json: ${added.length} platform entries missing`)
    process.exit(added.length ? 1 : 0)
  }
  if (added.length) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(`package-lock.json: ${added.length} platform entries added`)
}

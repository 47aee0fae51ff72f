#!/usr/bin/env node
// Adds lock entries for @biomejs/biome's other-platform binaries, which the registry reachable here does
// not serve: `npm install` then leaves them out of package-lock.json and `npm ci` refuses the lock as out
// of sync. The entries carry os/cpu, so npm ci skips them on this platform without downloading anything.
// Run after changing the Biome version: `node scripts/lockfile-platforms.mjs` (docs/decisions/0005).
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const pk = lock.packages
const version = pk['node_modules/@biomejs/biome'].version
const platforms = {
  'cli-android-arm64': ['android', 'arm64'],
  'cli-android-x64': ['android', 'x64'],
  'cli-darwin-arm64': ['darwin', 'arm64'],
  'cli-darwin-x64': ['darwin', 'x64'],
  'cli-linux-arm64': ['linux', 'arm64'],
  'cli-linux-arm64-musl': ['linux', 'arm64'],
  'cli-linux-x64': ['linux', 'x64'],
  'cli-linux-x64-musl': ['linux', 'x64'],
  'cli-win32-arm64': ['win32', 'arm64'],
  'cli-win32-x64': ['win32', 'x64'],
}
let added = 0
for (const [name, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/${name}`
  if (pk[key]) continue
  pk[key] = {
    version,
    cpu: [cpu],
    dev: true,
    license: 'MIT OR Apache-2.0',
    optional: true,
    os: [os],
    engines: { node: '>=14.21.3' },
    ...(name.endsWith('musl') ? { libc: ['musl'] } : {}),
  }
  added++
}
lock.packages = Object.fromEntries(
  Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
)
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`package-lock.json: ${added} platform entries added`)

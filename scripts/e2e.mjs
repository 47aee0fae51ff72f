#!/usr/bin/env node
// Browser tests: seeds the demo workspace once with `kemai serve` on a fresh data folder (it builds the
// web app if needed), then runs every e2e/*.spec.ts (or the ones named) in the system Chromium, each
// against its own server on a copy of that folder, and ends with the `e2e: N passed, N failed` line
// .ci/run reads.
//   node scripts/e2e.mjs                       # all specs
//   node scripts/e2e.mjs e2e/shell.spec.ts     # one spec
//   E2E_BASE_URL=http://localhost:3000 node scripts/e2e.mjs   # against a server you started
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const specs = (
  process.argv.slice(2).length
    ? process.argv.slice(2)
    : readdirSync(join(root, 'e2e')).map((f) => join('e2e', f))
)
  .filter((f) => f.endsWith('.spec.ts'))
  .sort()
const STARTUP_MS = 240_000

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

async function waitForHealth(url, server, log) {
  const deadline = Date.now() + STARTUP_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${log()}`)
    try {
      const r = await fetch(`${url}/api/health`)
      if (r.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the server did not answer within ${STARTUP_MS / 1000} s:\n${log()}`)
}

function runSpec(spec, baseUrl, resultsFile) {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', spec], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_RESULTS: resultsFile },
    })
    child.on('exit', (code) => ok(code ?? 1))
  })
}

let server = null
let template = null
let passed = 0
let failed = 0

/** Starts `kemai serve` on `dataDir` and a free port; resolves once /api/health answers. */
async function startServer(dataDir) {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let output = ''
  const child = spawn(process.execPath, ['bin/kemai.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      KEMAI_DATA_DIR: dataDir,
      KEMAI_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  server = child
  await waitForHealth(baseUrl, child, () => output)
  return { baseUrl, output: () => output }
}

async function stopServer() {
  const child = server
  server = null
  if (!child || child.exitCode !== null) return
  child.kill('SIGTERM')
  await new Promise((r) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL')
      r()
    }, 15_000)
    child.on('exit', () => {
      clearTimeout(t)
      r()
    })
  })
}

try {
  const shared = process.env.E2E_BASE_URL
  if (!shared) {
    // Each spec gets its own copy of a freshly seeded demo workspace, so what one spec creates never
    // changes the counts another spec reads. Seed once (and build the web app if needed), then copy.
    template = mkdtempSync(join(tmpdir(), 'kemai-e2e-template-'))
    const started = Date.now()
    console.log(`e2e: seeding the demo workspace in ${template}`)
    const { output } = await startServer(template)
    console.log(`e2e: server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    for (const line of output().split('\n'))
      if (/Building|built|failed/i.test(line)) console.log(`e2e: ${line.trim()}`)
    await stopServer()
  }
  for (const spec of specs) {
    console.log(`\n${spec}`)
    let baseUrl = shared
    let dataDir = null
    if (!shared) {
      dataDir = mkdtempSync(join(tmpdir(), 'kemai-e2e-'))
      cpSync(template, dataDir, { recursive: true })
      try {
        baseUrl = (await startServer(dataDir)).baseUrl
      } catch (e) {
        console.log(`  ✗ ${spec}: the server did not start\n${e instanceof Error ? e.message : e}`)
        failed++
        await stopServer()
        rmSync(dataDir, { recursive: true, force: true })
        continue
      }
    }
    const resultsFile = join(tmpdir(), `kemai-e2e-${process.pid}-${spec.replace(/\W/g, '_')}.json`)
    rmSync(resultsFile, { force: true })
    const code = await runSpec(spec, baseUrl, resultsFile)
    if (!shared) {
      await stopServer()
      rmSync(dataDir, { recursive: true, force: true })
    }
    if (!existsSync(resultsFile)) {
      console.log(`  ✗ ${spec} did not finish (exit ${code})`)
      failed++
      continue
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
    rmSync(resultsFile, { force: true })
    for (const r of results) r.ok ? passed++ : failed++
    if (code !== 0 && results.every((r) => r.ok)) failed++
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  failed++
} finally {
  await stopServer()
  if (template) rmSync(template, { recursive: true, force: true })
}
console.log(`\ne2e: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)

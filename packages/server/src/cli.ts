import { serve as serveHttp } from '@hono/node-server'
import { type Config, loadConfig } from './config.ts'
import { seedDemo } from './demo/seed.ts'
import { buildApp } from './http/app.ts'
import { ensureWebBuilt } from './http/web-build.ts'
import { createKernel, syncWorkspaces } from './kernel.ts'
import { type Database, openDatabase } from './platform/db/connect.ts'
import { DataDirLockedError } from './platform/db/lock.ts'
import { migrate } from './platform/db/migrate.ts'
import { rootLogger } from './platform/log.ts'

const USAGE = `Usage: kemai <command>

Commands:
  serve     run the API and the web app (and, by default, the event worker) on PORT (default 3000);
            builds the web app first when packages/web/dist is missing or older than its sources
  worker    run the event worker alone (needs DATABASE_URL: the embedded database belongs to one process)
  migrate   apply database migrations and exit
  seed      create the demo workspace if it does not exist, and exit

Environment: PORT, KEMAI_DATA_DIR (default ./data), DATABASE_URL (postgres://…), KEMAI_NO_DEMO=1`

async function open(config: Config): Promise<Database> {
  try {
    return await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(`\n✖ ${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
}

async function prepare(config: Config) {
  const database = await open(config)
  const applied = await migrate(database.db)
  if (applied.length) rootLogger.info({ applied }, 'migrations applied')
  const kernel = createKernel(database, config)
  await syncWorkspaces(kernel)
  return { database, kernel }
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false
  const handler = (signal: string) => {
    if (stopping) return
    stopping = true
    rootLogger.info({ signal }, 'shutting down: finishing in-flight requests and jobs')
    stop()
      .then(() => process.exit(0))
      .catch((e) => {
        rootLogger.error({ err: String(e) }, 'shutdown failed')
        process.exit(1)
      })
  }
  process.on('SIGINT', () => handler('SIGINT'))
  process.on('SIGTERM', () => handler('SIGTERM'))
}

async function serve(config: Config) {
  // the web app builds (when dist/ is missing or stale) while the database opens and migrates
  const web = ensureWebBuilt().catch((e: unknown) => {
    console.error('  ✖ The web app failed to build; serving the API only.\n', e)
    return 'skipped' as const
  })
  const { database, kernel } = await prepare(config)
  await web
  let demo: { email: string; password: string } | null = null
  if (config.demo) demo = await seedDemo(kernel)
  if (config.inProcessWorker) await kernel.startWorker()
  const app = buildApp(kernel.services)
  const server = serveHttp({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://localhost:${info.port}`
    console.log(
      `\n  客脉 Kemai ${config.version} is running (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
    )
    console.log(`  ➜ URL:      ${url}`)
    console.log(`  ➜ API docs: ${url}/api/docs`)
    if (demo) console.log(`  ➜ Demo login: ${demo.email} / ${demo.password}`)
    console.log('')
  })
  // idle keep-alive connections stay open longer than a browser or proxy reuses them (Node's 5 s default
  // races a client that sends on a socket the server is closing: ECONNRESET)
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000
    server.headersTimeout = 66_000
  }
  onSignals(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await kernel.stop()
    await database.close()
  })
}

async function worker(config: Config) {
  if (!config.databaseUrl) {
    console.error(
      '✖ `kemai worker` needs DATABASE_URL: the embedded database can be opened by one process only, and `kemai serve` already runs the worker in-process.',
    )
    process.exit(2)
  }
  const { database, kernel } = await prepare(config)
  await kernel.startWorker()
  rootLogger.info('worker started')
  onSignals(async () => {
    await kernel.stop()
    await database.close()
  })
}

async function main(argv: string[]) {
  const command = argv[0]
  const config = loadConfig()
  switch (command) {
    case 'serve':
      return serve(config)
    case 'worker':
      return worker(config)
    case 'migrate': {
      const database = await open(config)
      const applied = await migrate(database.db)
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date')
      await database.close()
      return
    }
    case 'seed': {
      const { database, kernel } = await prepare(config)
      const r = await seedDemo(kernel)
      console.log(`demo workspace ready: ${r.email} / ${r.password}`)
      await database.close()
      return
    }
    default:
      console.log(USAGE)
      process.exit(command === undefined || command === '--help' || command === 'help' ? 0 : 1)
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e)
  process.exit(1)
})

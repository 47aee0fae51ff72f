#!/usr/bin/env node
// `npx kemai serve | worker | migrate | seed`: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api'

register()
await import('../packages/server/src/cli.ts')

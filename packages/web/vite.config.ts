import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { buildStamp } from './build/build-stamp.ts'
import { firstLoadReport } from './build/first-load.ts'

// `npm run dev -w @kemai/web` serves the app with hot reload and proxies /api to a running Kemai server
// (KEMAI_API, default http://localhost:3000). `kemai serve` builds dist/ with this same config (docs/web.md).
export default defineConfig({
  plugins: [react(), firstLoadReport(), buildStamp()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.KEMAI_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
  },
})

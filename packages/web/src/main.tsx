import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import { preloadPage } from './app/AppRoutes.tsx'
import { createI18n } from './app/i18n.ts'
import { prefetchMetadata } from './app/metadata.tsx'
import { initialLocale } from './app/preferences.tsx'
import './app/styles.css'

// what the first screen needs, in parallel: the page's code and the workspace's metadata
preloadPage(window.location.pathname)
// the login page and the public web forms (`/f/{key}`) have no signed-in user to load metadata for
if (window.location.pathname !== '/login' && !window.location.pathname.startsWith('/f/')) prefetchMetadata()

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')
createRoot(root).render(
  <StrictMode>
    <App i18n={createI18n(initialLocale())} />
  </StrictMode>,
)

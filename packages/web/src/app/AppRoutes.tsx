import { Skeleton } from 'antd'
import { lazy, Suspense } from 'react'
import { Navigate, Route, Routes } from 'react-router'
import { AppShell } from './AppShell.tsx'
import { useMetadata } from './metadata.tsx'
import { RequireAuth } from './RequireAuth.tsx'

// each page is its own chunk: the first load carries only the shell (see docs/web.md "Size")
const loadLogin = () => import('../pages/LoginPage.tsx')
const loadList = () => import('../pages/RecordListPage.tsx')
const loadRecord = () => import('../pages/RecordPage.tsx')
const loadPublicForm = () => import('../pages/PublicFormPage.tsx')
const LoginPage = lazy(() => loadLogin().then((m) => ({ default: m.LoginPage })))
const RecordListPage = lazy(() => loadList().then((m) => ({ default: m.RecordListPage })))
const RecordPage = lazy(() => loadRecord().then((m) => ({ default: m.RecordPage })))
const PublicFormPage = lazy(() => loadPublicForm().then((m) => ({ default: m.PublicFormPage })))
const ImportPage = lazy(() => import('../pages/ImportPage.tsx').then((m) => ({ default: m.ImportPage })))
const SegmentPage = lazy(() => import('../pages/SegmentPage.tsx').then((m) => ({ default: m.SegmentPage })))
const RelationshipGraphPage = lazy(() =>
  import('../pages/RelationshipGraphPage.tsx').then((m) => ({ default: m.RelationshipGraphPage })),
)
const CleansePage = lazy(() => import('../pages/CleansePage.tsx').then((m) => ({ default: m.CleansePage })))
const MergePage = lazy(() => import('../pages/MergePage.tsx').then((m) => ({ default: m.MergePage })))
const DuplicatesPage = lazy(() =>
  import('../pages/DuplicatesPage.tsx').then((m) => ({ default: m.DuplicatesPage })),
)
const WorkflowEditorPage = lazy(() =>
  import('../pages/settings/automation/WorkflowEditorPage.tsx').then((m) => ({
    default: m.WorkflowEditorPage,
  })),
)
const ApprovalsPage = lazy(() =>
  import('../pages/ApprovalsPage.tsx').then((m) => ({ default: m.ApprovalsPage })),
)
const loadSettings = () => import('../pages/settings/SettingsPage.tsx')
const SettingsPage = lazy(() => loadSettings().then((m) => ({ default: m.SettingsPage })))

/**
 * Starts downloading the page of the URL being opened while the session and metadata load, instead
 * of after them (main.tsx calls it once).
 */
export function preloadPage(pathname: string): void {
  const load = /^\/o\/[^/]+\/[^/]+/.test(pathname)
    ? loadRecord
    : pathname.startsWith('/o/') || pathname === '/'
      ? loadList
      : pathname.startsWith('/login')
        ? loadLogin
        : pathname.startsWith('/f/')
          ? loadPublicForm
          : pathname.startsWith('/settings')
            ? loadSettings
            : null
  load?.().catch(() => {
    // the route's own import reports a failure
  })
}
const NotFoundPage = lazy(() =>
  import('../pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })),
)

function PageFallback() {
  return (
    <div className="km-pad">
      <Skeleton active paragraph={{ rows: 8 }} />
    </div>
  )
}

/** `/` opens the first object of the navigation. */
function Home() {
  const { objects } = useMetadata()
  const first = objects[0]
  return first ? <Navigate to={`/o/${first.name}`} replace /> : <NotFoundPage />
}

/** Stable, shareable URLs (issue 4): `/o/{object}`, `/o/{object}/{id}`, `/settings/…`, `/login`, `/f/{key}`. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageFallback />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* web forms for anyone: no login, no shell (docs/forms.md) */}
        <Route path="/f/:key" element={<PublicFormPage />} />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route
            path="/o/:object"
            element={
              <Suspense fallback={<PageFallback />}>
                <RecordListPage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/:id/graph"
            element={
              <Suspense fallback={<PageFallback />}>
                <RelationshipGraphPage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/cleanse"
            element={
              <Suspense fallback={<PageFallback />}>
                <CleansePage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/duplicates"
            element={
              <Suspense fallback={<PageFallback />}>
                <DuplicatesPage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/merge"
            element={
              <Suspense fallback={<PageFallback />}>
                <MergePage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/segments/:id"
            element={
              <Suspense fallback={<PageFallback />}>
                <SegmentPage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/import"
            element={
              <Suspense fallback={<PageFallback />}>
                <ImportPage />
              </Suspense>
            }
          />
          <Route
            path="/o/:object/:id"
            element={
              <Suspense fallback={<PageFallback />}>
                <RecordPage />
              </Suspense>
            }
          />
          <Route
            path="/settings/workflows/:id"
            element={
              <Suspense fallback={<PageFallback />}>
                <WorkflowEditorPage />
              </Suspense>
            }
          />
          <Route
            path="/approvals"
            element={
              <Suspense fallback={<PageFallback />}>
                <ApprovalsPage />
              </Suspense>
            }
          />
          <Route
            path="/settings/:section?/*"
            element={
              <Suspense fallback={<PageFallback />}>
                <SettingsPage />
              </Suspense>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  )
}

import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { RecordPage } from '../../pages/RecordPage.tsx'
import { type FakeRequest, fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord, readerMe } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { forgetWorkflows, type ManualWorkflow } from './useManualWorkflows.ts'

/** "Run workflow" on the record page's actions menu and on the list's selection. */
const routes = [
  { path: '/o/:object/:id', element: <RecordPage /> },
  { path: '/o/:object', element: <RecordListPage /> },
  { path: '/settings/workflow-runs', element: <div data-testid="runs-route">runs</div> },
]
configure({ asyncUtilTimeout: 20_000 })
beforeEach(() => forgetWorkflows())
afterEach(() => window.sessionStorage.clear())

const wf = (id: string, name: string, bulk = false): ManualWorkflow => ({
  id: `01a243f1-0000-7000-8000-0000000000${id}`,
  name,
  bulk,
})
const welcome = wf('f1', '发送欢迎资料')

/** The server's `GET /api/v1/workflows/manual?object=`: what it would list per object. */
function serve(
  manual: Record<string, ManualWorkflow[]>,
  who = me,
  run?: (req: FakeRequest) => { status: number; body: unknown },
) {
  const rec = personRecord('张伟')
  const other = personRecord('李娜')
  const api = fakeApi({
    objects: [companyMeta, personMeta],
    records: { person: [rec, other] },
    me: who,
    onRequest: (req) => {
      if (req.path === '/api/v1/workflows/manual')
        return { status: 200, body: { data: manual[req.query.get('object') ?? ''] ?? [] } }
      if (/^\/api\/v1\/workflows\/[^/]+\/run$/.test(req.path))
        return (
          run?.(req) ?? {
            status: 202,
            body: { runIds: (req.body as { recordIds: string[] }).recordIds.map((_, i) => `run-${i}`) },
          }
        )
      return undefined
    },
  })
  return { api, rec, other }
}

const asked = (api: ReturnType<typeof fakeApi>) =>
  api.requests.filter((r) => r.path.startsWith('/api/v1/workflows') && r.method === 'GET')

describe('run a workflow by hand', () => {
  it("is in the record's actions menu for enabled manual workflows of its object, asks, starts and links to the runs", async () => {
    const { api, rec } = serve({ person: [welcome], company: [wf('f2', '公司流程')] })
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    fireEvent.click(await screen.findByTestId('record-more'))
    const entries = await screen.findAllByTestId('run-workflow')
    expect(entries.map((e) => e.textContent)).toEqual(['运行流程：发送欢迎资料'])
    fireEvent.click(entries[0] as HTMLElement)
    expect((await screen.findAllByText('运行“发送欢迎资料”？')).length).toBeGreaterThan(0)
    expect(screen.getByText('将在这条记录上运行这个工作流。')).toBeTruthy()
    fireEvent.click(screen.getByTestId('run-workflow-ok'))
    await screen.findByText('“发送欢迎资料”已开始运行')
    const post = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/run'))
    expect(post?.body).toEqual({ recordIds: [rec.id] })
    expect(asked(api).map((r) => `${r.path}?${r.query}`)).toEqual(['/api/v1/workflows/manual?object=person'])
    fireEvent.click(screen.getByTestId('run-workflow-history'))
    await screen.findByTestId('runs-route')
  })

  it('says why the server refused to start it', async () => {
    const { rec } = serve({ person: [welcome] }, me, () => ({
      status: 409,
      body: {
        type: 'https://kemai.dev/problems/conflict',
        title: '这个工作流不是已启用的手动工作流',
        status: 409,
        code: 'conflict',
      },
    }))
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    fireEvent.click(await screen.findByTestId('record-more'))
    fireEvent.click(await screen.findByTestId('run-workflow'))
    fireEvent.click(await screen.findByTestId('run-workflow-ok'))
    await screen.findByText('“发送欢迎资料”无法运行')
    expect(screen.getByText('这个工作流不是已启用的手动工作流')).toBeTruthy()
  })

  it('is offered to someone without the automation right who may read the record, and starts', async () => {
    const { api, rec } = serve({ person: [welcome] }, readerMe)
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    // the reader may not delete: the actions menu is there for the workflow alone
    fireEvent.click(await screen.findByTestId('record-more'))
    expect(screen.queryByRole('menuitem', { name: /删除/ })).toBeNull()
    fireEvent.click(await screen.findByTestId('run-workflow'))
    fireEvent.click(await screen.findByTestId('run-workflow-ok'))
    await screen.findByText('“发送欢迎资料”已开始运行')
    expect(api.requests.some((r) => r.path === '/api/v1/workflows')).toBe(false)
  })

  it('shows no actions menu when there is nothing to run and the reader may not delete', async () => {
    const { api, rec } = serve({}, readerMe)
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    await waitFor(() => expect(asked(api)).toHaveLength(1))
    expect(screen.queryByTestId('record-more')).toBeNull()
  })

  it('asks once per user and object for a while; forgetWorkflows asks again', async () => {
    const { api, rec } = serve({ person: [welcome] })
    const first = renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    fireEvent.click(await screen.findByTestId('record-more'))
    await screen.findByTestId('run-workflow')
    first.unmount()
    renderAt(`/o/person/${rec.id}`, routes).unmount()
    expect(asked(api)).toHaveLength(1)
    forgetWorkflows()
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    await waitFor(() => expect(asked(api)).toHaveLength(2))
  })

  it('runs a bulk workflow on a list selection; one without bulk is not offered there', async () => {
    const { api, rec, other } = serve({
      person: [welcome, wf('f5', '批量发资料', true), wf('f6', '草稿改了', true)],
    })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    fireEvent.click(within(table).getByRole('checkbox', { name: '选择 张伟' }))
    fireEvent.click(within(table).getByRole('checkbox', { name: '选择 李娜' }))
    fireEvent.click(await screen.findByTestId('bulk-run-workflow'))
    const menu = await screen.findByRole('menu')
    await waitFor(() =>
      expect(
        new Set(
          within(menu)
            .getAllByRole('menuitem')
            .map((m) => m.textContent),
        ),
      ).toEqual(new Set(['批量发资料', '草稿改了'])),
    )
    fireEvent.click(within(menu).getByText('批量发资料'))
    expect(await screen.findByText('将在选中的 2 条记录上运行这个工作流。')).toBeTruthy()
    fireEvent.click(screen.getByTestId('run-workflow-ok'))
    await screen.findByText('“批量发资料”已开始 2 次运行')
    const post = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/run'))
    expect(new Set((post?.body as { recordIds?: string[] } | undefined)?.recordIds)).toEqual(
      new Set([rec.id, other.id]),
    )
  })
})

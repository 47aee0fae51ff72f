import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { RecordPage } from '../../pages/RecordPage.tsx'
import { type FakeRequest, fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord, readerMe } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { Workflow } from './automation-api.ts'
import { forgetWorkflows } from './useManualWorkflows.ts'

/** "Run workflow" on the record page's actions menu and on the list's selection. */
const routes = [
  { path: '/o/:object/:id', element: <RecordPage /> },
  { path: '/o/:object', element: <RecordListPage /> },
  { path: '/settings/workflow-runs', element: <div data-testid="runs-route">runs</div> },
]
configure({ asyncUtilTimeout: 20_000 })
beforeEach(() => forgetWorkflows())
afterEach(() => window.sessionStorage.clear())

const at = '2026-12-05T02:00:00.000Z'
const manual = (p: Partial<Workflow>): Workflow => ({
  id: '01a243f1-0000-7000-8000-0000000000f1',
  name: '发送欢迎资料',
  description: null,
  enabled: true,
  templateKey: null,
  draft: { trigger: { type: 'manual', object: 'person', bulk: false }, start: 'n', steps: [] },
  hasChanges: false,
  publishedVersion: 1,
  triggerType: 'manual',
  triggerObject: 'person',
  maxRunsPerMinute: 60,
  webhookUrl: null,
  problems: [],
  createdAt: at,
  updatedAt: at,
  ...p,
})

function serve(
  workflows: Workflow[],
  who = me,
  run?: (req: FakeRequest) => { status: number; body: unknown },
  published: Record<string, unknown> = {},
) {
  const rec = personRecord('张伟')
  const other = personRecord('李娜')
  const api = fakeApi({
    objects: [companyMeta, personMeta],
    records: { person: [rec, other] },
    me: who,
    onRequest: (req) => {
      if (req.path === '/api/v1/workflows') return { status: 200, body: { data: workflows } }
      const v = /^\/api\/v1\/workflows\/([^/]+)\/versions\/(\d+)$/.exec(req.path)
      if (v) {
        const w = workflows.find((x) => x.id === v[1])
        return { status: 200, body: { version: Number(v[2]), definition: published[v[1] ?? ''] ?? w?.draft } }
      }
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

describe('run a workflow by hand', () => {
  it("is in the record's actions menu for enabled manual workflows of its object, asks, starts and links to the runs", async () => {
    const { api, rec } = serve([
      manual({}),
      manual({ id: '01a243f1-0000-7000-8000-0000000000f2', name: '公司流程', triggerObject: 'company' }),
      manual({ id: '01a243f1-0000-7000-8000-0000000000f3', name: '停用的', enabled: false }),
      manual({ id: '01a243f1-0000-7000-8000-0000000000f4', name: '自动的', triggerType: 'record_created' }),
    ])
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
    fireEvent.click(screen.getByTestId('run-workflow-history'))
    await screen.findByTestId('runs-route')
  })

  it('says why the server refused to start it', async () => {
    const { rec } = serve([manual({})], me, () => ({
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

  it('is not offered without the automation right (and the list is not even asked for)', async () => {
    const { api, rec } = serve([manual({})], readerMe)
    renderAt(`/o/person/${rec.id}`, routes)
    await screen.findByTestId('record-title')
    // the reader may not delete either: no actions menu at all
    expect(screen.queryByTestId('record-more')).toBeNull()
    expect(api.requests.some((r) => r.path === '/api/v1/workflows')).toBe(false)
  })

  it('runs a bulk workflow on a list selection; one without bulk is not offered there', async () => {
    const bulk = manual({
      id: '01a243f1-0000-7000-8000-0000000000f5',
      name: '批量发资料',
      draft: { trigger: { type: 'manual', object: 'person', bulk: true }, start: 'n', steps: [] },
    })
    // published with bulk, draft changed since: the published version decides
    const changed = manual({
      id: '01a243f1-0000-7000-8000-0000000000f6',
      name: '草稿改了',
      hasChanges: true,
      draft: { trigger: { type: 'manual', object: 'person', bulk: false }, start: 'n', steps: [] },
    })
    const { api, rec, other } = serve([manual({}), bulk, changed], me, undefined, {
      [changed.id]: { trigger: { type: 'manual', object: 'person', bulk: true }, start: 'n', steps: [] },
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
    // only the changed draft's published version had to be read for its `bulk`
    expect(api.requests.filter((r) => r.path.includes('/versions/')).map((r) => r.path)).toEqual([
      `/api/v1/workflows/${changed.id}/versions/1`,
    ])
  })
})

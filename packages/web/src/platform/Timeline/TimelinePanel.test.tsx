import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type FakeRequest, fakeApi, problem } from '../../test/fakeApi.ts'
import { me, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { TimelinePanel } from './TimelinePanel.tsx'

const rec = personRecord('张伟')
const COLLEAGUE = '01a243f1-51d0-71a2-9a0b-00000000c0de'

const activity = (
  id: string,
  a: Partial<NonNullable<TimelineItem['activity']>> & { type: 'note' | 'task' | 'call' | 'email' },
  actor = me.user.id,
): TimelineItem => ({
  kind: 'activity',
  id,
  at: '2026-12-04T02:30:00Z',
  actor_id: actor,
  activity: {
    subject: null,
    body: null,
    due_at: null,
    done_at: null,
    done_by: null,
    edited_at: null,
    data: {},
    links: [{ object: 'person', id: rec.id }],
    ...a,
  },
})
const TASK = activity('a-task', { type: 'task', subject: '寄合同', due_at: '2026-12-10T02:00:00Z' })
const NOTE = activity('a-note', { type: 'note', body: '客户下周确认预算' })
const THEIRS = activity('a-theirs', { type: 'note', body: '同事的备注' }, COLLEAGUE)
const EMAIL = activity('a-email', { type: 'email', subject: '报价邮件' })

/** The activities API in front of the fake: PATCH applies the patch, DELETE drops it; `refuse` answers first. */
function activitiesApi(
  items: TimelineItem[],
  refuse?: (req: FakeRequest) => ReturnType<typeof problem> | undefined,
) {
  const store = new Map(items.map((x) => [x.id, structuredClone(x)]))
  return fakeApi({
    objects: [personMeta],
    records: { person: [rec] },
    timeline: { [rec.id]: items },
    me: meAs,
    onRequest: (req) => {
      const m = /\/activities\/([^/]+)$/.exec(req.path)
      if (!m) return undefined
      const own = refuse?.(req)
      if (own) return own
      const item = store.get(m[1] ?? '')
      if (!item?.activity) return problem(404, 'activity_not_found', '这条动态不存在或已被删除')
      if (req.method === 'DELETE') {
        store.delete(item.id)
        return { status: 204, body: null }
      }
      const p = req.body as Record<string, unknown>
      const a = item.activity
      if ('done' in p) {
        a.done_at = p.done ? '2026-12-05T04:00:00.000Z' : null
        a.done_by = p.done ? me.user.id : null
      }
      for (const k of ['subject', 'body', 'due_at'] as const) if (k in p) a[k] = p[k] as string | null
      if (Object.keys(p).some((k) => k !== 'done')) a.edited_at = '2026-12-05T04:10:00.000Z'
      return { status: 200, body: item }
    },
  })
}
let meAs = me

function renderPanel(locale: Locale = 'zh-CN') {
  const onChanged = vi.fn()
  renderAt(
    '/x',
    [
      {
        path: '/x',
        element: (
          <TimelinePanel object={personMeta} id={rec.id} timeZone="Asia/Shanghai" onChanged={onChanged} />
        ),
      },
    ],
    locale,
  )
  return { onChanged }
}
const itemOf = async (id: string) =>
  (await screen.findByTestId('timeline')).querySelector<HTMLElement>(
    `[data-activity-id="${id}"]`,
  ) as HTMLElement

afterEach(() => {
  meAs = me
  vi.restoreAllMocks()
})

describe('timeline: tasks done, edit and delete', () => {
  it('ticks a task done: struck through, "done at", the summary told; and open again', async () => {
    const api = activitiesApi([TASK, NOTE])
    const { onChanged } = renderPanel()
    const task = await itemOf('a-task')
    const box = within(task).getByRole('checkbox', { name: '将任务“寄合同”标记为已完成' })
    fireEvent.click(box)
    // shown at once, before the server answers
    expect(within(task).getByText('寄合同').className).toContain('km-task-subject-done')
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1))
    const patch = api.requests.find((r) => r.method === 'PATCH')
    expect(patch?.path).toBe(`/api/v1/records/person/${rec.id}/activities/a-task`)
    expect(patch?.body).toEqual({ done: true })
    const doneAt = within(await itemOf('a-task')).getByTestId('task-done-at')
    expect(doneAt.textContent).toBe('完成于 2026/12/05 12:00 · 林晓')
    expect((await itemOf('a-task')).textContent).toContain('已完成')
    expect((await itemOf('a-task')).textContent).not.toContain('截止')

    fireEvent.click(within(await itemOf('a-task')).getByRole('checkbox'))
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2))
    expect(api.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({ done: false })
    expect(within(await itemOf('a-task')).getByText('寄合同').className).not.toContain('km-task-subject-done')
    expect(within(await itemOf('a-task')).queryByTestId('task-done-at')).toBeNull()
  })

  it("takes a refused tick back and shows the server's message", async () => {
    activitiesApi([TASK], (req) =>
      req.method === 'PATCH' ? problem(404, 'activity_not_found', '这条动态不存在或已被删除') : undefined,
    )
    const { onChanged } = renderPanel()
    const box = within(await itemOf('a-task')).getByRole('checkbox')
    fireEvent.click(box)
    expect(await screen.findByText('这条动态不存在或已被删除')).toBeTruthy()
    await waitFor(() =>
      expect(
        (within(box.closest('[data-activity-id]') as HTMLElement).getByRole('checkbox') as HTMLInputElement)
          .checked,
      ).toBe(false),
    )
    expect(within(await itemOf('a-task')).getByText('寄合同').className).not.toContain('km-task-subject-done')
    expect(onChanged).not.toHaveBeenCalled()
  })

  it('offers edit and delete on your own activities only (or to an admin), never on emails', async () => {
    meAs = { ...me, isAdmin: false }
    activitiesApi([TASK, NOTE, THEIRS, EMAIL])
    renderPanel()
    expect(within(await itemOf('a-note')).queryByTestId('activity-more')).toBeTruthy()
    expect(within(await itemOf('a-theirs')).queryByTestId('activity-more')).toBeNull()
    expect(within(await itemOf('a-email')).queryByTestId('activity-more')).toBeNull()
    // a colleague's task cannot be ticked off by someone else
    const theirTask = activity('a-their-task', { type: 'task', subject: '同事的任务' }, COLLEAGUE)
    cleanup()
    vi.restoreAllMocks()
    activitiesApi([theirTask])
    renderPanel()
    expect((within(await itemOf('a-their-task')).getByRole('checkbox') as HTMLInputElement).disabled).toBe(
      true,
    )
  })

  it('edits a note in place with the composer, sending only what changed', async () => {
    const api = activitiesApi([NOTE])
    const { onChanged } = renderPanel()
    fireEvent.click(within(await itemOf('a-note')).getByTestId('activity-more'))
    fireEvent.click(await screen.findByText('编辑', { selector: '.ant-dropdown-menu-title-content' }))
    const editor = await screen.findByTestId('composer-edit')
    const box = within(editor).getByTestId('composer-body') as HTMLTextAreaElement
    expect(box.value).toBe('客户下周确认预算')
    // the add composer stays where it is, for a new activity
    expect(screen.getByTestId('composer')).toBeTruthy()
    fireEvent.change(box, { target: { value: '客户**本周**确认预算' } })
    fireEvent.click(within(editor).getByTestId('composer-submit'))
    await waitFor(() => expect(screen.queryByTestId('composer-edit')).toBeNull())
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ body: '客户**本周**确认预算' })
    const note = await itemOf('a-note')
    expect(within(note).getByText('本周').tagName).toBe('STRONG')
    expect(note.textContent).toContain('已编辑')
    expect(onChanged).toHaveBeenCalled()

    // cancel leaves it as it was
    fireEvent.click(within(await itemOf('a-note')).getByTestId('activity-more'))
    fireEvent.click(await screen.findByText('编辑', { selector: '.ant-dropdown-menu-title-content' }))
    fireEvent.click(await screen.findByTestId('composer-cancel'))
    expect((await itemOf('a-note')).textContent).toContain('本周')
  })

  it('shows a refused edit under the editor and keeps it open', async () => {
    activitiesApi([TASK], (req) =>
      req.method === 'PATCH'
        ? problem(400, 'validation_failed', '提交的数据有误', [
            { path: 'subject', code: 'required', message: '必填' },
          ])
        : undefined,
    )
    renderPanel()
    fireEvent.click(within(await itemOf('a-task')).getByTestId('activity-more'))
    fireEvent.click(await screen.findByText('编辑', { selector: '.ant-dropdown-menu-title-content' }))
    const editor = await screen.findByTestId('composer-edit')
    fireEvent.change(within(editor).getByTestId('composer-subject'), { target: { value: '改后的任务' } })
    fireEvent.click(within(editor).getByTestId('composer-submit'))
    const alert = await within(editor).findByRole('alert')
    expect(alert.textContent).toContain('提交的数据有误')
    expect(alert.textContent).toContain('subject: 必填')
    expect(screen.getByTestId('composer-edit')).toBeTruthy()
  })

  it('deletes after a confirmation', async () => {
    const api = activitiesApi([TASK, NOTE])
    const { onChanged } = renderPanel()
    fireEvent.click(within(await itemOf('a-note')).getByTestId('activity-more'))
    fireEvent.click(await screen.findByText('删除', { selector: '.ant-dropdown-menu-title-content' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('删除这条备注？')
    expect(dialog.textContent).toContain('客户下周确认预算')
    expect(dialog.textContent).toContain('删除后它将从所有相关记录的动态中消失。')
    fireEvent.click(screen.getByTestId('activity-delete-ok'))
    await waitFor(() =>
      expect(screen.getByTestId('timeline').querySelector('[data-activity-id="a-note"]')).toBeNull(),
    )
    expect(api.requests.find((r) => r.method === 'DELETE')?.path).toBe(
      `/api/v1/records/person/${rec.id}/activities/a-note`,
    )
    expect(onChanged).toHaveBeenCalled()
    expect(await itemOf('a-task')).toBeTruthy()
  })

  it('keeps an item whose delete is refused, and says why', async () => {
    activitiesApi([NOTE], (req) =>
      req.method === 'DELETE'
        ? problem(403, 'forbidden', '没有权限执行此操作', [
            { path: 'created_by', code: 'not_author', message: '只有作者或管理员可以修改或删除这条动态' },
          ])
        : undefined,
    )
    const { onChanged } = renderPanel()
    fireEvent.click(within(await itemOf('a-note')).getByTestId('activity-more'))
    fireEvent.click(await screen.findByText('删除', { selector: '.ant-dropdown-menu-title-content' }))
    fireEvent.click(await screen.findByTestId('activity-delete-ok'))
    expect(
      await screen.findByText('没有权限执行此操作 · 只有作者或管理员可以修改或删除这条动态'),
    ).toBeTruthy()
    expect(await itemOf('a-note')).toBeTruthy()
    expect(onChanged).not.toHaveBeenCalled()
  })

  it('hides done tasks on request, in English', async () => {
    const done = activity('a-done', {
      type: 'task',
      subject: 'Send the contract',
      done_at: '2026-12-05T04:00:00Z',
      done_by: me.user.id,
    })
    const api = activitiesApi([TASK, done, NOTE])
    renderPanel('en')
    const item = await itemOf('a-done')
    expect(within(item).getByTestId('task-done-at').textContent).toMatch(/^Done /)
    expect(
      (
        within(item).getByRole('checkbox', {
          name: 'Reopen the task “Send the contract”',
        }) as HTMLInputElement
      ).checked,
    ).toBe(true)
    fireEvent.click(screen.getByTestId('timeline-hide-done'))
    await waitFor(() =>
      expect(
        api.requests.some((r) => r.path.endsWith('/timeline') && r.query.get('hideDone') === 'true'),
      ).toBe(true),
    )
    await waitFor(() =>
      expect(screen.getByTestId('timeline').querySelector('[data-activity-id="a-done"]')).toBeNull(),
    )
    expect(await itemOf('a-task')).toBeTruthy()
    // ticking a task off while they are hidden takes it out of the list
    fireEvent.click(within(await itemOf('a-task')).getByRole('checkbox'))
    await waitFor(() =>
      expect(screen.getByTestId('timeline').querySelector('[data-activity-id="a-task"]')).toBeNull(),
    )
  })
})

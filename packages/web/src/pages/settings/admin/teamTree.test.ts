import { describe, expect, it } from 'vitest'
import type { Team } from './api.ts'
import { buildTeamTree, parentPickerTree, subtreeIds, teamPathLabel } from './teamTree.ts'

const team = (id: string, name: string, parent: Team | null): Team => ({
  id,
  name,
  parentId: parent?.id ?? null,
  path: `${parent?.path ?? '/'}${id}/`,
  memberCount: 0,
  createdAt: '2026-12-05T00:00:00Z',
})
const root = team('r', '公司', null)
const sales = team('s', '销售部', root)
const east = team('e', '华东', sales)
const west = team('w', '华西', sales)
const hr = team('h', '人事部', root)
const all = [root, hr, sales, east, west]

describe('team tree', () => {
  it('nests teams under their parents, siblings by name', () => {
    const tree = buildTeamTree(all, 'zh-CN')
    expect(tree.map((n) => n.key)).toEqual(['r'])
    expect(tree[0]?.children.map((n) => n.title)).toEqual(['人事部', '销售部'])
    expect(tree[0]?.children[1]?.children.map((n) => n.key)).toEqual(['e', 'w'])
  })

  it('makes a team whose parent is missing a root', () => {
    const tree = buildTeamTree([east, west], 'en')
    expect(tree.map((n) => n.key).sort()).toEqual(['e', 'w'])
  })

  it('labels a team by its path', () => {
    expect(teamPathLabel(new Map(all.map((t) => [t.id, t])), east)).toBe('公司 / 销售部 / 华东')
  })

  it('disables the team and its subtree as new parents', () => {
    const excluded = subtreeIds(all, sales)
    expect([...excluded].sort()).toEqual(['e', 's', 'w'])
    const picker = parentPickerTree(buildTeamTree(all, 'zh-CN'), excluded)
    expect(picker[0]?.disabled).toBe(false)
    expect(picker[0]?.children.map((n) => [n.key, n.disabled])).toEqual([
      ['h', false],
      ['s', true],
    ])
    expect(picker[0]?.children[1]?.children.every((n) => n.disabled)).toBe(true)
  })
})

import type { Team } from './api.ts'

export interface TeamNode {
  key: string
  value: string
  title: string
  children: TeamNode[]
}

/** `/<root>/…/<own>/` → the ids from the root down to the team itself. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean)
}

/**
 * The flat list (`GET /teams`, ordered by path) as a tree for antd Tree / TreeSelect. A team whose
 * parent is not in the list becomes a root; siblings sort by name (pinyin order in zh-CN).
 */
export function buildTeamTree(teams: readonly Team[], locale: string): TeamNode[] {
  const nodes = new Map<string, TeamNode>()
  for (const t of teams) nodes.set(t.id, { key: t.id, value: t.id, title: t.name, children: [] })
  const roots: TeamNode[] = []
  for (const t of teams) {
    const node = nodes.get(t.id) as TeamNode
    const parent = t.parentId ? nodes.get(t.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const collator = new Intl.Collator(locale)
  const sort = (list: TeamNode[]) => {
    list.sort((a, b) => collator.compare(a.title, b.title))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/** "公司 / 销售部 / 华东" */
export function teamPathLabel(byId: ReadonlyMap<string, Team>, team: Team): string {
  return pathIds(team.path)
    .map((id) => byId.get(id)?.name)
    .filter((n): n is string => Boolean(n))
    .join(' / ')
}

/** The team and every team below it: never a valid new parent (the tree would become a cycle). */
export function subtreeIds(teams: readonly Team[], team: Team): Set<string> {
  return new Set(teams.filter((t) => t.path.startsWith(team.path)).map((t) => t.id))
}

/** Tree nodes for a parent picker: the team's own subtree is shown but disabled. */
export interface PickerNode extends Omit<TeamNode, 'children'> {
  disabled: boolean
  children: PickerNode[]
}
export function parentPickerTree(tree: readonly TeamNode[], excluded: ReadonlySet<string>): PickerNode[] {
  return tree.map((n) => ({
    ...n,
    disabled: excluded.has(n.key),
    children: parentPickerTree(n.children, excluded),
  }))
}

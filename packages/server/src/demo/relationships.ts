/**
 * Demo links for the relationship graph, derived from the dataset by index so they are the same on
 * every seed: in the first companies with three or more people, everyone reports up a small tree
 * (the first person at the top), one person influences the top, and two are colleagues; a few
 * companies are partners or competitors, and some are subsidiaries of another.
 */

export interface DemoLinks {
  people: { from: number; to: number; kind: string }[]
  companies: { from: number; to: number; kind: string }[]
  /** child company index → parent company index */
  parents: { child: number; parent: number }[]
}

const CHART_COMPANIES = 40

export function demoLinks(companyOfPerson: readonly (number | null)[], companyCount: number): DemoLinks {
  const staff = new Map<number, number[]>()
  companyOfPerson.forEach((c, i) => {
    if (c === null) return
    const list = staff.get(c)
    if (list) list.push(i)
    else staff.set(c, [i])
  })
  const people: DemoLinks['people'] = []
  let charts = 0
  for (const [, ps] of [...staff].sort((a, b) => a[0] - b[0])) {
    if (ps.length < 3 || charts >= CHART_COMPANIES) continue
    charts++
    // a small tree: 1 and 2 report to 0, the rest to 1 or 2 alternately
    ps.slice(1).forEach((p, k) => {
      people.push({ from: p, to: k < 2 ? ps[0]! : ps[1 + (k % 2)]!, kind: 'reports_to' })
    })
    if (ps.length >= 4) people.push({ from: ps[3]!, to: ps[0]!, kind: 'influences' })
    people.push({ from: ps[1]!, to: ps[2]!, kind: 'colleague' })
  }
  const companies: DemoLinks['companies'] = []
  const parents: DemoLinks['parents'] = []
  for (let c = 0; c + 3 < Math.min(companyCount, 24); c += 4) {
    companies.push({ from: c, to: c + 1, kind: 'partner' })
    companies.push({ from: c, to: c + 2, kind: 'competitor' })
    parents.push({ child: c + 3, parent: c })
  }
  return { people, companies, parents }
}

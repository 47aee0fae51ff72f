import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import en from './en.json'
import zhCN from './zh-CN.json'

type Tree = { [k: string]: string | Tree }
const PLURAL = /_(zero|one|two|few|many|other)$/

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  )
}
const base = (list: string[]) => new Set(list.map((k) => k.replace(PLURAL, '')))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )
}

describe('UI catalogues', () => {
  const zh = base(keys(zhCN))
  const enKeys = base(keys(en))

  it('have the same keys in zh-CN and en', () => {
    expect([...zh].filter((k) => !enKeys.has(k))).toEqual([])
    expect([...enKeys].filter((k) => !zh.has(k))).toEqual([])
  })

  it('have every key the code asks for', () => {
    const src = join(import.meta.dirname, '..')
    const used = new Set<string>()
    for (const file of sources(src))
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g))
        used.add(m[1]!)
    expect(used.size).toBeGreaterThan(40)
    expect([...used].filter((k) => !zh.has(k))).toEqual([])
  })
})

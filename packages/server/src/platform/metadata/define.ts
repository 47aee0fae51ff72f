import type { FieldOptions, FieldType, Label } from '@kemai/shared/fields'

export interface FieldDeclaration {
  name: string
  type: FieldType
  label: Label
  options?: FieldOptions
}

export interface ObjectDeclaration {
  name: string
  label: Label
  pluralLabel: Label
  titleField: string
  module: string
  icon?: string
  /** check creates and edits for duplicates (platform/records/duplicates.ts); workspaces may turn it off */
  dedup?: boolean
  /** a link object between records (a relationship): not in the navigation; a merge de-duplicates its rows */
  isJunction?: boolean
  fields: FieldDeclaration[]
}

/** How a module declares its standard objects (CONVENTIONS rule 4): data, synced into every workspace. */
export const defineObject = (decl: ObjectDeclaration): ObjectDeclaration => decl

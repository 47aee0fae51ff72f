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
  fields: FieldDeclaration[]
}

/** How a module declares its standard objects (CONVENTIONS rule 4): data, synced into every workspace. */
export const defineObject = (decl: ObjectDeclaration): ObjectDeclaration => decl

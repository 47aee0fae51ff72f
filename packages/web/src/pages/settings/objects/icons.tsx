import {
  AppstoreOutlined,
  BankOutlined,
  BookOutlined,
  CalendarOutlined,
  CarOutlined,
  ContainerOutlined,
  FileTextOutlined,
  FolderOutlined,
  GiftOutlined,
  HomeOutlined,
  ProjectOutlined,
  RocketOutlined,
  ShopOutlined,
  TagOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons'
import type { ComponentType } from 'react'

/** The icons an object may have (`icon` is stored by name; unknown names show the default). */
export const OBJECT_ICONS: Record<string, ComponentType> = {
  appstore: AppstoreOutlined,
  folder: FolderOutlined,
  project: ProjectOutlined,
  file: FileTextOutlined,
  container: ContainerOutlined,
  shop: ShopOutlined,
  bank: BankOutlined,
  team: TeamOutlined,
  car: CarOutlined,
  tool: ToolOutlined,
  book: BookOutlined,
  calendar: CalendarOutlined,
  gift: GiftOutlined,
  home: HomeOutlined,
  rocket: RocketOutlined,
  trophy: TrophyOutlined,
  tag: TagOutlined,
}

export function ObjectIcon({ name }: { name: string | null | undefined }) {
  const Icon = (name && OBJECT_ICONS[name]) || AppstoreOutlined
  return (
    <span className="km-obj-icon" aria-hidden>
      <Icon />
    </span>
  )
}

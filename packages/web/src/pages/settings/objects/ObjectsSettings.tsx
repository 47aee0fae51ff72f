import { useParams } from 'react-router'
import { ObjectDetail } from './ObjectDetail.tsx'
import { ObjectList } from './ObjectList.tsx'
import { useAdminObjects } from './useObjects.ts'
import './objects.css'

/**
 * The `objects` settings section: `/settings/objects` (the objects), `/settings/objects/{object}` (its
 * fields) and `/settings/objects/{object}/layout` (its record page layout).
 */
export function ObjectsSettings() {
  const rest = (useParams()['*'] ?? '').split('/').filter(Boolean)
  const data = useAdminObjects()
  const [name, tab] = rest
  if (!name) return <ObjectList data={data} />
  return <ObjectDetail data={data} name={name} tab={tab === 'layout' ? 'layout' : 'fields'} />
}

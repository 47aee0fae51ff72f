import { defineModule } from '../../platform/modules.ts'
import { company, person } from './objects.ts'

export const contactsModule = defineModule({
  name: 'contacts',
  objects: [company, person],
})

import { defineModule } from '../../platform/modules.ts'
import { registerContactHooks } from './hooks.ts'
import { company, person } from './objects.ts'
import { companyRelation, personRelation, registerRelationshipHooks } from './relationships.ts'

export const contactsModule = defineModule({
  name: 'contacts',
  // relation targets first: the relationship objects point at company and person
  objects: [company, person, personRelation, companyRelation],
  registerHooks: (hooks) => {
    registerContactHooks(hooks)
    registerRelationshipHooks(hooks)
  },
})

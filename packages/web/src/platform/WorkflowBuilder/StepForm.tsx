import type { Step } from '@kemai/shared/automation/definition'
import { AddNoteForm } from './forms/AddNoteForm.tsx'
import { ApprovalForm } from './forms/ApprovalForm.tsx'
import { AssignOwnerForm } from './forms/AssignOwnerForm.tsx'
import { ConditionForm } from './forms/ConditionForm.tsx'
import { CreateRecordForm } from './forms/CreateRecordForm.tsx'
import { CreateTaskForm } from './forms/CreateTaskForm.tsx'
import { FindRecordsForm } from './forms/FindRecordsForm.tsx'
import { HttpForm } from './forms/HttpForm.tsx'
import { NotifyForm } from './forms/NotifyForm.tsx'
import { SendEmailForm } from './forms/SendEmailForm.tsx'
import { StartWorkflowForm } from './forms/StartWorkflowForm.tsx'
import { SwitchForm } from './forms/SwitchForm.tsx'
import { UpdateRecordForm } from './forms/UpdateRecordForm.tsx'
import { WaitForm } from './forms/WaitForm.tsx'

/** The settings form of a step, by its type. */
export function StepForm({ step, onChange }: { step: Step; onChange(s: Step): void }) {
  switch (step.type) {
    case 'condition':
      return <ConditionForm step={step} onChange={onChange} />
    case 'switch':
      return <SwitchForm step={step} onChange={onChange} />
    case 'wait':
      return <WaitForm step={step} onChange={onChange} />
    case 'update_record':
      return <UpdateRecordForm step={step} onChange={onChange} />
    case 'create_record':
      return <CreateRecordForm step={step} onChange={onChange} />
    case 'find_records':
      return <FindRecordsForm step={step} onChange={onChange} />
    case 'assign_owner':
      return <AssignOwnerForm step={step} onChange={onChange} />
    case 'create_task':
      return <CreateTaskForm step={step} onChange={onChange} />
    case 'add_note':
      return <AddNoteForm step={step} onChange={onChange} />
    case 'notify':
      return <NotifyForm step={step} onChange={onChange} />
    case 'http':
      return <HttpForm step={step} onChange={onChange} />
    case 'start_workflow':
      return <StartWorkflowForm step={step} onChange={onChange} />
    case 'approval':
      return <ApprovalForm step={step} onChange={onChange} />
    case 'send_email':
      return <SendEmailForm step={step} onChange={onChange} />
  }
}

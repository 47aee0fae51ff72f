/**
 * The draft of "New workflow": the smallest definition that publishes — when a record of the object is
 * created, add a note to it — for the editor to start from.
 */
export function newWorkflowDefinition(object: string, noteBody: string): Record<string, unknown> {
  return {
    trigger: { type: 'record_created', object },
    start: 'note',
    steps: [{ id: 'note', type: 'add_note', body: noteBody, target: { kind: 'trigger' }, next: null }],
  }
}

/** `base`, or `base 2`, `base 3`… so a new workflow does not take an existing one's name. */
export function freeName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken)
  if (!names.has(base)) return base
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`
}

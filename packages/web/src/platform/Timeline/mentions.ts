/**
 * The users a note mentions: the composer's `@` popup inserts `@Name`; on save, every user whose
 * `@Name` is still in the text is sent in the activity's `mentions` (the server notifies them,
 * docs/notifications.md). A user picked from the popup is known by id, so two users with the same name
 * are told apart; a name typed by hand counts when exactly one active user has it.
 */
export function mentionedIds(
  text: string,
  picked: ReadonlyMap<string, string>,
  users: ReadonlyMap<string, string>,
): string[] {
  const out = new Set<string>()
  const present = (name: string) => name !== '' && text.includes(`@${name}`)
  for (const [name, id] of picked) if (present(name)) out.add(id)
  const byName = new Map<string, string[]>()
  for (const [id, name] of users) byName.set(name, [...(byName.get(name) ?? []), id])
  for (const [name, ids] of byName) {
    if (picked.has(name) || ids.length !== 1 || !present(name)) continue
    out.add(ids[0] as string)
  }
  return [...out].slice(0, 20)
}

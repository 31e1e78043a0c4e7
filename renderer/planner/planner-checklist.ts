import type { ChecklistItem, ChecklistItemKind } from '../../core/planning/tables';

/** The answer kinds the store knows; a record over the type's keys so a new kind cannot be left out here. */
const KINDS: Readonly<Record<ChecklistItemKind, true>> = { 'yes-no': true, text: true, time: true };
export const CHECKLIST_KINDS = Object.keys(KINDS) as readonly ChecklistItemKind[];

/** The store's limit on one template (core/planning/tables.ts says the same to the mutator). */
export const MAX_QUESTIONS = 40;

/** A question as the editor holds it: `id` is null until the template is saved with it. */
export type ChecklistDraft = Readonly<{
  id: string | null;
  question: string;
  required: boolean;
  kind: ChecklistItemKind;
}>;

export type ChecklistError = Readonly<{ kind: 'empty-question'; index: number } | { kind: 'too-many' }>;

/**
 * The editor's questions as the template `work-type:save` stores. A kept question keeps its id, because the
 * answers visits already hold are keyed by it; a new one gets the first free `q-n`, so answers never attach to
 * a question they were not given for.
 */
export function checklistFromDrafts(
  drafts: readonly ChecklistDraft[],
): { ok: true; value: ChecklistItem[] } | { ok: false; error: ChecklistError } {
  if (drafts.length > MAX_QUESTIONS) return { ok: false, error: { kind: 'too-many' } };
  const taken = new Set(drafts.flatMap((d) => (d.id === null ? [] : [d.id])));
  let next = 1;
  const freshId = () => {
    while (taken.has(`q-${next}`)) next += 1;
    const id = `q-${next}`;
    taken.add(id);
    return id;
  };
  const out: ChecklistItem[] = [];
  for (const [index, d] of drafts.entries()) {
    const question = d.question.trim();
    if (question === '') return { ok: false, error: { kind: 'empty-question', index } };
    out.push({ id: d.id ?? freshId(), question, required: d.required, kind: d.kind });
  }
  return { ok: true, value: out };
}

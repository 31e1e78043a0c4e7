import { describe, expect, it } from 'vitest';
import { CHECKLIST_KINDS, MAX_QUESTIONS, checklistFromDrafts, type ChecklistDraft } from './planner-checklist';

const draft = (question: string, id: string | null = null): ChecklistDraft => ({
  id,
  question,
  required: true,
  kind: 'yes-no',
});

describe('the checklist editor’s questions as a template', () => {
  it('a kept question keeps its id (visits’ answers are keyed by it); new ones take free ids that clash with none', () => {
    const result = checklistFromDrafts([
      draft('Есть 220 В для насоса?', 'q-1'),
      draft('  Во сколько механик отпустит машину?  '),
      { ...draft('Комментарий'), required: false, kind: 'text' },
    ]);
    expect(result).toEqual({
      ok: true,
      value: [
        { id: 'q-1', question: 'Есть 220 В для насоса?', required: true, kind: 'yes-no' },
        { id: 'q-2', question: 'Во сколько механик отпустит машину?', required: true, kind: 'yes-no' },
        { id: 'q-3', question: 'Комментарий', required: false, kind: 'text' },
      ],
    });
  });

  it('a blank question names its place and nothing is saved; more than the store takes is refused', () => {
    expect(checklistFromDrafts([draft('Есть 220 В?'), draft('   ')])).toEqual({
      ok: false,
      error: { kind: 'empty-question', index: 1 },
    });
    expect(checklistFromDrafts(Array.from({ length: MAX_QUESTIONS + 1 }, (_, i) => draft(`Вопрос ${i}`)))).toEqual({
      ok: false,
      error: { kind: 'too-many' },
    });
  });

  it('offers every answer kind the store knows', () => {
    expect([...CHECKLIST_KINDS].sort()).toEqual(['text', 'time', 'yes-no']);
  });
});

import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import type { Migration } from './migration.js';

/** The status model a new installation starts with (core/tickets/status-model.ts); afterwards it is data an admin edits. */
export const migration0002: Migration = {
  version: 2,
  name: 'seed-status-model',
  up(db) {
    const insertStatus = db.prepare(
      'INSERT INTO statuses (code, position, kind, name_ru, name_en, color) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const s of SEED_STATUS_MODEL.statuses)
      insertStatus.run(s.code, s.position, s.kind, s.nameRu, s.nameEn, s.color);
    const insertTransition = db.prepare('INSERT INTO status_transitions (from_status, to_status) VALUES (?, ?)');
    for (const t of SEED_STATUS_MODEL.transitions) insertTransition.run(t.from, t.to);
  },
};

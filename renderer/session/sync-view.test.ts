import { describe, expect, it } from 'vitest';
import { SYNC_STATES } from '../../core/contract';
import { ERROR_CODES } from '../../core/result';
import { MUTATION_NAMES } from '../../core/mutations';
import en from '../i18n/en.json';
import ru from '../i18n/ru.json';
import {
  mutationLabelKey,
  progressLabelKey,
  progressPercent,
  showsSignIn,
  signInErrorView,
  syncStateView,
  toneColor,
} from './sync-view';

/** Looks a dotted key up in a translation file, the way i18next does. */
function lookup(resources: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources);
}

describe('syncStateView: every state has words in both languages and a colour that matches its weight', () => {
  it('labels every state the desk can report, in Russian and English', () => {
    for (const state of SYNC_STATES) {
      const { labelKey } = syncStateView(state);
      expect(typeof lookup(ru, labelKey), `${labelKey} in ru.json`).toBe('string');
      expect(typeof lookup(en, labelKey), `${labelKey} in en.json`).toBe('string');
    }
  });

  it('says "Подключено" online and tells an offline user that the changes are kept', () => {
    expect(lookup(ru, syncStateView('online').labelKey)).toBe('Подключено');
    expect(lookup(ru, syncStateView('offline').labelKey)).toBe('Нет связи — изменения сохранены и уйдут позже');
    expect(lookup(ru, syncStateView('standalone').labelKey)).toBe('Локальная база');
  });

  it('is green online, amber offline (nothing is lost), red only on a real error', () => {
    expect(syncStateView('online').tone).toBe('success');
    expect(syncStateView('offline').tone).toBe('warning');
    expect(syncStateView('error').tone).toBe('error');
    expect(syncStateView('connecting').tone).toBe('info');
    expect(syncStateView('standalone').tone).toBe('neutral');
    const colours = new Set(['neutral', 'info', 'success', 'warning', 'error'].map((t) => toneColor(t as never)));
    expect(colours.size).toBe(5);
  });

  it('counts pending changes on every desk that has a server, never on a standalone one', () => {
    expect(syncStateView('standalone').showsPending).toBe(false);
    for (const state of SYNC_STATES.filter((s) => s !== 'standalone')) {
      expect(syncStateView(state).showsPending, state).toBe(true);
    }
  });

  it('adds the desk’s own words only where the label cannot say why (error)', () => {
    expect(SYNC_STATES.filter((s) => syncStateView(s).showsMessage)).toEqual(['error']);
  });
});

describe('progress of a long pull', () => {
  it('is a percentage of rows applied, clamped to the bar', () => {
    expect(progressPercent({ done: 12_345, total: 100_000 })).toBeCloseTo(12.345);
    expect(progressPercent({ done: 0, total: 10 })).toBe(0);
    expect(progressPercent({ done: 120, total: 100 })).toBe(100);
  });

  it('is indeterminate without a total, and absent without a pull', () => {
    expect(progressPercent({ done: 5, total: 0 })).toBeNull();
    expect(progressPercent(null)).toBeNull();
  });

  it('calls the pull of a desk that never synced "the first sync", later ones catching up', () => {
    expect(progressLabelKey(null)).toBe('session.progress.first');
    expect(progressLabelKey(Date.UTC(2026, 0, 1))).toBe('session.progress.catchUp');
    expect(lookup(ru, 'session.progress.first')).toBe('Первая синхронизация: {{done}} из {{total}}');
  });
});

describe('a refused change is named in words', () => {
  it('names every mutation the desk can make, in both languages', () => {
    for (const name of MUTATION_NAMES) {
      const key = mutationLabelKey(name);
      expect(key, name).not.toBeNull();
      expect(typeof lookup(ru, key!), `${key} in ru.json`).toBe('string');
      expect(typeof lookup(en, key!), `${key} in en.json`).toBe('string');
    }
  });

  it('uses the words a dispatcher knows, also for the names older desks queued', () => {
    const ruName = (name: string) => lookup(ru, mutationLabelKey(name)!);
    expect(ruName('ticket:set-status')).toBe('Смена статуса');
    expect(ruName('ticket:set-priority')).toBe('Смена приоритета');
    expect(ruName('ticket.create')).toBe('Создание заявки');
    expect(ruName('ticket.setStatus')).toBe('Смена статуса');
    expect(ruName('comment.add')).toBe('Комментарий');
    expect(ruName('ticket.claim')).toBe('Взять заявку');
    expect(ruName('payment.add')).toBe('Оплата');
  });

  it('does not invent a name for a mutation it does not know, nor read inherited keys', () => {
    expect(mutationLabelKey('visit.move')).toBeNull();
    expect(mutationLabelKey('toString')).toBeNull();
    expect(mutationLabelKey('__proto__')).toBeNull();
  });
});

describe('sign-in failures', () => {
  it('names a wrong password and an unreachable server, each in its own words', () => {
    expect(signInErrorView('unauthorized')).toEqual({
      titleKey: 'session.signIn.errors.wrongPassword',
      showsDetail: false,
    });
    expect(signInErrorView('server-unreachable').titleKey).toBe('session.signIn.errors.unreachable');
    expect(lookup(ru, 'session.signIn.errors.wrongPassword')).toBe('Неверный логин или пароль');
  });

  it('has an answer for every error code, with a title that exists in both languages', () => {
    for (const code of ERROR_CODES) {
      const { titleKey } = signInErrorView(code);
      if (titleKey === null) continue;
      expect(typeof lookup(ru, titleKey), titleKey).toBe('string');
      expect(typeof lookup(en, titleKey), titleKey).toBe('string');
    }
  });
});

describe('showsSignIn: the grid appears only with a session and after the first pull', () => {
  it('shows the sign-in screen to a signed-out desk, and keeps it up while a sign-in runs', () => {
    expect(showsSignIn('signed-out', false)).toBe(true);
    expect(showsSignIn('connecting', true)).toBe(true);
    expect(showsSignIn('online', true)).toBe(true);
  });

  it('never stands between a working desk and its data, online or not', () => {
    for (const state of ['standalone', 'connecting', 'online', 'offline', 'error'] as const) {
      expect(showsSignIn(state, false), state).toBe(false);
    }
  });
});

import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { PultError } from '../../core/result';
import { resources } from '../i18n/index';
import { errorText, reasonText } from './error-message';

/**
 * A refusal reads in the user's language: the server's English message is for logs; the reason it sends
 * with it is worded here, names and numbers filled in.
 */
let ru: TFunction;
let en: TFunction;
beforeAll(async () => {
  const make = async (lng: 'ru' | 'en') => {
    const instance = i18next.createInstance();
    await instance.init({ resources, lng, interpolation: { escapeValue: false } });
    return instance.t;
  };
  ru = await make('ru');
  en = await make('en');
});

describe('reasons in words', () => {
  it('says who has already taken a ticket, in Russian and in English', () => {
    const reason = { key: 'already-taken', params: { name: 'Анна Ковалёва' } };
    expect(reasonText(ru, reason)).toBe('Заявку уже взял(а) Анна Ковалёва');
    expect(reasonText(en, reason)).toBe('Анна Ковалёва has already taken this ticket');
  });

  it('names statuses and changes as the user knows them', () => {
    const names: Record<string, string> = { closed: 'Закрыта', new: 'Новая' };
    const transition = { key: 'transition-not-allowed', params: { from: 'closed', to: 'new' } };
    expect(reasonText(ru, transition, (code) => names[code] ?? code)).toBe(
      'Заявку нельзя перевести из «Закрыта» в «Новая»',
    );
    expect(reasonText(ru, { key: 'role-may-not', params: { mutation: 'payment.add' } })).toMatch(
      /^Вашей роли это не разрешено: \S/,
    );
    expect(reasonText(ru, { key: 'role-may-not', params: { mutation: 'payment.add' } })).not.toContain('payment.add');
  });

  it('a reason this build does not know (a newer server) gives way to the code and message', () => {
    expect(reasonText(ru, { key: 'from-the-future', params: {} })).toBeNull();
    expect(reasonText(ru, null)).toBeNull();
  });

  it('a local refusal with a reason reads the same as one from the server', () => {
    const error = PultError.because('conflict', 'Already taken by Иван Петров', 'already-taken', {
      name: 'Иван Петров',
    }).toData();
    expect(errorText(ru, error)).toBe('Заявку уже взял(а) Иван Петров');
    expect(errorText(ru, new PultError('conflict', 'This comment already exists').toData())).toBe(
      'Конфликт изменений: This comment already exists',
    );
  });
});

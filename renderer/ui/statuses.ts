import { createContext, useCallback, useContext, useMemo } from 'react';
import type { OutputOf } from '../../core/contract';
import type { Lang } from '../i18n/languages';
import { useLocale } from './useLocale';

export type StatusInfo = OutputOf<'statuses:model'>['statuses'][number];
export type StatusModelDto = OutputOf<'statuses:model'>;

export type Statuses = Readonly<{
  /** In the model's order (position), which is the order people think of the workflow in. */
  list: readonly StatusInfo[];
  byCode: ReadonlyMap<string, StatusInfo>;
}>;

export const NO_STATUSES: Statuses = { list: [], byCode: new Map() };

export function toStatuses(model: StatusModelDto | undefined): Statuses {
  if (!model) return NO_STATUSES;
  const list = [...model.statuses].sort((a, b) => a.position - b.position);
  return { list, byCode: new Map(list.map((s) => [s.code, s])) };
}

/** Status names are data (an admin can add statuses), so they come from the model, not from the i18n files. */
export function statusName(statuses: Statuses, code: string, lang: Lang): string {
  const info = statuses.byCode.get(code);
  if (!info) return code;
  switch (lang) {
    case 'ru':
      return info.nameRu;
    case 'en':
      return info.nameEn;
  }
}

export const StatusesContext = createContext<Statuses>(NO_STATUSES);

export function useStatuses(): Statuses & Readonly<{ name(code: string): string }> {
  const statuses = useContext(StatusesContext);
  const { lang } = useLocale();
  const name = useCallback((code: string) => statusName(statuses, code, lang), [statuses, lang]);
  return useMemo(() => ({ ...statuses, name }), [statuses, name]);
}

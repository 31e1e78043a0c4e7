import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS } from '../../core/tickets/values';
import { PlainAlert } from '../ui/plain-alert';
import type { SearchNote } from './useTicketPages';

/**
 * One line above the grid when the search did not do what the text asked: it searched nothing (only symbols)
 * or only the start of the text; or when it put the clients whose phone ends in the digits typed first.
 */
export const SearchNotice = memo(function SearchNotice({ note }: Readonly<{ note: SearchNote | null }>) {
  const { t } = useTranslation();
  if (!note) return null;
  const lines: string[] = [];
  if (note.searchIgnored !== null) lines.push(t(`grid.search.ignored.${note.searchIgnored}`));
  if (note.searchTruncated)
    lines.push(t('grid.search.truncated', { chars: SEARCH_MAX_LENGTH, words: SEARCH_MAX_WORDS }));
  const warn = lines.length > 0;
  if (note.searchPhoneEnding !== null) lines.push(t('grid.search.phoneEnding', { digits: note.searchPhoneEnding }));
  if (lines.length === 0) return null;
  return (
    <PlainAlert severity={warn ? 'warning' : 'info'} role="status" testId="search-notice" className="p-alert-compact">
      {lines.join(' ')}
    </PlainAlert>
  );
});

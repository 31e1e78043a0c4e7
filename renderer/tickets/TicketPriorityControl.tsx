import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority } from '../../core/tickets/values';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';

/** The ticket's priority, changeable in place; the grid and every desk follow through `ticket:set-priority`. */
export function TicketPriorityControl({ ticketId, priority }: Readonly<{ ticketId: string; priority: Priority }>) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const change = async (next: Priority) => {
    if (next === priority) return;
    setBusy(true);
    const result = await api.call('ticket:set-priority', { id: ticketId, priority: next });
    setBusy(false);
    if (result.ok)
      toast({ severity: 'success', message: t('drawer.priorityChanged', { priority: t(`priority.${next}`) }) });
    else toast({ severity: 'error', message: errorText(t, result.error) });
  };
  return (
    <Select
      size="small"
      variant="standard"
      value={priority}
      disabled={busy}
      onChange={(e) => void change(e.target.value as Priority)}
      inputProps={{ 'aria-label': t('drawer.priority') }}
      data-testid="priority-select"
      sx={{ fontSize: 14, minWidth: 140 }}
    >
      {PRIORITIES.map((p) => (
        <MenuItem key={p} value={p} data-testid={`priority-option-${p}`}>
          {t(`priority.${p}`)}
        </MenuItem>
      ))}
    </Select>
  );
}

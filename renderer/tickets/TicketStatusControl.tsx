import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../ui/api-context';
import { useActionIds } from '../ui/useActionIds';
import { errorText } from '../ui/error-message';
import { useStatuses } from '../ui/statuses';
import { useToast } from '../ui/toast';

type Props = Readonly<{ ticketId: string; allowedStatuses: readonly string[]; onChanged: () => void }>;

/** Offers only the transitions the status model allows from the current status; the workstation checks again. */
export function TicketStatusControl({ ticketId, allowedStatuses, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const statuses = useStatuses();
  const [target, setTarget] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const actionIds = useActionIds(['logId', 'commentId', 'childId', 'childLogId']);

  if (allowedStatuses.length === 0) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="status-no-transitions">
        {t('drawer.noTransitions')}
      </Typography>
    );
  }

  const apply = async () => {
    if (!target) return;
    setBusy(true);
    const text = comment.trim();
    const ids = actionIds.take();
    const result = await api.call('ticket:set-status', {
      id: ticketId,
      status: target,
      logId: ids.logId,
      comment: text ? { id: ids.commentId, body: text } : null,
      child: { id: ids.childId, logId: ids.childLogId },
    });
    setBusy(false);
    if (result.ok) {
      actionIds.done();
      toast({ severity: 'success', message: t('drawer.statusChanged', { status: statuses.name(target) }) });
      setTarget('');
      setComment('');
      onChanged();
    } else {
      toast({ severity: 'error', message: errorText(t, result.error, statuses.name) });
    }
  };

  return (
    <Box
      component="form"
      aria-label={t('drawer.changeStatus')}
      data-testid="status-control"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
      sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}
    >
      <Box sx={{ display: 'flex', gap: 1 }}>
        <TextField
          select
          size="small"
          label={t('drawer.newStatus')}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          sx={{ flex: 1 }}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'status-select' } as object } }}
        >
          {allowedStatuses.map((code) => (
            <MenuItem key={code} value={code} data-status={code}>
              <Box
                component="span"
                sx={{
                  width: 10,
                  height: 10,
                  borderRadius: '50%',
                  bgcolor: statuses.byCode.get(code)?.color ?? 'grey.500',
                  mr: 1,
                  display: 'inline-block',
                }}
              />
              {statuses.name(code)}
            </MenuItem>
          ))}
        </TextField>
        <Button type="submit" variant="contained" disabled={!target || busy} data-testid="status-apply">
          {t('drawer.apply')}
        </Button>
      </Box>
      {target && (
        <TextField
          size="small"
          label={t('drawer.statusComment')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          multiline
          maxRows={4}
          slotProps={{ htmlInput: { 'data-testid': 'status-comment', maxLength: 20_000 } }}
        />
      )}
    </Box>
  );
}

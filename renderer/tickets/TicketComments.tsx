import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../core/contract';
import { useApi } from '../ui/api-context';
import { useActionIds } from '../ui/useActionIds';
import { errorText } from '../ui/error-message';
import { formatDateTime } from '../ui/format';
import { useToast } from '../ui/toast';
import { useLocale } from '../ui/useLocale';

type Props = Readonly<{ ticketId: string; comments: TicketDetail['comments']; onAdded: () => void }>;

export function TicketComments({ ticketId, comments, onAdded }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [body, setBody] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  // Kept until the comment is saved, so a retried submit cannot create it twice.
  const actionIds = useActionIds(['id']);

  const add = async () => {
    const text = body.trim();
    if (!text) return;
    setBusy(true);
    const result = await api.call('ticket:add-comment', {
      id: actionIds.take().id,
      ticketId,
      body: text,
      public: isPublic,
    });
    setBusy(false);
    if (result.ok) {
      actionIds.done();
      setBody('');
      setPublic(false);
      onAdded();
    } else {
      toast({ severity: 'error', message: errorText(t, result.error) });
    }
  };

  return (
    <Box data-testid="ticket-comments">
      {comments.length === 0 ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {t('drawer.noComments')}
        </Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
          {comments.map((c) => (
            <Box
              component="li"
              key={c.id}
              data-testid="comment"
              sx={{
                p: 1,
                borderRadius: 1,
                bgcolor: c.public ? '#eef6ee' : 'grey.50',
                border: 1,
                borderColor: 'divider',
              }}
            >
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, fontSize: 12, color: 'text.secondary' }}>
                <Box component="span" sx={{ fontWeight: 600, color: 'text.primary' }}>
                  {c.authorName ?? t('drawer.system')}
                </Box>
                <span>{formatDateTime(c.at, locale)}</span>
                {c.public && <Chip size="small" label={t('drawer.public')} sx={{ height: 18, fontSize: 11 }} />}
              </Box>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', mt: 0.5 }}>
                {c.body}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
        sx={{ mt: 1.5, display: 'flex', flexDirection: 'column', gap: 1 }}
      >
        <TextField
          size="small"
          label={t('drawer.newComment')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          multiline
          minRows={2}
          maxRows={8}
          slotProps={{ htmlInput: { 'data-testid': 'comment-input', maxLength: 20_000 } }}
        />
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <FormControlLabel
            control={<Checkbox size="small" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />}
            label={t('drawer.publicComment')}
            slotProps={{ typography: { variant: 'body2' } }}
          />
          <Button
            type="submit"
            variant="outlined"
            size="small"
            disabled={!body.trim() || busy}
            data-testid="comment-add"
          >
            {t('drawer.addComment')}
          </Button>
        </Box>
      </Box>
    </Box>
  );
}

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canEditDirectory, canSuperviseDirectory } from '../../core/clients/roles';
import type { PaneProps } from '../app/pane-props';
import type { NewTicketPrefill } from '../tickets/NewTicketDialog';
import { TicketDrawer } from '../tickets/deferred-parts';
import { DebtBadge } from '../ui/DebtBadge';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import type { DirectoryDialogState } from './DirectoryDialogs';
import { ClientCardView, VehicleCardView } from './DirectoryCards';

// The forms and the new-ticket dialog load when first opened: browsing the directory needs neither.
const DirectoryDialogs = lazy(() => import('./DirectoryDialogs').then((m) => ({ default: m.DirectoryDialogs })));
const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));
const NewTicketDialog = lazy(() => import('../tickets/NewTicketDialog').then((m) => ({ default: m.NewTicketDialog })));

type Selection = Readonly<{ kind: 'client'; id: string }> | Readonly<{ kind: 'vehicle'; id: string }> | null;

/**
 * The directory: a searchable list of clients on the left, the chosen client's card (or one vehicle's card)
 * on the right. Every change goes through a named mutation; the card refreshes from the tables it reads.
 */
export function DirectoryPane({ active }: PaneProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const [text, setText] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [selection, setSelection] = useState<Selection>(null);
  const [dialog, setDialog] = useState<DirectoryDialogState | null>(null);
  const [newTicket, setNewTicket] = useState<NewTicketPrefill | null>(null);
  const [importing, setImporting] = useState(false);
  // A ticket opened from a card: the same drawer as the grid's, over the directory.
  const [drawerId, setDrawerId] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const debounced = useDebouncedValue(text, 200);
  const list = useApiQuery('directory:clients', { text: debounced.trim().slice(0, 200), includeInactive, limit: 200 });
  const info = useApiQuery('app:info', {});
  const roles = info.data?.user.roles ?? [];
  const mayEdit = canEditDirectory(roles);
  const maySupervise = canSuperviseDirectory(roles);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const showClient = (id: string) => setSelection({ kind: 'client', id });

  return (
    <Box sx={{ display: 'flex', height: '100%', minHeight: 0 }} data-testid="directory-pane">
      <Box
        component="section"
        aria-label={t('directory.title')}
        sx={{
          width: 360,
          flexShrink: 0,
          borderRight: 1,
          borderColor: 'divider',
          display: 'flex',
          flexDirection: 'column',
        }}
      >
        <Box sx={{ p: 1.5, display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Typography component="h1" variant="h6">
            {t('directory.title')}
          </Typography>
          <TextField
            size="small"
            inputRef={search}
            placeholder={t('directory.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { 'aria-label': t('directory.search'), 'data-testid': 'directory-search' } }}
          />
          <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={includeInactive}
                  onChange={(e) => setIncludeInactive(e.target.checked)}
                />
              }
              label={t('directory.showInactive')}
            />
            {maySupervise && (
              <Button size="small" onClick={() => setImporting(true)} data-testid="directory-import">
                {t('directory.import.button')}
              </Button>
            )}
            {mayEdit && (
              <Button
                variant="contained"
                size="small"
                onClick={() => setDialog({ kind: 'client-create' })}
                data-testid="directory-new-client"
              >
                {t('directory.newClient')}
              </Button>
            )}
          </Box>
        </Box>
        <List dense sx={{ overflow: 'auto', flex: 1 }} data-testid="directory-list">
          {list.data?.length === 0 && (
            <Typography sx={{ p: 2, color: 'text.secondary' }} data-testid="directory-empty">
              {t('directory.empty')}
            </Typography>
          )}
          {list.data?.map((c) => (
            <ListItemButton
              key={c.id}
              selected={selection?.kind === 'client' && selection.id === c.id}
              onClick={() => showClient(c.id)}
              data-testid="directory-client-row"
              data-client-id={c.id}
            >
              <ListItemText
                primary={
                  <Box component="span" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <Box
                      component="span"
                      sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                      title={c.name}
                    >
                      {c.name}
                    </Box>
                    {c.debt && <DebtBadge debt={c.debt} />}
                    {!c.active && <Chip size="small" label={t('directory.inactive')} />}
                  </Box>
                }
                secondary={[
                  c.taxId,
                  c.phones[0],
                  c.openTickets > 0 ? t('directory.openCount', { count: c.openTickets }) : null,
                ]
                  .filter((s) => s)
                  .join(' · ')}
              />
            </ListItemButton>
          ))}
        </List>
      </Box>
      <Box component="section" sx={{ flex: 1, overflow: 'auto', p: 2, minWidth: 0 }}>
        {selection === null && <Typography sx={{ color: 'text.secondary' }}>{t('directory.pick')}</Typography>}
        {selection?.kind === 'client' && (
          <ClientCardView
            id={selection.id}
            mayEdit={mayEdit}
            maySupervise={maySupervise}
            onDialog={setDialog}
            onClient={showClient}
            onVehicle={(id) => setSelection({ kind: 'vehicle', id })}
            onNewTicket={(clientId) => setNewTicket({ clientId, contactId: null, source: 'phone' })}
            onTicket={setDrawerId}
          />
        )}
        {selection?.kind === 'vehicle' && (
          <VehicleCardView
            id={selection.id}
            mayEdit={mayEdit}
            maySupervise={maySupervise}
            onDialog={setDialog}
            onClient={showClient}
            onTicket={setDrawerId}
          />
        )}
      </Box>
      {drawerId !== null && (
        <Suspense fallback={null}>
          <TicketDrawer ticketId={drawerId} onClose={() => setDrawerId(null)} onOpenTicket={setDrawerId} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        {dialog && (
          <DirectoryDialogs
            state={dialog}
            onClose={() => setDialog(null)}
            onClient={showClient}
            onSaved={(message) => toast({ severity: 'success', message })}
          />
        )}
        {importing && <ImportDialog onClose={() => setImporting(false)} />}
        {newTicket && (
          <NewTicketDialog
            open
            prefill={newTicket}
            onClose={() => setNewTicket(null)}
            onCreated={(_id, number) => {
              setNewTicket(null);
              toast({ severity: 'success', message: `№ ${number}` });
            }}
          />
        )}
      </Suspense>
    </Box>
  );
}

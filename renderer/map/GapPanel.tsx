import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf, TicketFilter } from '../../core/contract';
import { usePaneLinks, useWaiting, type GapFillRequest } from '../app/pane-links';
import { PhoneLink } from '../phone/PhoneLink';
import { TimeField } from '../ui/TimeField';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { gapWindow } from './gap-window';
import { TravelSettings } from './TravelSettings';

type Answer = OutputOf<'map:gap'>;
const H = 3_600_000;

const hhmm = (at: number) => new Date(at).toTimeString().slice(0, 5);

/**
 * The gap filler: an engineer and a free window; the open tickets they can reach, do and leave in time, with
 * "call the client" and "plan the visit" (the planner's own visit:plan, so its conflict rules apply and its
 * refusal is shown as it is).
 */
export function GapPanel({
  engineers,
  filter,
  onOpenTicket,
  onShow,
}: Readonly<{
  engineers: readonly Readonly<{ id: string; name: string }>[];
  /** The map's filters: the gap is filled from the tickets the map shows. */
  filter: TicketFilter;
  onOpenTicket: (id: string) => void;
  onShow: (lat: number, lon: number) => void;
}>) {
  const { t } = useTranslation();
  const api = useApi();
  const [engineerId, setEngineerId] = useState('');
  // The window's day: today, or the day of the cancelled visit the planner sent here.
  const [day, setDay] = useState(() => Date.now());
  const [from, setFrom] = useState(() => hhmm(Date.now()));
  const [to, setTo] = useState(() => hhmm(Date.now() + 3 * H));
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // The question last answered: new travel settings answer it again, so the list shown is never a stale one.
  const [asked, setAsked] = useState<Parameters<typeof api.call<'map:gap'>>[1] | null>(null);

  const settle = (result: Awaited<ReturnType<typeof api.call<'map:gap'>>>) => {
    if (result.ok) setAnswer(result.value);
    else setMessage({ ok: false, text: errorText(t, result.error) });
  };
  const ask = async (query: Readonly<{ engineerId: string; windowStart: number; windowEnd: number }>) => {
    setMessage(null);
    const full = { ...query, filter };
    setAsked(full);
    settle(await api.call('map:gap', full));
  };
  const find = () => ask({ engineerId, ...gapWindow(day, from, to) });

  // "Visit cancelled → fill the gap" from the planner: that engineer and that visit's window, answered at once.
  const links = usePaneLinks();
  const request = useWaiting(links.gapFill);
  const [seen, setSeen] = useState<GapFillRequest | null>(null);
  if (request && request !== seen) {
    setSeen(request);
    setEngineerId(request.engineerId);
    setDay(request.windowStart);
    setFrom(hhmm(request.windowStart));
    setTo(hhmm(request.windowEnd));
    setAnswer(null);
    setMessage(null);
    setAsked({ ...request, filter });
  }
  useEffect(() => {
    if (!request) return;
    links.gapFill.take(request);
    void api.call('map:gap', { ...request, filter }).then(settle);
    // Once per request: the answer is for the filter as it stood when the request came.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request, links]);
  const askAgain = () => {
    if (asked) void api.call('map:gap', asked).then(settle);
  };

  const plan = async (fit: Answer['fits'][number]) => {
    const result = await api.call('visit:plan', {
      id: newId(),
      ticketId: fit.ticketId,
      engineerId,
      startAt: Math.round(fit.arriveAt),
      endAt: Math.round(fit.doneAt),
      workTypeId: fit.workTypeId,
      place: `${fit.plate} · ${fit.clientName}`,
      placeLatE6: Math.round(fit.lat * 1e6),
      placeLonE6: Math.round(fit.lon * 1e6),
      logId: newId(),
    });
    setMessage(
      result.ok
        ? { ok: true, text: t('map.gap.planned', { time: hhmm(fit.arriveAt) }) }
        : { ok: false, text: errorText(t, result.error) },
    );
  };

  return (
    <Paper
      square
      elevation={0}
      sx={{ width: 340, borderLeft: 1, borderColor: 'divider', p: 1, overflow: 'auto' }}
      data-testid="gap-panel"
      data-reachable={answer?.reachable ?? ''}
    >
      <Typography variant="subtitle1">{t('map.gap.title')}</Typography>
      <TravelSettings onSaved={askAgain} />
      <TextField
        select
        fullWidth
        size="small"
        label={t('map.gap.engineer')}
        value={engineerId}
        onChange={(e) => setEngineerId(e.target.value)}
        sx={{ my: 1 }}
        data-testid="gap-engineer"
      >
        {engineers.map((e) => (
          <MenuItem key={e.id} value={e.id}>
            {e.name}
          </MenuItem>
        ))}
      </TextField>
      {new Date(day).toDateString() !== new Date().toDateString() && (
        <Typography variant="caption" sx={{ display: 'block', mb: 0.5 }} data-testid="gap-day">
          {new Date(day).toLocaleDateString()}
        </Typography>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <TimeField size="small" label={t('map.gap.from')} value={from} onChange={setFrom} testId="gap-from" />
        <TimeField size="small" label={t('map.gap.to')} value={to} onChange={setTo} testId="gap-to" />
      </div>
      <Button
        variant="contained"
        size="small"
        disabled={!engineerId}
        onClick={() => void find()}
        sx={{ my: 1 }}
        data-testid="gap-find"
      >
        {t('map.gap.find')}
      </Button>
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} data-testid="gap-message">
          {message.text}
        </Alert>
      )}
      {answer && answer.from === null && <Typography variant="body2">{t('map.gap.noPosition')}</Typography>}
      {answer && answer.from !== null && answer.fits.length === 0 && (
        <Typography variant="body2">{t('map.gap.none')}</Typography>
      )}
      {answer && answer.fits.length > 0 && (
        <Typography variant="caption" color="text.secondary">
          {t('map.gap.reachable', { shown: answer.fits.length, count: answer.reachable })}
        </Typography>
      )}
      {answer?.fits.map((fit) => (
        <div
          key={fit.ticketId}
          data-testid="gap-fit"
          data-ticket-id={fit.ticketId}
          style={{ borderTop: '1px solid #e0e0e0', padding: '6px 0' }}
        >
          <Typography variant="body2">
            <b>№{fit.number}</b> · {t(`priority.${fit.priority}`)} · {fit.title}
          </Typography>
          <Typography variant="caption" sx={{ display: 'block' }}>
            {fit.plate} · {fit.clientName}
          </Typography>
          <Typography variant="caption" sx={{ display: 'block' }} color="text.secondary">
            {t('map.gap.travel', { minutes: Math.ceil(fit.travelMinutes), duration: fit.durationMinutes })}
          </Typography>
          {fit.clientPhone && <PhoneLink number={fit.clientPhone} />}
          <div>
            <Button size="small" onClick={() => void plan(fit)} data-testid="gap-plan">
              {t('map.gap.plan')}
            </Button>
            <Button size="small" onClick={() => onOpenTicket(fit.ticketId)}>
              {t('map.openTicket')}
            </Button>
            <Button size="small" onClick={() => onShow(fit.lat, fit.lon)} data-testid="gap-show">
              {t('map.gap.show')}
            </Button>
          </div>
        </div>
      ))}
    </Paper>
  );
}

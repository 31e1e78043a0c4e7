import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayPlan } from '../../core/planning/contract';
import { usePaneLinks } from '../app/pane-links';
import { saveFile } from '../debts/save-file';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { PlannerHoursDialog } from './PlannerHoursDialog';
import { PlannerTimeOffDialog } from './PlannerTimeOffDialog';
import { formatHours, twoZoneTime } from './planner-time';

export type DayRef = Readonly<{ engineerId: string; day: string }>;

/**
 * One engineer's day beside the calendar: the visits in route order with the straight-line drive between
 * them (flagged when the gap is shorter), the day's load against the working hours, and the printable day
 * sheet. A visit opens its ticket.
 */
export function PlannerDayPanel({
  target,
  companyZone,
  onClose,
  onOpenTicket,
}: Readonly<{ target: DayRef; companyZone: string; onClose(): void; onOpenTicket(ticketId: string): void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const plan = useApiQuery('planner:day', target);
  const links = usePaneLinks();
  const [printing, setPrinting] = useState(false);
  const [editing, setEditing] = useState<'hours' | 'time-off' | null>(null);

  const print = async () => {
    setPrinting(true);
    const result = await api.call('planner:day-sheet', target);
    setPrinting(false);
    if (result.ok) saveFile(result.value);
    else toast({ severity: 'error', message: errorText(t, result.error) });
  };

  return (
    <Box data-testid="planner-day" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, flex: 1 }}>
          {plan.data ? `${plan.data.engineerName} · ${target.day}` : target.day}
        </Typography>
        <IconButton size="small" aria-label={t('planner.closeDay')} onClick={onClose}>
          ×
        </IconButton>
      </Box>
      {plan.error && <Typography color="error">{errorText(t, plan.error)}</Typography>}
      {plan.data && <DayLoadLine plan={plan.data} />}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          size="small"
          variant="outlined"
          disabled={printing}
          onClick={() => void print()}
          data-testid="planner-day-sheet"
          sx={{ my: 1, alignSelf: 'flex-start' }}
        >
          {t('planner.daySheet')}
        </Button>
        <Button
          size="small"
          onClick={() => setEditing('hours')}
          data-testid="planner-edit-hours"
          sx={{ my: 1, alignSelf: 'flex-start' }}
        >
          {t('planner.hours')}
        </Button>
        <Button
          size="small"
          onClick={() => setEditing('time-off')}
          data-testid="planner-edit-time-off"
          sx={{ my: 1, alignSelf: 'flex-start' }}
        >
          {t('planner.timeOffButton')}
        </Button>
      </Box>
      {editing === 'hours' && (
        <PlannerHoursDialog
          engineerId={target.engineerId}
          engineerName={plan.data?.engineerName ?? ''}
          onClose={() => setEditing(null)}
        />
      )}
      {editing === 'time-off' && (
        <PlannerTimeOffDialog
          engineerId={target.engineerId}
          engineerName={plan.data?.engineerName ?? ''}
          zone={plan.data?.timeZone ?? companyZone}
          day={target.day}
          onClose={() => setEditing(null)}
        />
      )}
      <Box component="ol" sx={{ flex: 1, overflow: 'auto', m: 0, pl: 3 }}>
        {plan.data?.stops.length === 0 && (
          <Typography sx={{ color: 'text.secondary' }}>{t('planner.dayEmpty')}</Typography>
        )}
        {plan.data?.stops.map((s) => (
          <Box component="li" key={s.visitId} sx={{ mb: 1 }} data-testid="planner-stop">
            {s.leg && (
              <Typography
                variant="caption"
                sx={{ display: 'block', color: s.leg.gapMinutes < s.leg.minutes ? 'error.main' : 'text.secondary' }}
              >
                {t('planner.leg', { km: s.leg.km, minutes: s.leg.minutes, gap: s.leg.gapMinutes })}
              </Typography>
            )}
            <Typography variant="body2">{twoZoneTime(s.startAt, s.endAt, plan.data!.timeZone, companyZone)}</Typography>
            <Typography
              variant="body2"
              component="button"
              onClick={() => onOpenTicket(s.ticketId)}
              sx={{ all: 'unset', cursor: 'pointer', fontWeight: 600, color: 'primary.main' }}
            >
              №{s.ticketNumber} · {s.clientName}
            </Typography>
            <Typography variant="caption" sx={{ display: 'block', color: 'text.secondary' }}>
              {[s.workTypeName, s.place].filter(Boolean).join(' · ')}
            </Typography>
            {links.sees('map') && (
              <Button
                size="small"
                sx={{ p: 0, minWidth: 0 }}
                onClick={() =>
                  links.fillGap({ engineerId: target.engineerId, windowStart: s.startAt, windowEnd: s.endAt })
                }
                data-testid="planner-fill-gap"
              >
                {t('planner.fillGap')}
              </Button>
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function DayLoadLine({ plan }: Readonly<{ plan: DayPlan }>) {
  const { t } = useTranslation();
  const busy = plan.load.visitMinutes + plan.load.travelMinutes;
  return (
    <Typography
      variant="body2"
      data-testid="planner-day-load"
      sx={{ color: busy > plan.load.workingMinutes ? 'error.main' : 'text.primary' }}
    >
      {t('planner.load', {
        count: plan.stops.length,
        work: formatHours(plan.load.visitMinutes),
        travel: formatHours(plan.load.travelMinutes),
        hours: formatHours(plan.load.workingMinutes),
      })}
    </Typography>
  );
}

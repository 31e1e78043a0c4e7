import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../core/map/position';
import { positionAge } from '../../core/map/position';
import { PhoneLink } from '../phone/PhoneLink';
import { useApiQuery } from '../ui/useApiQuery';
import type { OutputOf } from '../../core/contract';

export type MapVehicleView = OutputOf<'map:objects'>['vehicles'][number];

/** A vehicle's card: client, its open tickets, how old its position is, and the nearest engineers. */
export function VehicleCard({
  vehicle,
  position,
  onOpenTicket,
  onClose,
}: Readonly<{
  vehicle: MapVehicleView;
  position: Position | undefined;
  onOpenTicket: (id: string) => void;
  onClose: () => void;
}>) {
  const { t } = useTranslation();
  const nearest = useApiQuery('map:nearest', { vehicleId: vehicle.id, limit: 3 });
  // The age ticks on while the card is open (a position that stops coming grows old in front of the user).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const age = position ? positionAge(position, Math.max(now, position.at)) : null;
  return (
    <Paper
      sx={{
        position: 'absolute',
        right: 8,
        top: 8,
        zIndex: 600,
        width: 320,
        p: 1.5,
        maxHeight: '90%',
        overflow: 'auto',
      }}
      data-testid="map-vehicle-card"
    >
      <IconButton size="small" onClick={onClose} aria-label={t('map.close')} sx={{ float: 'right' }}>
        ×
      </IconButton>
      <Typography variant="subtitle1">{vehicle.plate}</Typography>
      <Typography variant="body2">
        {vehicle.clientName}
        {vehicle.debtor && ` · ${t('map.debtor')}`}
      </Typography>
      {vehicle.clientPhone && (
        <Typography variant="body2">
          {t('map.callClient')}: <PhoneLink number={vehicle.clientPhone} />
        </Typography>
      )}
      {position && age && (
        <Typography
          variant="caption"
          color={age.stale ? 'warning.main' : 'text.secondary'}
          data-testid="map-position-age"
        >
          {age.ageMinutes > 0 ? t('map.age', { minutes: age.ageMinutes }) : t('map.fresh')} ·{' '}
          {t('map.speed', { speed: Math.round(position.speedKmh) })}
        </Typography>
      )}
      {vehicle.tickets.map((ticket) => (
        <div key={ticket.id} style={{ marginTop: 8 }}>
          <Typography variant="body2">
            №{ticket.number} · {t(`priority.${ticket.priority}`)} · {ticket.title}
          </Typography>
          <Button size="small" onClick={() => onOpenTicket(ticket.id)} data-testid="map-open-ticket">
            {t('map.openTicket')}
          </Button>
        </div>
      ))}
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {t('map.nearest')}
      </Typography>
      {nearest.data?.length === 0 && <Typography variant="body2">{t('map.nearestNone')}</Typography>}
      {nearest.data?.map((n) => (
        <Typography key={n.engineerId} variant="body2" data-testid="map-nearest">
          {n.name} — {t('map.minutes', { minutes: Math.ceil(n.travelMinutes) })}
        </Typography>
      ))}
    </Paper>
  );
}

import 'leaflet/dist/leaflet.css';
import './map.css';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position, ProviderStatus } from '../../core/map/position';
import type { PaneProps } from '../app/pane-props';
import { usePaneLinks, useWaiting, type MapFocusRequest } from '../app/pane-links';
import { PaneControls } from '../ui/TopBar';
import { TicketDrawer } from '../tickets/TicketDrawer';
import { TicketFilters } from '../tickets/TicketFilters';
import { EMPTY_FILTERS, hasActiveFilters, toTicketFilter, type FilterState } from '../tickets/grid-query';
import { useApi } from '../ui/api-context';
import { useApiQuery } from '../ui/useApiQuery';
import {
  COLOUR_MODES,
  DEBTOR_COLOUR,
  ENGINEER_COLOUR,
  NO_DEBT_COLOUR,
  PRIORITY_COLOURS,
  statusColours,
  vehicleColour,
  type ColourMode,
} from './colours';
import { GapPanel } from './GapPanel';
import { MarkerLayer, type MapPoint } from './marker-layer';
import { regionOutline } from './outline';
import { VehicleCard } from './VehicleCard';

/** Minsk, and a zoom that shows Belarus. */
const START: L.LatLngExpression = [53.7, 27.9];
const START_ZOOM = 6;
/** Past the clustering's last zoom: the vehicle asked for is a marker of its own, with its street around it. */
const FOCUS_ZOOM = 14;
const NO_STAFF: readonly never[] = [];

/**
 * The map: vehicles with open tickets where their trackers say they are now, engineers' cars, clustering when
 * zoomed out, the grid's filters, a card per vehicle (its tickets, "open ticket", "call the client", the
 * nearest engineers) and the gap filler. Positions come as `positions` events (never synced rows).
 */
export function MapPane({ active }: PaneProps) {
  const { t } = useTranslation();
  const api = useApi();
  // The grid's own filter bar and filter type: a filter means on the map what it means in the grid (the desk
  // answers both with the grid's SQL), and it narrows the gap filler's answer too.
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [mode, setMode] = useState<ColourMode>('priority');
  const filter = useMemo(() => toTicketFilter(filters, ''), [filters]);
  const staff = useApiQuery('employees:list', {});
  const objects = useApiQuery('map:objects', { filter });
  const settings = useApiQuery('map:settings', {});
  const [positions, setPositions] = useState<ReadonlyMap<string, Position>>(new Map());
  const [status, setStatus] = useState<ProviderStatus>({ state: 'starting' });
  const [provider, setProvider] = useState('');
  const [picked, setPicked] = useState<MapPoint | null>(null);
  const [ticketId, setTicketId] = useState<string | null>(null);
  const [outlineDrawn, setOutlineDrawn] = useState(false);
  const [snapshotIn, setSnapshotIn] = useState(false);
  const [focusNotice, setFocusNotice] = useState<string | null>(null);
  const links = usePaneLinks();
  const focus = useWaiting(links.mapFocus);
  // How many position updates the window has taken: the page says so, which is what tests watch for.
  const [updates, setUpdates] = useState(0);
  const [zoom, setZoom] = useState(START_ZOOM);
  const box = useRef<HTMLDivElement | null>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<MarkerLayer | null>(null);

  // The snapshot first, then every change as it streams in; an older fix never replaces a newer one.
  useEffect(() => {
    const merge = (incoming: readonly Position[]) => {
      setUpdates((n) => n + incoming.length);
      setPositions((old) => {
        const next = new Map(old);
        for (const p of incoming) if ((old.get(p.objectId)?.at ?? -1) <= p.at) next.set(p.objectId, p);
        return next;
      });
    };
    const off = api.subscribe((event) => {
      if (event.type !== 'positions') return;
      setStatus(event.status);
      if (event.positions.length > 0) merge(event.positions);
    });
    void api.call('map:positions', {}).then((result) => {
      if (!result.ok) return;
      setProvider(result.value.provider);
      setStatus(result.value.status);
      merge(result.value.positions);
      setSnapshotIn(true);
    });
    return off;
  }, [api]);

  // The map itself: created once, with the outline under the tiles.
  useEffect(() => {
    if (!box.current || map.current) return;
    const m = L.map(box.current, { preferCanvas: false, zoomControl: true, maxZoom: 18, minZoom: 4 }).setView(
      START,
      START_ZOOM,
    );
    map.current = m;
    m.on('zoomend', () => setZoom(m.getZoom()));
    layer.current = new MarkerLayer(m, setPicked);
    let cancelled = false;
    void regionOutline().then((outline) => {
      if (cancelled) return;
      L.geoJSON(outline, {
        style: { color: '#5d6d7e', weight: 1, fillColor: '#eef2e6', fillOpacity: 1, className: 'pult-map-outline' },
        interactive: false,
      }).addTo(m);
      setOutlineDrawn(true);
    });
    return () => {
      cancelled = true;
      layer.current?.destroy();
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const url = settings.data?.tileUrl;
    if (!m || !url) return;
    const tiles = L.tileLayer(url, { attribution: settings.data?.attribution ?? '', maxZoom: 18 }).addTo(m);
    return () => void tiles.remove();
  }, [settings.data]);

  useEffect(() => {
    if (active) map.current?.invalidateSize();
  }, [active]);

  const statuses = useMemo(
    () => statusColours((objects.data?.vehicles ?? []).flatMap((v) => v.tickets.map((x) => x.status))),
    [objects.data],
  );
  const vehicles = useMemo(() => new Map((objects.data?.vehicles ?? []).map((v) => [v.id, v])), [objects.data]);
  const engineers = useMemo(() => new Map((objects.data?.engineers ?? []).map((e) => [e.id, e])), [objects.data]);

  const placed = useMemo(() => {
    const points: MapPoint[] = [];
    let missing = 0;
    for (const v of vehicles.values()) {
      const p = positions.get(v.id) ?? (v.unitId ? positions.get(v.unitId) : undefined);
      if (!p) {
        missing += 1;
        continue;
      }
      points.push({
        id: v.id,
        kind: 'vehicle',
        lat: p.lat,
        lon: p.lon,
        colour: vehicleColour(v, mode, statuses),
        label: `${v.plate} · ${v.clientName}`,
      });
    }
    for (const e of engineers.values()) {
      const p = positions.get(e.id);
      if (p)
        points.push({ id: e.id, kind: 'engineer', lat: p.lat, lon: p.lon, colour: ENGINEER_COLOUR, label: e.name });
    }
    return { points, missing };
  }, [vehicles, engineers, positions, mode, statuses]);

  const firstDraw = useRef(true);
  useEffect(() => {
    layer.current?.set(placed.points, firstDraw.current && placed.points.length > 0);
    if (placed.points.length > 0) firstDraw.current = false;
  }, [placed]);

  const legend: readonly (readonly [string, string])[] =
    mode === 'priority'
      ? (Object.entries(PRIORITY_COLOURS) as [keyof typeof PRIORITY_COLOURS, string][]).map(
          ([p, c]) => [t(`priority.${p}`), c] as const,
        )
      : mode === 'debt'
        ? [
            [t('map.debtor'), DEBTOR_COLOUR],
            [t('map.noDebt'), NO_DEBT_COLOUR],
          ]
        : [...statuses.entries()].map(([code, c]) => [code, c] as const);

  // "On the map" from a ticket: centre on its vehicle and open its card. A filter that hides the vehicle is
  // cleared first (the user asked for this one vehicle); a vehicle with no position says so instead of moving.
  // Decided while rendering (as React advises for state that follows other state); the map moves in an effect.
  const [handled, setHandled] = useState<MapFocusRequest | null>(null);
  const [centre, setCentre] = useState<Readonly<{ lat: number; lon: number; request: MapFocusRequest }> | null>(null);
  if (focus && focus !== handled && active && objects.data && snapshotIn) {
    const vehicle = vehicles.get(focus.vehicleId);
    if (!vehicle && hasActiveFilters(filters)) {
      setFilters(EMPTY_FILTERS);
    } else {
      setHandled(focus);
      const p = positions.get(focus.vehicleId) ?? (vehicle?.unitId ? positions.get(vehicle.unitId) : undefined);
      setFocusNotice(p ? null : t('map.focusNoPosition', { plate: vehicle?.plate ?? '' }));
      setCentre(p ? { lat: p.lat, lon: p.lon, request: focus } : null);
      if (p && vehicle)
        setPicked({
          id: vehicle.id,
          kind: 'vehicle',
          lat: p.lat,
          lon: p.lon,
          colour: vehicleColour(vehicle, mode, statuses),
          label: `${vehicle.plate} · ${vehicle.clientName}`,
        });
    }
  }
  useEffect(() => {
    if (handled) links.mapFocus.take(handled);
  }, [handled, links]);
  useEffect(() => {
    if (!centre || !map.current) return;
    map.current.invalidateSize();
    map.current.setView([centre.lat, centre.lon], FOCUS_ZOOM);
  }, [centre]);

  // A ticket opened here is the grid's selection when the user goes back to the grid.
  const openTicket = (id: string) => {
    setTicketId(id);
    links.selectInGrid({ ticketId: id });
  };

  const pickedVehicle = picked?.kind === 'vehicle' ? vehicles.get(picked.id) : undefined;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid="pane-map">
      <PaneControls active={active}>
        <Typography component="h2" variant="h6" sx={{ fontSize: 18, fontWeight: 600, lineHeight: '52px' }}>
          {t('nav.map')}
        </Typography>
      </PaneControls>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }} data-testid="map-pane">
        <Box sx={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <TicketFilters value={filters} onChange={setFilters} employees={staff.data ?? NO_STAFF} />
          <Box sx={{ display: 'flex', gap: 1, px: 2, pb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              select
              size="small"
              label={t('map.colourBy')}
              value={mode}
              onChange={(e) => setMode(e.target.value as ColourMode)}
              sx={{ minWidth: 150 }}
            >
              {COLOUR_MODES.map((m) => (
                <MenuItem key={m} value={m}>
                  {t(`map.colour.${m}`)}
                </MenuItem>
              ))}
            </TextField>
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="map-count"
              data-vehicles={objects.data?.vehicles.length ?? ''}
              data-tickets={objects.data ? objects.data.vehicles.reduce((n, v) => n + v.tickets.length, 0) : ''}
            >
              {t('map.vehicles', {
                shown: placed.points.filter((p) => p.kind === 'vehicle').length,
                missing: placed.missing,
              })}
            </Typography>
          </Box>
          {focusNotice && (
            <Alert severity="info" data-testid="map-focus-notice" sx={{ mx: 1 }} onClose={() => setFocusNotice(null)}>
              {focusNotice}
            </Alert>
          )}
          {status.state === 'failing' && (
            <Alert severity="warning" data-testid="map-failing" sx={{ mx: 1 }}>
              {t('map.failing', {
                provider,
                since: new Date(status.since).toLocaleTimeString(),
                reason: status.reason,
              })}
            </Alert>
          )}
          <Box sx={{ position: 'relative', flex: 1, minHeight: 0 }}>
            <Box
              ref={box}
              sx={{ position: 'absolute', inset: 0, background: '#cfe3f2' }}
              data-testid="map-canvas"
              data-outline={outlineDrawn ? 'drawn' : 'pending'}
              data-updates={updates}
              data-zoom={zoom}
            />
            <Box
              sx={{
                position: 'absolute',
                left: 8,
                bottom: 24,
                zIndex: 500,
                bgcolor: 'background.paper',
                p: 1,
                borderRadius: 1,
                boxShadow: 1,
              }}
              data-testid="map-legend"
            >
              {legend.map(([label, colour]) => (
                <Box key={label} sx={{ display: 'flex', alignItems: 'center', gap: 1, fontSize: 12 }}>
                  <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: colour }} />
                  {label}
                </Box>
              ))}
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, fontSize: 12 }}>
                <Box
                  sx={{
                    width: 10,
                    height: 10,
                    borderRadius: '50%',
                    bgcolor: ENGINEER_COLOUR,
                    border: '2px solid #004d40',
                  }}
                />
                {t('map.engineerCar')}
              </Box>
            </Box>
            {pickedVehicle && (
              <VehicleCard
                vehicle={pickedVehicle}
                position={
                  positions.get(pickedVehicle.id) ??
                  (pickedVehicle.unitId ? positions.get(pickedVehicle.unitId) : undefined)
                }
                onOpenTicket={openTicket}
                onClose={() => setPicked(null)}
              />
            )}
          </Box>
        </Box>
        <GapPanel
          engineers={[...engineers.values()]}
          filter={filter}
          onOpenTicket={openTicket}
          onShow={(lat, lon) => map.current?.setView([lat, lon], 11)}
        />
        {ticketId && <TicketDrawer ticketId={ticketId} onClose={() => setTicketId(null)} onOpenTicket={openTicket} />}
      </Box>
    </Box>
  );
}

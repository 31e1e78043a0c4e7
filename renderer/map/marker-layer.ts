import L from 'leaflet';
import Supercluster from 'supercluster';

export type MapPoint = Readonly<{
  id: string;
  kind: 'vehicle' | 'engineer';
  lat: number;
  lon: number;
  colour: string;
  label: string;
}>;

type Props = { id: string; kind: MapPoint['kind']; colour: string; label: string };

/** Zoomed in past this, every object is its own marker. */
const CLUSTER_MAX_ZOOM = 11;

/**
 * Vehicles and engineers' cars as circle markers, clustered by supercluster when zoomed out: only what is in
 * view is drawn, so 10,000 objects cost a few hundred SVG paths. The index is rebuilt at most every
 * `rebuildMs` however many positions arrive, and the view is redrawn from it on every move.
 */
export class MarkerLayer {
  private readonly group = L.layerGroup();
  private index = new Supercluster<Props, Record<string, never>>({ radius: 48, maxZoom: CLUSTER_MAX_ZOOM });
  private points: readonly MapPoint[] = [];
  private dirty = false;
  private readonly timer: number;

  constructor(
    private readonly map: L.Map,
    private readonly onPick: (point: MapPoint) => void,
    rebuildMs = 1000,
  ) {
    this.group.addTo(map);
    map.on('moveend zoomend', this.draw);
    this.timer = window.setInterval(() => {
      if (this.dirty) this.rebuild();
    }, rebuildMs);
  }

  set(points: readonly MapPoint[], now = false): void {
    this.points = points;
    this.dirty = true;
    if (now) this.rebuild();
  }

  private rebuild(): void {
    this.dirty = false;
    const index = new Supercluster<Props, Record<string, never>>({ radius: 48, maxZoom: CLUSTER_MAX_ZOOM });
    index.load(
      this.points.map((p) => ({
        type: 'Feature' as const,
        properties: { id: p.id, kind: p.kind, colour: p.colour, label: p.label },
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      })),
    );
    this.index = index;
    this.draw();
  }

  private readonly draw = () => {
    const b = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    const features = this.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    this.group.clearLayers();
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const props = f.properties as Partial<Props> & { cluster?: boolean; cluster_id?: number; point_count?: number };
      if (props.cluster && props.cluster_id !== undefined) {
        const count = props.point_count ?? 0;
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({
            className: 'pult-map-cluster',
            // Styled by map.css: the CSP refuses style attributes in markup.
            html: `<div data-testid="map-cluster" class="pult-map-cluster-count">${count}</div>`,
            iconSize: [36, 36],
          }),
        });
        const clusterId = props.cluster_id;
        marker.on('click', () =>
          this.map.setView([lat, lon], Math.min(this.index.getClusterExpansionZoom(clusterId), 18)),
        );
        this.group.addLayer(marker);
        continue;
      }
      const point = props as Props;
      const marker = L.circleMarker([lat, lon], {
        radius: point.kind === 'engineer' ? 8 : 7,
        color: point.kind === 'engineer' ? '#004d40' : '#ffffff',
        weight: 2,
        fillColor: point.colour,
        fillOpacity: 0.9,
        className: point.kind === 'engineer' ? 'pult-map-engineer' : 'pult-map-vehicle',
      });
      marker.bindTooltip(point.label);
      marker.on('click', () =>
        this.onPick({ id: point.id, kind: point.kind, lat, lon, colour: point.colour, label: point.label }),
      );
      marker.on('add', () => {
        const el = marker.getElement();
        el?.setAttribute('data-object-id', point.id);
        el?.setAttribute('data-kind', point.kind);
      });
      this.group.addLayer(marker);
    }
  };

  destroy(): void {
    window.clearInterval(this.timer);
    this.map.off('moveend zoomend', this.draw);
    this.group.remove();
  }
}

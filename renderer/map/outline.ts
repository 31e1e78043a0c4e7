import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The map's own offline outline: Belarus and its neighbours from Natural Earth 1:110m (world-atlas, bundled
 * in the map's lazy chunk). Drawn under the tiles, so a desk with no reachable tile server still sees where
 * the borders are instead of a grey field.
 */
const COUNTRY_IDS = new Set(['112', '643', '804', '616', '440', '428', '233', '498']);

export async function regionOutline(): Promise<FeatureCollection<Geometry>> {
  const atlas = (await import('world-atlas/countries-110m.json')).default as unknown as Topology<{
    countries: GeometryCollection;
  }>;
  const all = feature(atlas, atlas.objects.countries) as FeatureCollection<Geometry>;
  const features = all.features.filter((f: Feature) => COUNTRY_IDS.has(String(f.id)));
  return { type: 'FeatureCollection', features };
}

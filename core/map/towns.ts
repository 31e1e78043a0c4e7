import type { Point } from './travel-time.js';

/** Towns of Belarus and its Russian neighbours where the simulator's vehicles drive and park. */
export type Town = Readonly<{ name: string; lat: number; lon: number }>;

export const TOWNS: readonly Town[] = [
  { name: 'Минск', lat: 53.9023, lon: 27.5618 },
  { name: 'Борисов', lat: 54.2279, lon: 28.505 },
  { name: 'Молодечно', lat: 54.3167, lon: 26.85 },
  { name: 'Солигорск', lat: 52.7876, lon: 27.5415 },
  { name: 'Слуцк', lat: 53.0274, lon: 27.5597 },
  { name: 'Бобруйск', lat: 53.1384, lon: 29.2214 },
  { name: 'Могилёв', lat: 53.9168, lon: 30.3449 },
  { name: 'Орша', lat: 54.5153, lon: 30.4053 },
  { name: 'Витебск', lat: 55.1904, lon: 30.2049 },
  { name: 'Полоцк', lat: 55.4879, lon: 28.7856 },
  { name: 'Гродно', lat: 53.6694, lon: 23.8131 },
  { name: 'Лида', lat: 53.8885, lon: 25.2846 },
  { name: 'Барановичи', lat: 53.1327, lon: 26.0139 },
  { name: 'Пинск', lat: 52.1124, lon: 26.1012 },
  { name: 'Брест', lat: 52.0976, lon: 23.7341 },
  { name: 'Гомель', lat: 52.4345, lon: 30.9754 },
  { name: 'Мозырь', lat: 52.0495, lon: 29.2456 },
  { name: 'Жлобин', lat: 52.8926, lon: 30.024 },
  { name: 'Смоленск', lat: 54.7826, lon: 32.0453 },
  { name: 'Брянск', lat: 53.2434, lon: 34.3641 },
  { name: 'Великие Луки', lat: 56.34, lon: 30.5453 },
];

/** The box the simulator and the offline outline cover: Belarus with a margin into its neighbours. */
export const REGION_BOUNDS = { south: 51, west: 22.5, north: 57, east: 35.5 } as const;

export const MINSK: Point = TOWNS[0]!;

import { describe, expect, it } from 'vitest';
import { parseTraccarDevices, parseTraccarMessage, parseTraccarPositions } from './traccar.js';

/** Shaped as Traccar's OpenAPI describes Device and Position. */
const DEVICES = [
  {
    id: 1,
    name: 'MAN 1234 AB-7',
    uniqueId: '356938035643809',
    status: 'online',
    disabled: false,
    lastUpdate: '2026-12-02T08:00:00.000+00:00',
    positionId: 10,
    groupId: 0,
    phone: null,
    model: null,
    contact: null,
    category: null,
    attributes: {},
  },
  {
    id: 2,
    name: 'Volvo',
    uniqueId: '356938035643810',
    status: 'offline',
    disabled: false,
    lastUpdate: null,
    positionId: 0,
    groupId: 0,
    phone: null,
    model: null,
    contact: null,
    category: null,
    attributes: {},
  },
];
const POSITION = {
  id: 10,
  deviceId: 1,
  protocol: 'teltonika',
  deviceTime: '2026-12-02T07:59:58.000+00:00',
  fixTime: '2026-12-02T07:59:58.000+00:00',
  serverTime: '2026-12-02T08:00:00.000+00:00',
  outdated: false,
  valid: true,
  latitude: 53.902284,
  longitude: 27.561831,
  altitude: 220,
  speed: 10,
  course: 45,
  address: null,
  accuracy: 0,
  network: null,
  attributes: { ignition: true, motion: true, fuel: 120 },
};

describe('Traccar adapter', () => {
  const { devices } = parseTraccarDevices(DEVICES)!;

  it('converts Traccar speed from knots to km/h and names the object by the device uniqueId', () => {
    expect(parseTraccarPositions([POSITION], devices)).toEqual({
      positions: [
        {
          objectId: '356938035643809',
          lat: 53.902284,
          lon: 27.561831,
          at: Date.parse('2026-12-02T07:59:58Z'),
          speedKmh: 18.52,
          course: 45,
        },
      ],
      dropped: {},
    });
  });

  it('drops positions of unknown devices, malformed ones and impossible coordinates, with counts', () => {
    const batch = parseTraccarPositions(
      [
        POSITION,
        { ...POSITION, deviceId: 99 },
        { ...POSITION, latitude: '53' },
        { ...POSITION, fixTime: 'yesterday' },
        { ...POSITION, longitude: 200 },
        7,
      ],
      devices,
    );
    expect(batch?.positions).toHaveLength(1);
    expect(batch?.dropped).toEqual({ 'unknown-device': 1, malformed: 3, 'coordinates-out-of-range': 1 });
    expect(parseTraccarPositions({ positions: [] }, devices)).toBeNull();
  });

  it('tells the socket messages apart: positions, devices, events and the {} keepalive', () => {
    expect(parseTraccarMessage('{}')).toEqual({ kind: 'keepalive' });
    expect(parseTraccarMessage(JSON.stringify({ positions: [POSITION] }))).toEqual({
      kind: 'positions',
      raw: [POSITION],
    });
    const devicesMessage = parseTraccarMessage(JSON.stringify({ devices: [DEVICES[0], { id: 'x' }] }));
    expect(devicesMessage).toMatchObject({ kind: 'devices', dropped: 1 });
    expect(devicesMessage.kind === 'devices' && devicesMessage.devices.get(1)).toBe('356938035643809');
    expect(parseTraccarMessage(JSON.stringify({ events: [{ type: 'deviceOnline', deviceId: 1 }] }))).toEqual({
      kind: 'events',
      count: 1,
    });
    expect(parseTraccarMessage('not json')).toMatchObject({ kind: 'unknown' });
    expect(parseTraccarMessage('[1]')).toMatchObject({ kind: 'unknown' });
    expect(parseTraccarMessage('{"positions":3}')).toMatchObject({ kind: 'unknown' });
  });
});

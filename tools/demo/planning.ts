import type { RowOf } from '../../core/entities.js';
import { DEFAULT_PLANNING_SETTINGS } from '../../core/planning/tables.js';
import type { TicketType } from '../../core/tickets/values.js';

/**
 * The planner's data of the demo company: its work types with their pre-visit checklists, the settings row,
 * and each engineer's team and region. Work type ids are fixed so that a demo store and its server agree.
 */
export const DEMO_WORK_TYPES: readonly RowOf<'work_types'>[] = [
  {
    id: '01900000-0000-7000-8000-000000000101',
    code: 'fuel-sensor-install',
    nameRu: 'Установка ДУТ',
    nameEn: 'Fuel level sensor installation',
    ticketType: 'installation',
    durationMinutes: 180,
    color: '#7b1fa2',
    checklist: [
      { id: 'socket-220', question: 'Есть розетка 220 В для насоса?', required: true, kind: 'yes-no' },
      { id: 'released-at', question: 'Механик клиента выпустит машину — во сколько?', required: true, kind: 'time' },
      { id: 'tank-empty', question: 'Бак будет почти пустой?', required: false, kind: 'yes-no' },
    ],
  },
  {
    id: '01900000-0000-7000-8000-000000000102',
    code: 'tracker-service',
    nameRu: 'Обслуживание трекера',
    nameEn: 'Tracker service',
    ticketType: 'maintenance',
    durationMinutes: 90,
    color: '#0288d1',
    checklist: [{ id: 'vehicle-on-site', question: 'Машина будет на базе?', required: true, kind: 'yes-no' }],
  },
  {
    id: '01900000-0000-7000-8000-000000000103',
    code: 'diagnostics',
    nameRu: 'Диагностика',
    nameEn: 'Diagnostics',
    ticketType: 'incident',
    durationMinutes: 60,
    color: '#388e3c',
    checklist: [],
  },
  {
    id: '01900000-0000-7000-8000-000000000104',
    code: 'dismantling',
    nameRu: 'Демонтаж',
    nameEn: 'Dismantling',
    ticketType: 'dismantling',
    durationMinutes: 120,
    color: '#f57c00',
    checklist: [],
  },
];

export const DEMO_PLANNING_SETTINGS: RowOf<'planning_settings'> = DEFAULT_PLANNING_SETTINGS;

export function workTypeFor(type: TicketType): string | null {
  return DEMO_WORK_TYPES.find((w) => w.ticketType === type)?.id ?? null;
}

const TEAMS = ['Монтаж-1', 'Монтаж-2', 'Сервис'] as const;
const REGIONS = ['Минск', 'Минская обл.', 'Гомель'] as const;

/** The n-th engineer's place in the planner: teams and regions in turn. */
export function engineerProfile(id: string, n: number): RowOf<'engineer_profiles'> {
  return {
    id,
    team: TEAMS[n % TEAMS.length]!,
    region: REGIONS[Math.floor(n / TEAMS.length) % REGIONS.length]!,
    timeZone: 'Europe/Minsk',
    homeLatE6: null,
    homeLonE6: null,
  };
}

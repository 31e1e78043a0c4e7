import type { Client, Contact, Employee, Phone, Role, Vehicle } from '../../core/entities.js';
import { normalizePhone } from '../../core/phone.js';
import {
  AGRO_NAMES,
  BY_FORMS,
  BY_MOBILE_CODES,
  CAMEL_ROOTS,
  CATEGORY_NAMES,
  CATEGORY_WEIGHTS,
  CITIES,
  CLIENT_NOTES,
  CONTACT_ROLES,
  EMAIL_DOMAINS_BY,
  EMAIL_DOMAINS_RU,
  FEMALE_NAMES,
  FUEL_SENSORS,
  MALE_NAMES,
  NAME_PREFIXES,
  PATRONYMICS,
  RU_FORMS,
  RU_MOBILE_CODES,
  SOLID_TAILS,
  SURNAMES,
  TRACKERS,
  VEHICLE_MODELS,
  femalePatronymic,
  femaleSurname,
  translit,
  type Category,
  type City,
  type VehicleModel,
} from './dictionary.js';
import type { Rng } from './rng.js';
import { DAY } from './time.js';

/**
 * The people and things tickets are about: employees, clients with their contacts, phones and vehicles.
 * Rows are complete except for ids, which the generator draws later from its id stream so that every id
 * in the file comes from one deterministic sequence.
 */

export type DemoEmployee = {
  row: Employee;
  roles: readonly Role[];
  /** When they joined and (for the ones who left) when they left: nobody is assigned outside that span. */
  from: number;
  until: number;
};

export type DemoPhone = { row: Phone; contact: DemoContact | null };

export type DemoContact = { row: Contact; phones: DemoPhone[] };

export type DemoVehicle = {
  row: Vehicle;
  tank: number;
  tracker: string;
  fuelSensor: string | null;
};

export type DemoClient = {
  row: Client;
  city: City;
  category: Category;
  contacts: DemoContact[];
  phones: DemoPhone[];
  vehicles: DemoVehicle[];
  /** Domain of the company's own e-mail, used for contacts' addresses and Wialon logins. */
  login: string;
};

export type Person = Readonly<{ given: string; surname: string; patronymic: string; female: boolean }>;

export function person(rng: Rng, femaleShare: number): Person {
  const female = rng.chance(femaleShare);
  const surname = rng.pick(SURNAMES);
  const patronymic = rng.pick(PATRONYMICS);
  return female
    ? {
        given: rng.pick(FEMALE_NAMES),
        surname: femaleSurname(surname),
        patronymic: femalePatronymic(patronymic),
        female,
      }
    : { given: rng.pick(MALE_NAMES), surname, patronymic, female };
}

export const initials = (p: Person) => `${p.given.charAt(0)}.${p.patronymic.charAt(0)}.`;

/** Employees as the office knows them: «Фамилия Имя», the form the grids and the planner show. */
export function makeEmployees(rng: Rng, tickets: number, start: number, now: number): DemoEmployee[] {
  const n = Math.max(15, Math.min(40, Math.round(15 + tickets / 4000)));
  const dispatchers = Math.max(2, Math.round(n * 0.1));
  const firstLine = Math.max(2, Math.round(n * 0.1));
  const planners = Math.max(1, Math.round(n * 0.075));
  const accountants = Math.max(1, Math.round(n * 0.05));
  const engineers = n - 1 - dispatchers - firstLine - planners - accountants;
  const plan: { roles: Role[]; femaleShare: number }[] = [
    { roles: ['admin'], femaleShare: 0.3 },
    ...Array.from({ length: dispatchers }, () => ({ roles: ['dispatcher'] as Role[], femaleShare: 0.7 })),
    ...Array.from({ length: firstLine }, () => ({ roles: ['first_line'] as Role[], femaleShare: 0.7 })),
    ...Array.from({ length: planners }, () => ({ roles: ['planner'] as Role[], femaleShare: 0.5 })),
    ...Array.from({ length: accountants }, () => ({ roles: ['accountant'] as Role[], femaleShare: 0.9 })),
    ...Array.from({ length: engineers }, () => ({ roles: ['engineer'] as Role[], femaleShare: 0.04 })),
  ];
  const names = new Set<string>();
  // People who left: they appear on old tickets only (an inactive employee with history is a real case).
  const leavers = new Set<number>();
  const engineerStart = n - engineers;
  leavers.add(engineerStart + rng.int(0, engineers - 1));
  if (engineers >= 12) leavers.add(engineerStart + rng.int(0, engineers - 1));
  const span = now - start;
  return plan.map((p, i) => {
    let name: string;
    do {
      const who = person(rng, p.femaleShare);
      name = `${who.surname} ${who.given}`;
    } while (names.has(name));
    names.add(name);
    const isEngineer = p.roles.includes('engineer');
    const late = isEngineer && !leavers.has(i) && rng.chance(0.2);
    const from = late ? start + rng.between(0.1, 0.65) * span : start - rng.int(60, 2500) * DAY;
    const until = leavers.has(i) ? start + rng.between(0.25, 0.8) * span : Number.POSITIVE_INFINITY;
    return {
      roles: p.roles,
      from,
      until,
      row: {
        id: '',
        name,
        roles: p.roles,
        sipExtension: String(101 + i),
        color: colour(i),
        active: !leavers.has(i),
      },
    };
  });
}

/** Well-spread, readable colours: golden-angle hues at one saturation and lightness. */
function colour(i: number): string {
  const h = (i * 137.508) % 360;
  const s = 0.62;
  const l = 0.44 + (i % 3) * 0.04;
  const f = (k: number) => {
    const a = s * Math.min(l, 1 - l);
    const kk = (k + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(kk - 3, 9 - kk, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const BY_PLATE_LETTERS = 'ABEIKMHOPCTX';
const RU_PLATE_LETTERS = 'АВЕКМНОРСТУХ';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_YEARS = '9ABCDEFGHJKLMNPRS'; // model years 2009–2025

/** The directory's uniqueness registers: two clients never share a name, a plate, a phone or a unit id. */
export type Registers = {
  names: Set<string>;
  plates: Set<string>;
  phones: Set<string>;
  units: Set<string>;
  taxIds: Set<string>;
};

export function newRegisters(): Registers {
  return { names: new Set(), plates: new Set(), phones: new Set(), units: new Set(), taxIds: new Set() };
}

/** A made-up company name, unique in the directory; for an ИП also the entrepreneur, who is its first contact. */
function companyName(rng: Rng, category: Category, city: City, reg: Registers): { name: string; owner: Person | null } {
  const by = city.country === 'BY';
  for (let attempt = 0; ; attempt++) {
    const form = rng.pick(by ? BY_FORMS : RU_FORMS);
    const prefix = rng.pick(NAME_PREFIXES);
    let name: string;
    let owner: Person | null = null;
    const roll = rng.next();
    if (roll < 0.12) {
      owner = person(rng, 0.2);
      name = `ИП ${owner.surname} ${initials(owner)}`;
    } else if (category === 'bus' && roll < 0.55) {
      const kind = rng.pick(by ? ['Автобусный парк', 'Автопарк', 'Автокомбинат'] : ['ПАТП', 'Автоколонна']);
      name = kind === 'ПАТП' ? `${form} «ПАТП-${rng.int(1, 12)}»` : `${form} «${kind} №${rng.int(1, 24)}»`;
    } else if (category === 'agro' && roll < 0.5) {
      const farm = rng.pick(AGRO_NAMES);
      name = by
        ? rng.pick([`СПК «${farm}»`, `ОАО «Агрокомбинат ${farm}»`, `КСУП «${farm}-Агро»`])
        : `${form} «Агрохолдинг ${farm}»`;
    } else if (category === 'construction' && roll < 0.35) {
      name = rng.chance(0.5) ? `ОАО «Стройтрест №${rng.int(1, 35)}»` : `ОАО «ДСТ №${rng.int(1, 12)}»`;
    } else if (roll < 0.7) {
      name = `${form} «${prefix}${rng.pick(CAMEL_ROOTS[category])}»`;
    } else {
      const tail = rng.pick(SOLID_TAILS[category]);
      name = `${form} «${prefix}${tail}»`;
    }
    // After a few clashes add what a real second company with the same name would: a suffix.
    if (attempt > 3) name = name.replace(/»$/, `-${rng.pick(['Плюс', 'М', 'Сервис', 'Групп', 'Восток', 'Запад'])}»`);
    if (attempt > 8) name = name.replace(/»$/, ` ${rng.int(2, 99)}»`);
    if (!reg.names.has(name)) {
      reg.names.add(name);
      return { name, owner };
    }
  }
}

/** Belarusian УНП: 9 digits, the last a mod-11 check over weights 29 23 19 17 13 7 5 3. */
function unp(rng: Rng, prefix: string): string {
  for (;;) {
    const body = (prefix + rng.digits(8)).slice(0, 8);
    const weights = [29, 23, 19, 17, 13, 7, 5, 3];
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
    const check = sum % 11;
    if (check < 10) return body + String(check);
  }
}

function innCheck(digits: string, weights: readonly number[]): string {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  return String((sum % 11) % 10);
}

/** Russian ИНН: 10 digits for a company, 12 for an individual entrepreneur, with the official checks. */
function inn(rng: Rng, prefix: string, individual: boolean): string {
  if (!individual) {
    const body = prefix + rng.digits(7);
    return body + innCheck(body, [2, 4, 10, 3, 5, 9, 4, 6, 8]);
  }
  const body = prefix + rng.digits(8);
  const d11 = body + innCheck(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return d11 + innCheck(d11, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

function address(rng: Rng, city: City): string {
  const postal = (city.postal + rng.digits(6)).slice(0, 6);
  const street = rng.pick(city.streets);
  const house = `${rng.int(1, 180)}${rng.chance(0.2) ? rng.pick(['А', 'Б', 'В', '/2', ', корп. 2']) : ''}`;
  const unit = rng.chance(0.35) ? `, ${rng.pick(['пом.', 'каб.', 'оф.'])} ${rng.int(1, 60)}` : '';
  return city.country === 'BY'
    ? `${postal}, ${city.name.includes('р-н') ? city.name : `г. ${city.name}`}, ${street}, ${house}${unit}`
    : `${postal}, г. ${city.name}, ${street}, д. ${house}${unit}`;
}

const group7 = (s: string) => `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}`;
const group6 = (s: string) => `${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4)}`;
const group5 = (s: string) => `${s.slice(0, 1)}-${s.slice(1, 3)}-${s.slice(3)}`;
const grouped = (s: string) => (s.length === 7 ? group7(s) : s.length === 6 ? group6(s) : group5(s));
const spaced = (s: string) => grouped(s).replace(/-/g, ' ');

/**
 * A phone number typed the way people type it: trunk prefixes, brackets, dashes, spaces or none. Returns
 * the text and the number it means, or null when libphonenumber does not read it as that number (then the
 * caller draws another one, so stored e164 values are exactly what normalizePhone makes of the raw text).
 */
function typedPhone(rng: Rng, city: City, mobile: boolean): { raw: string; e164: string } | null {
  const by = city.country === 'BY';
  let raw: string;
  let e164: string;
  if (by && mobile) {
    const code = rng.pick(BY_MOBILE_CODES);
    // life:) (25) hands out only some blocks; the others would be drawn again.
    const s = (code === '25' ? rng.pick(['5', '6', '7', '9']) : String(rng.int(1, 9))) + rng.digits(6);
    e164 = `+375${code}${s}`;
    raw = rng.weighted<string>([
      [`8 0${code} ${group7(s)}`, 5],
      [`+375${code}${s}`, 3],
      [`80${code}${s}`, 3],
      [`(0${code}) ${spaced(s)}`, 2],
      [`+375 ${code} ${group7(s)}`, 3],
      [`+375 (${code}) ${group7(s)}`, 2],
      [`8-0${code}-${group7(s)}`, 1],
      [`${code} ${spaced(s)}`, 1],
    ]);
  } else if (by) {
    const code = city.areaCode;
    const s = String(rng.int(2, 3)) + rng.digits(city.subscriberDigits - 1);
    e164 = `+375${code}${s}`;
    raw = rng.weighted<string>([
      [`8 0${code} ${grouped(s)}`, 4],
      [`+375 (${code}) ${grouped(s)}`, 3],
      [`(0${code}) ${grouped(s)}`, 2],
      [`8 (0${code}) ${grouped(s)}`, 3],
      [`+375${code}${s}`, 1],
    ]);
  } else if (mobile) {
    const code = rng.pick(RU_MOBILE_CODES);
    const s = String(rng.int(1, 9)) + rng.digits(6);
    e164 = `+7${code}${s}`;
    raw = rng.weighted<string>([
      [`+7 ${code} ${group7(s)}`, 4],
      [`8 ${code} ${spaced(s)}`, 2],
      [`8${code}${s}`, 2],
      [`+7${code}${s}`, 2],
      [`8 (${code}) ${group7(s)}`, 3],
    ]);
  } else {
    const code = city.areaCode;
    const s = String(rng.int(2, 6)) + rng.digits(city.subscriberDigits - 1);
    e164 = `+7${code}${s}`;
    raw = rng.weighted<string>([
      [`8 (${code}) ${grouped(s)}`, 4],
      [`+7 (${code}) ${grouped(s)}`, 2],
      [`8${code}${s}`, 1],
    ]);
  }
  return normalizePhone(raw) === e164 ? { raw, e164 } : null;
}

function phone(rng: Rng, client: DemoClient, contact: DemoContact | null, mobile: boolean, reg: Registers): DemoPhone {
  // Now and then someone saved a landline without its code, or with an extension: kept as typed, no e164.
  if (!mobile && rng.chance(0.04)) {
    const s = String(rng.int(2, 3)) + rng.digits(client.city.subscriberDigits - 1);
    const raw = rng.chance(0.6) ? grouped(s) : `${grouped(s)}, доб. ${rng.int(1, 40)}`;
    const e164 = normalizePhone(raw);
    // Such text is not a full number today; if libphonenumber ever reads one, it must still be unique.
    if (e164 === null || !reg.phones.has(e164)) {
      if (e164) reg.phones.add(e164);
      return { contact, row: { id: '', clientId: '', contactId: null, raw, e164 } };
    }
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const typed = typedPhone(rng, client.city, mobile || attempt > 20);
    if (!typed || reg.phones.has(typed.e164)) continue;
    reg.phones.add(typed.e164);
    return { contact, row: { id: '', clientId: '', contactId: null, raw: typed.raw, e164: typed.e164 } };
  }
  throw new Error('could not make a unique phone number');
}

function plate(rng: Rng, city: City, reg: Registers): string {
  for (;;) {
    const region = rng.pick(city.plateRegions);
    let text: string;
    let key: string;
    if (city.country === 'BY') {
      const letters = rng.pick([...BY_PLATE_LETTERS]) + rng.pick([...BY_PLATE_LETTERS]);
      const digits = String(rng.int(1000, 9999));
      text = `${digits} ${letters}-${region}`;
      key = `${digits}${letters}${region}`;
    } else {
      const l = () => rng.pick([...RU_PLATE_LETTERS]);
      const first = l();
      const digits = String(rng.int(1, 999)).padStart(3, '0');
      const tail = l() + l();
      text = `${first}${digits}${tail} ${region}`;
      key = `${first}${digits}${tail}${region}`;
    }
    if (!reg.plates.has(key)) {
      reg.plates.add(key);
      return text;
    }
  }
}

function vin(rng: Rng, model: VehicleModel): string | null {
  if (!model.wmi) return null;
  let vds = '';
  for (let i = 0; i < 5; i++) vds += rng.pick([...VIN_CHARS]);
  const check = rng.pick([...'0123456789X']);
  const year = rng.pick([...VIN_YEARS]);
  const plant = rng.pick([...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789']);
  return `${model.wmi}${vds}${check}${year}${plant}${rng.digits(6)}`;
}

/** A 15-digit IMEI with its Luhn digit, as trackers report themselves to Wialon. */
function imei(rng: Rng, reg: Registers): string {
  for (;;) {
    const body = rng.pick(['35', '86', '35']) + rng.digits(12);
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = Number(body[13 - i]);
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    const id = body + String((10 - (sum % 10)) % 10);
    if (!reg.units.has(id)) {
      reg.units.add(id);
      return id;
    }
  }
}

/** Fleet sizes: most clients run a few machines, a few run big fleets (the brief's 1–30). */
function fleetSize(rng: Rng): number {
  return rng.weighted<() => number>([
    [() => rng.int(1, 3), 40],
    [() => rng.int(4, 10), 35],
    [() => rng.int(11, 20), 20],
    [() => rng.int(21, 30), 5],
  ])();
}

export function makeClient(rng: Rng, createdAt: number, reg: Registers): DemoClient {
  const city = rng.weighted(CITIES.map((c) => [c, c.weight] as const));
  const category = rng.weighted(CATEGORY_WEIGHTS);
  const { name, owner } = companyName(rng, category, city, reg);
  const individual = owner !== null;
  let taxId: string;
  do {
    taxId = city.country === 'BY' ? unp(rng, city.taxPrefix) : inn(rng, city.taxPrefix, individual);
  } while (reg.taxIds.has(taxId));
  reg.taxIds.add(taxId);
  const inner = /«(.+)»/.exec(name)?.[1] ?? name.replace(/^ИП /, '');
  const login = translit(inner).slice(0, 24) || 'client';
  const client: DemoClient = {
    city,
    category,
    login,
    contacts: [],
    phones: [],
    vehicles: [],
    row: {
      id: '',
      name,
      taxId: rng.chance(0.97) ? taxId : null,
      category: CATEGORY_NAMES[category],
      address: rng.chance(0.95) ? address(rng, city) : null,
      notes: rng.chance(0.25) ? rng.pick(CLIENT_NOTES) : null,
      currency: city.country === 'BY' ? 'BYN' : 'RUB',
      createdAt,
      active: true,
      mergedInto: null,
    },
  };
  if (!individual && rng.chance(0.7)) client.phones.push(phone(rng, client, null, false, reg));
  const contactCount = individual
    ? rng.int(1, 2)
    : rng.weighted<number>([
        [1, 25],
        [2, 35],
        [3, 25],
        [4, 15],
      ]);
  const domains = city.country === 'BY' ? EMAIL_DOMAINS_BY : EMAIL_DOMAINS_RU;
  const ownDomain = `${login.replace(/[^a-z0-9]/g, '')}.${city.country === 'BY' ? 'by' : 'ru'}`;
  for (let i = 0; i < contactCount; i++) {
    const own = i === 0 ? owner : null;
    const role = own ? 'владелец' : rng.weighted(CONTACT_ROLES);
    const who =
      own ?? person(rng, role === 'бухгалтер' ? 0.85 : role === 'диспетчер' || role === 'логист' ? 0.55 : 0.12);
    const contactName = rng.weighted<string>([
      [`${who.given} ${who.surname}`, 3],
      [`${who.surname} ${who.given} ${who.patronymic}`, 3],
      [`${who.given} ${who.patronymic}`, 2],
      [`${who.surname} ${initials(who)}`, 1],
      [who.given, 1],
    ]);
    const email = rng.chance(0.5)
      ? `${translit(who.given).charAt(0)}.${translit(who.surname)}@${rng.chance(0.5) ? ownDomain : rng.pick(domains)}`
      : null;
    const contact: DemoContact = {
      phones: [],
      row: { id: '', clientId: '', name: contactName, role, email, active: true },
    };
    contact.phones.push(phone(rng, client, contact, true, reg));
    if (rng.chance(0.2)) contact.phones.push(phone(rng, client, contact, rng.chance(0.5), reg));
    client.contacts.push(contact);
    client.phones.push(...contact.phones);
  }
  const fleet = VEHICLE_MODELS.filter((m) => m.fleets.includes(category));
  // A company buys the same few models again and again; a fleet of 25 random makes would look fake.
  const favourites = Array.from({ length: rng.int(1, 3) }, () => rng.pick(fleet));
  const count = fleetSize(rng);
  for (let i = 0; i < count; i++) {
    const model = rng.chance(0.8) ? rng.pick(favourites) : rng.pick(fleet);
    const hasUnit = rng.chance(0.85);
    client.vehicles.push({
      tank: model.tank,
      tracker: rng.pick(TRACKERS),
      fuelSensor: rng.chance(0.7) ? rng.pick(FUEL_SENSORS) : null,
      row: {
        id: '',
        clientId: '',
        plate: plate(rng, city, reg),
        make: model.make,
        model: model.model,
        vin: vin(rng, model),
        unitId: hasUnit ? imei(rng, reg) : null,
        active: true,
      },
    });
  }
  return client;
}

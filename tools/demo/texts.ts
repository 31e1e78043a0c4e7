import type { TicketType } from '../../core/entities.js';
import type { DemoClient, DemoContact, DemoVehicle } from './directory.js';
import { FUEL_SENSORS, OTHER_EQUIPMENT, TRACKERS } from './dictionary.js';
import type { Rng } from './rng.js';
import { DAY, HOUR, formatDate, formatTime } from './time.js';

/**
 * Ticket titles, descriptions and comments in the words dispatchers and engineers use. Titles are short
 * and often carry the plate (that is what people search for); descriptions carry the details.
 */

export type TextContext = Readonly<{
  client: DemoClient;
  vehicle: DemoVehicle | null;
  contact: DemoContact | null;
  createdAt: number;
}>;

export type TicketText = { title: string; description: string };

const vehicleLabel = (v: DemoVehicle) => `${v.row.make ?? ''} ${v.row.model ?? ''}`.trim();

function vehicleRef(rng: Rng, v: DemoVehicle): string {
  return rng.weighted<string>([
    [`${vehicleLabel(v)}, гос. № ${v.row.plate}`, 3],
    [`${vehicleLabel(v)} (${v.row.plate})`, 3],
    [`ТС ${v.row.plate}`, 2],
    [`${v.row.plate}`, 1],
  ]);
}

function contactLine(rng: Rng, c: DemoContact | null): string {
  if (!c || rng.chance(0.3)) return '';
  const ph = c.phones[0]?.row.raw;
  const role = c.row.role ? `, ${c.row.role}` : '';
  return rng.chance(0.7) && ph ? `\nКонтакт: ${c.row.name}${role}, ${ph}.` : `\nКонтакт: ${c.row.name}${role}.`;
}

function withPlate(rng: Rng, title: string, v: DemoVehicle | null, share = 0.55): string {
  return v && rng.chance(share) ? `${title} — ${v.row.plate}` : title;
}

type Template = (rng: Rng, c: TextContext, v: DemoVehicle) => TicketText;

const INCIDENTS: readonly (readonly [Template, number])[] = [
  [
    (rng, c, v) => {
      const last = c.createdAt - rng.int(2, 40) * HOUR;
      return {
        title: 'Не передаёт координаты',
        description: `${vehicleRef(rng, v)} не передаёт координаты. В Wialon последнее сообщение ${formatDate(last)} в ${formatTime(last)}. ${rng.pick(['Водитель говорит, что машина на ходу.', 'Машина в рейсе по России.', 'Стоит на базе, зажигание включали.', 'После мойки пропал с карты.'])}`,
      };
    },
    9,
  ],
  [
    (rng, c, v) => ({
      title: 'Скачки уровня топлива',
      description: `На ${vehicleRef(rng, v)} по ДУТ ${v.fuelSensor ?? rng.pick(FUEL_SENSORS)} скачки уровня ±${rng.int(15, 80)} л на стоянке, бак ${v.tank} л. В отчёте ложные сливы за ${formatDate(c.createdAt - rng.int(1, 4) * DAY)}.`,
    }),
    7,
  ],
  [
    (rng, _c, v) => ({
      title: 'Нет связи с трекером',
      description: `Трекер ${v.tracker} на ${vehicleRef(rng, v)} не выходит на связь. SIM ${rng.pick(['А1', 'МТС', 'life:)', 'МегаФон', 'Билайн'])}, баланс положительный. ${rng.pick(['Перезагружали по SMS — без результата.', 'На команды не отвечает.', 'Светодиод на блоке не горит.'])}`,
    }),
    7,
  ],
  [
    (rng, c, v) => ({
      title: 'Сливы топлива в отчёте, водитель отрицает',
      description: `В отчёте по ${vehicleRef(rng, v)} слив ${rng.int(30, 180)} л ${formatDate(c.createdAt - rng.int(1, 6) * DAY)} около ${rng.int(0, 23)}:00. Водитель говорит, что не сливал. Просим проверить датчик и тарировку.`,
    }),
    4,
  ],
  [
    (rng, _c, v) => {
      const gps = rng.int(6000, 14000);
      return {
        title: 'Неверный пробег в отчётах',
        description: `По ${vehicleRef(rng, v)} пробег по GPS за месяц ${gps} км, по одометру ${gps + rng.int(-900, 1500)} км. Бухгалтерия не может закрыть путевые листы.`,
      };
    },
    3,
  ],
  [
    (rng, c, v) => ({
      title: 'Не работает датчик уровня топлива',
      description: `ДУТ ${v.fuelSensor ?? rng.pick(FUEL_SENSORS)} на ${vehicleRef(rng, v)} показывает 0 л с ${formatDate(c.createdAt - rng.int(1, 5) * DAY)}. Заправлялись полным баком.`,
    }),
    5,
  ],
  [
    (rng, _c, v) => ({
      title: 'Пропал с карты после ремонта',
      description: `После ${rng.pick(['замены АКБ', 'ремонта проводки', 'замены кабины', 'сварочных работ'])} в сервисе ${vehicleRef(rng, v)} пропал из мониторинга. Предохранитель проверяли.`,
    }),
    4,
  ],
  [
    (rng, c, v) => ({
      title: 'Нет данных с CAN-шины',
      description: `С ${formatDate(c.createdAt - rng.int(1, 7) * DAY)} не приходят обороты двигателя и расход по CAN на ${vehicleRef(rng, v)}. Координаты идут нормально.`,
    }),
    3,
  ],
  [
    (rng, _c, v) => ({
      title: 'Не фиксируется зажигание',
      description: `${vehicleRef(rng, v)}: в отчётах нет моточасов, зажигание всё время «выключено», хотя машина работает.`,
    }),
    2,
  ],
  [
    (rng, _c, v) => ({
      title: 'Трек «прыгает» по карте',
      description: `${vehicleRef(rng, v)} на стоянке «прыгает» на 200–500 м, в отчёте лишний пробег ${rng.int(20, 120)} км в сутки.`,
    }),
    2,
  ],
  [
    (rng, c, v) => ({
      title: 'Не отображается заправка',
      description: `Заправка ${rng.int(150, 600)} л ${formatDate(c.createdAt - rng.int(1, 3) * DAY)} на АЗС не отобразилась в отчёте по ${vehicleRef(rng, v)}. Чек есть.`,
    }),
    3,
  ],
  [
    (rng, _c, v) => ({
      title: 'Разряжает АКБ на стоянке',
      description: `${vehicleRef(rng, v)} после выходных не заводится, АКБ в ноль. Механик подозревает трекер. Просим проверить потребление.`,
    }),
    1,
  ],
];

function installation(rng: Rng, c: TextContext, v: DemoVehicle): TicketText {
  const tracker = rng.pick(TRACKERS);
  const sensor = rng.pick(FUEL_SENSORS);
  const [title, what] = rng.weighted<readonly [string, string]>([
    [[`Установка трекера ${tracker}`, `трекер ${tracker}`], 5],
    [[`Монтаж ДУТ ${sensor}`, `ДУТ ${sensor}`], 4],
    [[`Установка трекера ${tracker} и ДУТ ${sensor}`, `трекер ${tracker} и ДУТ ${sensor}`], 3],
    [[`Монтаж двух ДУТ ${sensor}`, `два ДУТ ${sensor} (два бака)`], 1],
    ...OTHER_EQUIPMENT.map((e) => [[`Установка: ${e}`, e] as const, 0.6] as const),
  ]);
  const contract = `Договор №${rng.int(10, 999)}/${rng.int(20, 25)} от ${formatDate(c.createdAt - rng.int(2, 30) * DAY, true)}.`;
  const vin = v.row.vin ? `, VIN ${v.row.vin}` : '';
  return {
    title: withPlate(rng, title, v, 0.4),
    description: `Установить ${what} на ${vehicleLabel(v)}, гос. № ${v.row.plate}${vin}. ${title.includes('ДУТ') ? `Бак ${v.tank} л, тарировка проливом. ` : ''}Подключить к Wialon, учётная запись «${c.client.login}». ${contract}${contactLine(rng, c.contact)}`,
  };
}

const MAINTENANCE: readonly (readonly [string, string])[] = [
  ['Тарировка топливного бака', 'Нужна тарировка бака {tank} л проливом, машина будет пустая.'],
  ['Перетарировка ДУТ после замены бака', 'Заменили бак на {tank} л, показания ДУТ не соответствуют.'],
  ['Плановое ТО оборудования', 'Плановое обслуживание трекера и ДУТ по договору, проверить пломбы и разъёмы.'],
  ['Замена SIM-карты в трекере', 'Переходим на другого оператора, заменить SIM в трекере {tracker}.'],
  ['Перепрошивка и настройка трекера', 'Обновить прошивку {tracker}, настроить передачу по CAN.'],
  ['Опломбировка ДУТ', 'Опломбировать ДУТ после ремонта бака, пломбы в акте.'],
  ['Проверка оборудования перед техосмотром', 'Проверить работу тахографа и трекера перед гостехосмотром.'],
  ['Калибровка тахографа', 'Срок калибровки тахографа истекает {date}.'],
];

const DISMANTLING: readonly (readonly [string, string])[] = [
  ['Демонтаж оборудования (продажа ТС)', 'Машина продаётся, снять трекер и ДУТ, оборудование вернуть клиенту.'],
  ['Перенос трекера на другое ТС', 'Перенести трекер {tracker} на новую машину, старая списывается.'],
  ['Демонтаж ДУТ (замена бака)', 'Снять ДУТ на время замены бака, после — установить и перетарировать.'],
  ['Демонтаж трекера, ТС списывается', 'ТС списано, снять трекер, отключить от Wialon с {date}.'],
];

const CONSULTATIONS: readonly (readonly [string, string])[] = [
  ['Как выгрузить отчёт по топливу за месяц', 'Новый бухгалтер не может найти отчёт по топливу в Wialon.'],
  ['Настройка уведомлений о сливах', 'Хотим получать уведомления о сливах более 20 л на почту механика.'],
  ['Доступ в Wialon для нового сотрудника', 'Создать пользователя для нового диспетчера, права только на просмотр.'],
  ['Вопрос по счёту за абонентское обслуживание', 'В счёте за месяц на 2 машины больше, чем у нас подключено.'],
  ['Не приходят SMS-уведомления', 'С начала недели перестали приходить SMS о выезде из геозоны.'],
  ['Как создать геозону', 'Нужна геозона вокруг новой базы, подскажите как нарисовать.'],
  ['Восстановить пароль от Wialon', 'Забыли пароль от учётной записи, просим сбросить.'],
  ['Добавить водителей в систему', 'Прислать инструкцию, как завести водителей и ключи iButton.'],
  ['Настроить автоматическую рассылку отчётов', 'Еженедельный отчёт по пробегу и топливу директору по понедельникам.'],
];

function fill(rng: Rng, text: string, c: TextContext, v: DemoVehicle | null): string {
  return text
    .replace('{tank}', String(v?.tank ?? rng.int(200, 600)))
    .replace('{tracker}', v?.tracker ?? rng.pick(TRACKERS))
    .replace('{date}', formatDate(c.createdAt + rng.int(3, 20) * DAY, true));
}

export function ticketText(rng: Rng, type: Exclude<TicketType, 'callback'>, c: TextContext): TicketText {
  const v = c.vehicle;
  switch (type) {
    case 'incident': {
      if (!v) throw new Error('an incident needs a vehicle');
      const t = rng.weighted(INCIDENTS)(rng, c, v);
      return { title: withPlate(rng, t.title, v), description: t.description + contactLine(rng, c.contact) };
    }
    case 'installation':
      if (!v) throw new Error('an installation needs a vehicle');
      return installation(rng, c, v);
    case 'maintenance':
    case 'dismantling': {
      const [title, body] = rng.pick(type === 'maintenance' ? MAINTENANCE : DISMANTLING);
      const on = v ? `${vehicleRef(rng, v)}. ` : '';
      return {
        title: withPlate(rng, title, v, 0.5),
        description: `${on}${fill(rng, body, c, v)}${contactLine(rng, c.contact)}`,
      };
    }
    case 'consultation': {
      const [title, body] = rng.pick(CONSULTATIONS);
      return { title, description: `${body}${contactLine(rng, c.contact)}` };
    }
  }
}

export function callbackText(rng: Rng, number: string, c: TextContext, queue: string): TicketText {
  const who = c.contact ? ` (${c.contact.row.name})` : '';
  return {
    title: `Пропущенный звонок с ${number}`,
    description: `Письмо АТС: пропущенный вызов от ${number}${who} ${formatDate(c.createdAt, true)} в ${formatTime(c.createdAt)}, очередь «${queue}». Клиент: ${c.client.row.name.replace(/\.$/, '')}.`,
  };
}

export const COMMENTS = {
  remote: [
    'Проверил в Wialon: питание трекера пропало {date}, похоже на обрыв провода.',
    'Перезагрузил трекер командой, координаты пошли.',
    'Связался с водителем, машина в ремонте, ждём возвращения на базу.',
    'SIM-карта заблокирована оператором, заказал замену.',
    'Обновил прошивку удалённо, наблюдаем сутки.',
    'Скорректировал фильтрацию в настройках объекта, ложные сливы ушли.',
    'Сбросил настройки датчика в Wialon, пересчитал отчёт.',
    'Клиент не отвечает, написал на почту.',
  ],
  needsVisit: [
    'Удалённо не решить, нужен выезд.',
    'Нужен выезд: вероятно, повреждён кабель ДУТ.',
    'Передаю в планирование, клиент готов предоставить ТС в будни.',
  ],
  planned: [
    'Здравствуйте! Инженер {engineer} будет у вас {date} с {time}. Просьба обеспечить доступ к ТС {plate}.',
    'Выезд согласован с механиком на {date}, {time}.',
  ],
  visitDone: [
    'Заменён предохранитель в цепи питания трекера, данные идут.',
    'ДУТ перетарирован, тарировочная таблица загружена в Wialon.',
    'Окислены контакты разъёма, зачистил и переобжал.',
    'Установка выполнена, акт подписан механиком.',
    'Пломбы установлены, номера в акте.',
    'Заменён кабель питания, проверено на ходу.',
    'Трекер заменён на подменный, старый забрал на диагностику.',
    'Работы выполнены, замечаний у клиента нет.',
  ],
  invoice: ['Счёт №{n} от {date} выставлен, отправлен на email бухгалтерии.', 'Акт и счёт переданы водителю.'],
  reminder: [
    'Напомнила об оплате, обещают до конца недели.',
    'Позвонила бухгалтеру, оплату поставили в график.',
    'Повторно отправила счёт, прежний «не дошёл».',
  ],
  paid: ['Оплата поступила.', 'Оплата получена, закрываю.'],
  callbackLater: ['Не берут трубку, перенесла на 30 минут.', 'Занято, перезвоню позже.'],
  callbackDone: [
    'Перезвонила, вопрос решён по телефону.',
    'Дозвонилась, клиент просит выезд — зарегистрирована отдельная заявка.',
    'Перезвонил, звонили по поводу счёта, передал в бухгалтерию.',
    'Перезвонила, ошиблись номером.',
  ],
  consultation: [
    'Здравствуйте! Отчёт: Отчёты → Шаблон «Топливо» → выбрать объект и период → Выполнить.',
    'Отправили инструкцию на почту.',
    'Пользователь создан, логин и пароль отправлены на почту.',
    'Настроили, проверьте, пожалуйста.',
  ],
  cancelled: ['Клиент отказался.', 'Дубль заявки.', 'Машина продана, работы не нужны.'],
} as const;

export function commentText(rng: Rng, pool: readonly string[], vars: Readonly<Record<string, string>>): string {
  return rng.pick(pool).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}

/**
 * Word lists for the demo: people, places, companies, vehicles and equipment of a Belarus/Russia telematics
 * integrator. Everything here is invented; names of real products (trackers, sensors, trucks) are kept
 * because a dispatcher reads them every day and a demo without them looks fake.
 */

export const MALE_NAMES = [
  'Александр',
  'Андрей',
  'Алексей',
  'Дмитрий',
  'Сергей',
  'Максим',
  'Иван',
  'Евгений',
  'Владимир',
  'Николай',
  'Павел',
  'Артём',
  'Виталий',
  'Денис',
  'Игорь',
  'Олег',
  'Юрий',
  'Михаил',
  'Виктор',
  'Вадим',
  'Руслан',
  'Роман',
  'Константин',
  'Антон',
  'Кирилл',
  'Владислав',
  'Геннадий',
  'Василий',
  'Станислав',
  'Леонид',
  'Пётр',
  'Анатолий',
  'Валерий',
  'Григорий',
  'Егор',
  'Илья',
  'Ярослав',
] as const;

export const FEMALE_NAMES = [
  'Анна',
  'Елена',
  'Ольга',
  'Татьяна',
  'Наталья',
  'Ирина',
  'Светлана',
  'Мария',
  'Юлия',
  'Екатерина',
  'Анастасия',
  'Дарья',
  'Людмила',
  'Галина',
  'Валентина',
  'Оксана',
  'Кристина',
  'Алина',
  'Вероника',
  'Марина',
  'Жанна',
  'Инна',
  'Виктория',
  'Надежда',
  'Полина',
] as const;

/** Patronymics in the male form; the female form swaps the final «ич» for «на». */
export const PATRONYMICS = [
  'Александрович',
  'Андреевич',
  'Алексеевич',
  'Дмитриевич',
  'Сергеевич',
  'Иванович',
  'Евгеньевич',
  'Владимирович',
  'Николаевич',
  'Павлович',
  'Витальевич',
  'Игоревич',
  'Олегович',
  'Юрьевич',
  'Михайлович',
  'Викторович',
  'Васильевич',
  'Леонидович',
  'Петрович',
  'Анатольевич',
  'Валерьевич',
  'Геннадьевич',
  'Григорьевич',
  'Станиславович',
  'Константинович',
] as const;

/** Surnames in the male form, Belarusian and Russian; `femaleSurname` makes the female form. */
export const SURNAMES = [
  'Ковальчук',
  'Ковалёв',
  'Новик',
  'Шевчук',
  'Кравченко',
  'Мельник',
  'Бондаренко',
  'Козловский',
  'Жук',
  'Лукашевич',
  'Карпович',
  'Ярошевич',
  'Сидоренко',
  'Петров',
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Морозов',
  'Волков',
  'Козлов',
  'Новиков',
  'Павлов',
  'Семёнов',
  'Голубев',
  'Виноградов',
  'Богданов',
  'Воробьёв',
  'Фёдоров',
  'Михайлов',
  'Беляев',
  'Тарасов',
  'Белов',
  'Комаров',
  'Орлов',
  'Киселёв',
  'Макаров',
  'Андреев',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воронов',
  'Гончаров',
  'Ткачук',
  'Савицкий',
  'Климович',
  'Радкевич',
  'Юрченко',
  'Мартинкевич',
  'Дубовик',
  'Лисовский',
  'Щербаков',
  'Гурин',
  'Савченко',
  'Прокопович',
  'Хомич',
  'Кравец',
  'Мисюк',
  'Бельский',
  'Пашкевич',
  'Адамович',
  'Бабич',
  'Станкевич',
  'Жданович',
  'Грибов',
  'Рябцев',
  'Калинин',
  'Сорокин',
  'Шпак',
  'Литвинов',
  'Демидов',
  'Гаврилов',
  'Малашенко',
  'Поляков',
  'Сенкевич',
  'Тихонов',
  'Кудрявцев',
  'Зелинский',
  'Марченко',
  'Олешкевич',
  'Русакович',
  'Трофимов',
  'Жукович',
  'Навроцкий',
] as const;

export function femaleSurname(male: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  if (/ский$/.test(male)) return male.replace(/ский$/, 'ская');
  if (/цкий$/.test(male)) return male.replace(/цкий$/, 'цкая');
  return male;
}

export function femalePatronymic(male: string): string {
  return male.replace(/ич$/, 'на');
}

export type Country = 'BY' | 'RU';

export type City = Readonly<{
  name: string;
  country: Country;
  /** How many clients come from here, relative to the others. */
  weight: number;
  /** Postal code prefix; the rest is random digits. */
  postal: string;
  /** Trunk code of the city's landlines (without the 8 0 / 8 prefix) and the subscriber length. */
  areaCode: string;
  subscriberDigits: number;
  /** Plate region: 1–7 in Belarus, the region codes in Russia. */
  plateRegions: readonly string[];
  /** First digits of tax ids registered here (УНП region digit, ИНН region code). */
  taxPrefix: string;
  streets: readonly string[];
}>;

const COMMON_STREETS = [
  'ул. Ленина',
  'ул. Советская',
  'ул. Молодёжная',
  'ул. Промышленная',
  'ул. Заводская',
  'ул. Строителей',
  'ул. Гагарина',
  'ул. Мира',
  'ул. Кирова',
  'ул. Транспортная',
  'ул. Складская',
  'ул. Октябрьская',
  'ул. Чкалова',
  'ул. Победы',
  'ул. Железнодорожная',
  'ул. Первомайская',
  'ул. Московская',
  'ул. Индустриальная',
  'ул. Автозаводская',
  'пер. Автомобилистов',
] as const;

const BY_STREETS = [...COMMON_STREETS, 'ул. Янки Купалы', 'ул. Франциска Скорины', 'ул. Интернациональная'];
const RU_STREETS = [...COMMON_STREETS, 'Промышленный пр-д', 'ул. Энергетиков', 'ш. Энтузиастов'];

export const CITIES: readonly City[] = [
  {
    name: 'Минск',
    country: 'BY',
    weight: 30,
    postal: '220',
    areaCode: '17',
    subscriberDigits: 7,
    plateRegions: ['7'],
    taxPrefix: '19',
    streets: [
      ...BY_STREETS,
      'ул. Тимирязева',
      'ул. Притыцкого',
      'пр-т Партизанский',
      'ул. Селицкого',
      'ул. Казинца',
      'ул. Машиностроителей',
      'пр-т Независимости',
      'пр-т Дзержинского',
    ],
  },
  {
    name: 'Минский р-н, аг. Колодищи',
    country: 'BY',
    weight: 4,
    postal: '223',
    areaCode: '17',
    subscriberDigits: 7,
    plateRegions: ['5'],
    taxPrefix: '69',
    streets: BY_STREETS,
  },
  {
    name: 'Борисов',
    country: 'BY',
    weight: 3,
    postal: '222',
    areaCode: '177',
    subscriberDigits: 6,
    plateRegions: ['5'],
    taxPrefix: '69',
    streets: BY_STREETS,
  },
  {
    name: 'Солигорск',
    country: 'BY',
    weight: 2,
    postal: '223',
    areaCode: '174',
    subscriberDigits: 6,
    plateRegions: ['5'],
    taxPrefix: '69',
    streets: BY_STREETS,
  },
  {
    name: 'Гомель',
    country: 'BY',
    weight: 9,
    postal: '246',
    areaCode: '232',
    subscriberDigits: 6,
    plateRegions: ['3'],
    taxPrefix: '49',
    streets: [...BY_STREETS, 'ул. Барыкина', 'ул. Федюнинского', 'пр-т Речицкий'],
  },
  {
    name: 'Мозырь',
    country: 'BY',
    weight: 2,
    postal: '247',
    areaCode: '236',
    subscriberDigits: 6,
    plateRegions: ['3'],
    taxPrefix: '49',
    streets: BY_STREETS,
  },
  {
    name: 'Брест',
    country: 'BY',
    weight: 7,
    postal: '224',
    areaCode: '162',
    subscriberDigits: 6,
    plateRegions: ['1'],
    taxPrefix: '29',
    streets: [...BY_STREETS, 'ул. Катин Бор', 'ул. Брестских Дивизий', 'ул. Смирнова'],
  },
  {
    name: 'Барановичи',
    country: 'BY',
    weight: 2,
    postal: '225',
    areaCode: '163',
    subscriberDigits: 6,
    plateRegions: ['1'],
    taxPrefix: '29',
    streets: BY_STREETS,
  },
  {
    name: 'Пинск',
    country: 'BY',
    weight: 2,
    postal: '225',
    areaCode: '165',
    subscriberDigits: 6,
    plateRegions: ['1'],
    taxPrefix: '29',
    streets: BY_STREETS,
  },
  {
    name: 'Гродно',
    country: 'BY',
    weight: 6,
    postal: '230',
    areaCode: '152',
    subscriberDigits: 6,
    plateRegions: ['4'],
    taxPrefix: '59',
    streets: [...BY_STREETS, 'ул. Суворова', 'ул. Горького', 'ул. Обухова'],
  },
  {
    name: 'Лида',
    country: 'BY',
    weight: 2,
    postal: '231',
    areaCode: '154',
    subscriberDigits: 6,
    plateRegions: ['4'],
    taxPrefix: '59',
    streets: BY_STREETS,
  },
  {
    name: 'Витебск',
    country: 'BY',
    weight: 5,
    postal: '210',
    areaCode: '212',
    subscriberDigits: 6,
    plateRegions: ['2'],
    taxPrefix: '39',
    streets: [...BY_STREETS, 'ул. Терешковой', 'пр-т Победы', 'ул. Гоголя'],
  },
  {
    name: 'Орша',
    country: 'BY',
    weight: 2,
    postal: '211',
    areaCode: '216',
    subscriberDigits: 6,
    plateRegions: ['2'],
    taxPrefix: '39',
    streets: BY_STREETS,
  },
  {
    name: 'Могилёв',
    country: 'BY',
    weight: 5,
    postal: '212',
    areaCode: '222',
    subscriberDigits: 6,
    plateRegions: ['6'],
    taxPrefix: '79',
    streets: [...BY_STREETS, 'пр-т Шмидта', 'ул. Челюскинцев', 'ш. Славгородское'],
  },
  {
    name: 'Бобруйск',
    country: 'BY',
    weight: 3,
    postal: '213',
    areaCode: '225',
    subscriberDigits: 6,
    plateRegions: ['6'],
    taxPrefix: '79',
    streets: BY_STREETS,
  },
  {
    name: 'Смоленск',
    country: 'RU',
    weight: 6,
    postal: '214',
    areaCode: '4812',
    subscriberDigits: 6,
    plateRegions: ['67'],
    taxPrefix: '67',
    streets: [...RU_STREETS, 'ул. Шевченко', 'ул. Кашена', 'Краснинское ш.'],
  },
  {
    name: 'Москва',
    country: 'RU',
    weight: 8,
    postal: '1',
    areaCode: '495',
    subscriberDigits: 7,
    plateRegions: ['77', '97', '99', '177', '197', '199', '777', '799'],
    taxPrefix: '77',
    streets: [...RU_STREETS, 'Варшавское ш.', 'Каширское ш.', 'ул. Верхние Поля', 'ул. Поморская'],
  },
  {
    name: 'Подольск',
    country: 'RU',
    weight: 2,
    postal: '142',
    areaCode: '4967',
    subscriberDigits: 6,
    plateRegions: ['50', '90', '150', '190', '750'],
    taxPrefix: '50',
    streets: RU_STREETS,
  },
  {
    name: 'Брянск',
    country: 'RU',
    weight: 5,
    postal: '241',
    areaCode: '4832',
    subscriberDigits: 6,
    plateRegions: ['32'],
    taxPrefix: '32',
    streets: [...RU_STREETS, 'ул. Литейная', 'ул. Бежицкая'],
  },
  {
    name: 'Псков',
    country: 'RU',
    weight: 2,
    postal: '180',
    areaCode: '8112',
    subscriberDigits: 6,
    plateRegions: ['60'],
    taxPrefix: '60',
    streets: RU_STREETS,
  },
  {
    name: 'Вязьма',
    country: 'RU',
    weight: 1,
    postal: '215',
    areaCode: '48131',
    subscriberDigits: 5,
    plateRegions: ['67'],
    taxPrefix: '67',
    streets: RU_STREETS,
  },
];

export const BY_MOBILE_CODES = ['25', '29', '29', '29', '33', '33', '44', '44'] as const;
export const RU_MOBILE_CODES = ['903', '905', '910', '915', '916', '920', '925', '930', '950', '960', '980', '999'];

export type Category = 'freight' | 'logistics' | 'bus' | 'agro' | 'construction' | 'trade';

export const CATEGORY_NAMES: Readonly<Record<Category, string>> = {
  freight: 'Грузоперевозки',
  logistics: 'Логистика',
  bus: 'Пассажирские перевозки',
  agro: 'Сельское хозяйство',
  construction: 'Строительство',
  trade: 'Торговля и дистрибуция',
};

export const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['freight', 30],
  ['logistics', 22],
  ['bus', 8],
  ['agro', 14],
  ['construction', 12],
  ['trade', 14],
];

/** Capitalised stems for made-up company names: «БелТрансЛогистик», «Неманавтотранс». */
export const NAME_PREFIXES = [
  'Бел',
  'Мин',
  'Гомель',
  'Брест',
  'Гродно',
  'Витебск',
  'Полесье',
  'Неман',
  'Днепр',
  'Припять',
  'Запад',
  'Восток',
  'Евро',
  'Рус',
  'Смол',
  'Интер',
  'Гранд',
  'Альфа',
  'Вектор',
  'Сож',
  'Двина',
  'Берёза',
  'Свислочь',
  'Нарочь',
  'Север',
  'Юг',
  'Магистраль',
  'Балт',
  'Кривич',
  'Десна',
] as const;

export const CAMEL_ROOTS: Readonly<Record<Category, readonly string[]>> = {
  freight: [
    'ТрансЛогистик',
    'АвтоТранс',
    'ГрузЭкспресс',
    'ТрансКарго',
    'ТракСервис',
    'ДальРейс',
    'РефТранс',
    'АвтоЛайн',
  ],
  logistics: ['ЛогистикСервис', 'ТрансЭкспедиция', 'КаргоЛайн', 'ЭкспрессДоставка', 'ТрансВектор', 'Логистик'],
  bus: ['ТрансПассаж', 'АвтоЭкспресс', 'МаршрутСервис', 'ТурТранс'],
  agro: ['АгроТорг', 'АгроСервис', 'АгроПродукт', 'МолПром', 'ЗерноПродукт'],
  construction: ['ДорСтрой', 'СтройТехника', 'СтройМеханизация', 'МостСтрой', 'СпецТехСтрой'],
  trade: ['Торг', 'Опт', 'Продукт', 'Дистрибуция', 'ТоргСервис', 'Снаб'],
};

/** Lower-case tails for names in the «Гомельоблавтотранс» style. */
export const SOLID_TAILS: Readonly<Record<Category, readonly string[]>> = {
  freight: ['автотранс', 'транссервис', 'спецавто', 'облавтотранс'],
  logistics: ['транслогистик', 'экспедиция'],
  bus: ['автотранс', 'облавтотранс', 'пассажиртранс'],
  agro: ['агросервис', 'агропромтранс', 'хлебопродукт', 'молоко'],
  construction: ['дорстрой', 'стройтранс', 'промстрой'],
  trade: ['торг', 'продторг', 'снаб'],
};

export const AGRO_NAMES = [
  'Рассвет',
  'Заря',
  'Прогресс',
  'Восход',
  'Победа',
  'Дружба',
  'Родина',
  'Колос',
  'Нива',
  'Новый путь',
  'Светлый путь',
  'Красный Октябрь',
  'Берёзки',
  'Ольшаны',
  'Жемчужина',
] as const;

export const BY_FORMS = ['ООО', 'ООО', 'ООО', 'ОАО', 'ЗАО', 'ЧТУП', 'ЧТУП', 'ЧУП', 'УП', 'ОДО', 'СООО'] as const;
export const RU_FORMS = ['ООО', 'ООО', 'ООО', 'ООО', 'АО', 'ПАО', 'ЗАО'] as const;

export type VehicleModel = Readonly<{
  make: string;
  model: string;
  /** World manufacturer identifier of the VIN; null for machines that carry a serial number instead. */
  wmi: string | null;
  tank: number;
  /** Which client categories run this machine, and how often. */
  fleets: readonly Category[];
}>;

const TRUCKS: readonly Category[] = ['freight', 'logistics'];

export const VEHICLE_MODELS: readonly VehicleModel[] = [
  { make: 'МАЗ', model: '5440', wmi: 'Y3M', tank: 500, fleets: [...TRUCKS, 'trade'] },
  { make: 'МАЗ', model: '6312', wmi: 'Y3M', tank: 350, fleets: [...TRUCKS, 'construction'] },
  { make: 'МАЗ', model: '6501', wmi: 'Y3M', tank: 350, fleets: ['construction', 'agro'] },
  { make: 'МАЗ', model: '5551', wmi: 'Y3M', tank: 200, fleets: ['agro', 'construction'] },
  { make: 'МАЗ', model: '4371 «Зубрёнок»', wmi: 'Y3M', tank: 200, fleets: ['trade', 'agro'] },
  { make: 'МАЗ', model: '203', wmi: 'Y3M', tank: 300, fleets: ['bus'] },
  { make: 'МАЗ', model: '206', wmi: 'Y3M', tank: 230, fleets: ['bus'] },
  { make: 'МАЗ', model: '231', wmi: 'Y3M', tank: 400, fleets: ['bus'] },
  { make: 'Volvo', model: 'FH 460', wmi: 'YV2', tank: 700, fleets: TRUCKS },
  { make: 'Volvo', model: 'FMX 460', wmi: 'YV2', tank: 400, fleets: ['construction'] },
  { make: 'Scania', model: 'R450', wmi: 'YS2', tank: 800, fleets: TRUCKS },
  { make: 'Scania', model: 'P410', wmi: 'YS2', tank: 400, fleets: ['construction', 'trade'] },
  { make: 'DAF', model: 'XF 480', wmi: 'XLR', tank: 850, fleets: TRUCKS },
  { make: 'MAN', model: 'TGX 18.440', wmi: 'WMA', tank: 750, fleets: TRUCKS },
  { make: 'MAN', model: 'TGS 33.440', wmi: 'WMA', tank: 400, fleets: ['construction'] },
  { make: 'Renault', model: 'T 460', wmi: 'VF6', tank: 700, fleets: TRUCKS },
  { make: 'Mercedes-Benz', model: 'Actros 1845', wmi: 'WDB', tank: 800, fleets: TRUCKS },
  { make: 'Mercedes-Benz', model: 'Sprinter', wmi: 'WDB', tank: 93, fleets: ['bus', 'trade', 'logistics'] },
  { make: 'Iveco', model: 'Daily', wmi: 'ZCF', tank: 90, fleets: ['trade', 'logistics'] },
  { make: 'Iveco', model: 'S-Way', wmi: 'ZCF', tank: 800, fleets: TRUCKS },
  { make: 'КАМАЗ', model: '5490', wmi: 'XTC', tank: 600, fleets: TRUCKS },
  { make: 'КАМАЗ', model: '6520', wmi: 'XTC', tank: 350, fleets: ['construction'] },
  { make: 'КАМАЗ', model: '45143', wmi: 'XTC', tank: 350, fleets: ['agro'] },
  { make: 'ГАЗ', model: 'ГАЗель Next', wmi: 'X96', tank: 64, fleets: ['trade', 'logistics', 'bus'] },
  { make: 'ГАЗ', model: '3309', wmi: 'X96', tank: 105, fleets: ['agro', 'trade'] },
  { make: 'ПАЗ', model: '3205', wmi: 'X1M', tank: 105, fleets: ['bus'] },
  { make: 'ЛиАЗ', model: '5292', wmi: 'XTY', tank: 250, fleets: ['bus'] },
  { make: 'МТЗ', model: '82.1 «Беларус»', wmi: null, tank: 130, fleets: ['agro', 'construction'] },
  { make: 'МТЗ', model: '1221.2 «Беларус»', wmi: null, tank: 250, fleets: ['agro'] },
  { make: 'Гомсельмаш', model: 'КЗС-1218 «Палессе»', wmi: null, tank: 500, fleets: ['agro'] },
  { make: 'Амкодор', model: '342В', wmi: null, tank: 190, fleets: ['construction', 'agro'] },
];

export const TRACKERS = [
  'Teltonika FMB920',
  'Teltonika FMB920',
  'Teltonika FMB125',
  'Teltonika FMC130',
  'Teltonika FMB140',
  'Teltonika FMC650',
  'Galileosky 10',
  'Galileosky 7.0',
  'Navtelecom СИГНАЛ S-2651',
  'Omnicomm Profi 3.0',
] as const;

export const FUEL_SENSORS = [
  'Omnicomm LLS 5',
  'Omnicomm LLS 5',
  'Omnicomm LLS 4',
  'Omnicomm LLS 30160',
  'Технотон DUT-E S7',
  'Технотон DUT-E 2Z',
  'Эскорт ТД-150',
] as const;

export const OTHER_EQUIPMENT = [
  'CAN-адаптер Teltonika ECAN02',
  'расходомер Технотон DFM 100',
  'тахограф Штрих-Тахо RUS',
  'видеорегистратор Howen Hero-ME40',
  'тревожная кнопка',
] as const;

export const CONTACT_ROLES = [
  ['диспетчер', 5],
  ['механик', 5],
  ['начальник гаража', 2],
  ['директор', 2],
  ['заместитель директора', 1],
  ['бухгалтер', 3],
  ['главный инженер', 1],
  ['логист', 2],
  ['водитель', 1],
] as const;

export const EMAIL_DOMAINS_BY = ['gmail.com', 'mail.ru', 'tut.by', 'yandex.by', 'mail.ru'] as const;
export const EMAIL_DOMAINS_RU = ['gmail.com', 'mail.ru', 'yandex.ru', 'bk.ru', 'mail.ru'] as const;

const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Latin spelling for e-mail addresses and logins. */
export function translit(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');
}

export const CLIENT_NOTES = [
  'Оплата только по безналу, счёт отправлять на почту бухгалтеру.',
  'Въезд на территорию по пропуску, заказывать за день через диспетчера.',
  'Ключевой клиент, заявки в приоритете.',
  'Машины на базе только по выходным, в будни — в рейсах.',
  'Просят звонить механику, директора не беспокоить.',
  'Договор на абонентское обслуживание, выезды по гарантии бесплатно.',
  'Часть парка на стоянке в другом городе, уточнять адрес перед выездом.',
  'Предоплата 100% по платным выездам.',
  'Парк обновляется, старые трекеры переносим на новые машины.',
  'Работают с Wialon Hosting, логины выдаём мы.',
] as const;

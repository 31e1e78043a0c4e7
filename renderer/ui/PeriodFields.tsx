import { useTranslation } from 'react-i18next';
import { DateField } from './DateField';

export type Period = Readonly<{ from: string; to: string }>;

/** A period's first and last day, each a date field in the UI's language (`yyyy-MM-dd` values). */
export function PeriodFields({
  value,
  onChange,
  testId,
}: Readonly<{ value: Period; onChange: (next: Period) => void; testId: string }>) {
  const { t } = useTranslation();
  return (
    <>
      <DateField
        size="small"
        label={t('kpi.report.from')}
        value={value.from}
        onChange={(from) => onChange({ ...value, from })}
        testId={`${testId}-from`}
        width={180}
      />
      <DateField
        size="small"
        label={t('kpi.report.to')}
        value={value.to}
        onChange={(to) => onChange({ ...value, to })}
        testId={`${testId}-to`}
        width={180}
      />
    </>
  );
}

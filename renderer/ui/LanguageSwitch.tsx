import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGS } from '../i18n/languages';
import { setLang } from '../i18n/index';
import { useLocale } from './useLocale';

/** Memoised: it sits in the top bar, which renders with every render of the pane below it. */
export const LanguageSwitch = memo(function LanguageSwitch() {
  const { t } = useTranslation();
  const { lang } = useLocale();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={lang}
      aria-label={t('language.label')}
      onChange={(_event, value: unknown) => {
        const next = LANGS.find((l) => l === value);
        if (next) setLang(next);
      }}
    >
      {LANGS.map((l) => (
        <ToggleButton key={l} value={l} data-testid={`lang-${l}`} sx={{ px: 1, py: 0.25, fontSize: 12 }}>
          {t(`language.${l}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
});

import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../core/planning/contract';

const ALL = '\u0000all';

/**
 * Which engineers the board shows: one group (team · region) or all, a page at a time. The calendar draws
 * every row it is given, so a company of hundreds of engineers is planned a group or a page at a time.
 */
export function PlannerPager({
  board,
  group,
  pageSize,
  onChange,
}: Readonly<{
  board: Board | undefined;
  group: string | null;
  pageSize: number;
  onChange(page: Readonly<{ group: string | null; offset: number }>): void;
}>) {
  const { t } = useTranslation();
  const total = board?.engineerTotal ?? 0;
  const offset = board?.offset ?? 0;
  const shown = board?.engineers.length ?? 0;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
      <TextField
        select
        size="small"
        label={t('planner.group')}
        value={group ?? ALL}
        onChange={(e) => onChange({ group: e.target.value === ALL ? null : e.target.value, offset: 0 })}
        sx={{ minWidth: 220 }}
        slotProps={{ htmlInput: { 'data-testid': 'planner-group' } }}
      >
        <MenuItem value={ALL}>{t('planner.allGroups')}</MenuItem>
        {(board?.groups ?? []).map((g) => (
          <MenuItem key={g.key} value={g.key}>
            {g.key} · {g.engineers}
          </MenuItem>
        ))}
        {group !== null && !board?.groups.some((g) => g.key === group) && <MenuItem value={group}>{group}</MenuItem>}
      </TextField>
      <IconButton
        size="small"
        aria-label={t('planner.previousPage')}
        disabled={offset === 0}
        onClick={() => onChange({ group, offset: Math.max(0, offset - pageSize) })}
      >
        ‹
      </IconButton>
      <Typography variant="body2" data-testid="planner-page">
        {total === 0 ? '0' : `${offset + 1}–${offset + shown}`} {t('planner.of')} {total}
      </Typography>
      <IconButton
        size="small"
        aria-label={t('planner.nextPage')}
        disabled={offset + shown >= total}
        onClick={() => onChange({ group, offset: offset + pageSize })}
      >
        ›
      </IconButton>
    </Box>
  );
}

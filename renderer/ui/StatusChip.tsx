import Chip from '@mui/material/Chip';
import { useTheme, type Theme } from '@mui/material/styles';
import { useStatuses } from './statuses';

export const FALLBACK_STATUS_COLOR = '#757575';

const chipSx = { fontWeight: 500, maxWidth: '100%', height: 22, fontSize: 12 } as const;

/** The text colour readable on each status colour, per theme: the contrast maths is too slow for every render. */
const contrastCache = new WeakMap<Theme, Map<string, string>>();

export function textOn(theme: Theme, color: string): string {
  let byColor = contrastCache.get(theme);
  if (!byColor) {
    byColor = new Map();
    contrastCache.set(theme, byColor);
  }
  let text = byColor.get(color);
  if (text === undefined) {
    text = theme.palette.getContrastText(color);
    byColor.set(color, text);
  }
  return text;
}

export function StatusChip({ status }: Readonly<{ status: string }>) {
  const statuses = useStatuses();
  const theme = useTheme();
  const color = statuses.byCode.get(status)?.color ?? FALLBACK_STATUS_COLOR;
  // The colour is data (an admin picks it), so it goes inline: in `sx` every colour would be one more emotion
  // rule, inserted while the grid renders, which makes the browser restyle the whole document.
  return (
    <Chip
      size="small"
      label={statuses.name(status)}
      data-testid="status-chip"
      data-status={status}
      style={{ backgroundColor: color, color: textOn(theme, color) }}
      sx={chipSx}
    />
  );
}

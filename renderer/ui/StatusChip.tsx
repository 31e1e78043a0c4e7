import Chip from '@mui/material/Chip';
import { useStatuses } from './statuses';

const FALLBACK_COLOR = '#757575';

export function StatusChip({ status }: Readonly<{ status: string }>) {
  const statuses = useStatuses();
  const color = statuses.byCode.get(status)?.color ?? FALLBACK_COLOR;
  return (
    <Chip
      size="small"
      label={statuses.name(status)}
      data-testid="status-chip"
      data-status={status}
      sx={{
        bgcolor: color,
        color: (theme) => theme.palette.getContrastText(color),
        fontWeight: 500,
        maxWidth: '100%',
        height: 22,
        fontSize: 12,
      }}
    />
  );
}

import Chip from '@mui/material/Chip';
import { PALETTE, readableChip } from './palette';
import { useStatuses } from './statuses';

const chipSx = { fontWeight: 500, maxWidth: '100%', height: 22, fontSize: 12 } as const;

export function StatusChip({ status }: Readonly<{ status: string }>) {
  const statuses = useStatuses();
  const chip = readableChip(statuses.byCode.get(status)?.color ?? PALETTE.neutral);
  // The colour is data (an admin picks it), so it is set per chip: in `sx` every colour would be one more emotion
  // rule, inserted while the grid renders, which makes the browser restyle the whole document.
  return (
    <Chip
      size="small"
      label={statuses.name(status)}
      title={statuses.name(status)}
      data-testid="status-chip"
      data-status={status}
      style={{ backgroundColor: chip.background, color: chip.color }}
      sx={chipSx}
    />
  );
}

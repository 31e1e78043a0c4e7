export function StatusTimesPanel() {
  return null;
}

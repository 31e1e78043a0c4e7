import { openDatabase } from '../../replica/open-store.js';
import { generateDemo, type DemoOptions, type DemoSummary } from './generate.js';

/**
 * Fills a desk's data file with demo data when it has no tickets yet, before any workstation opens it (the
 * workstation itself never writes around its mutation runner). Returns null when the file already has data.
 */
export async function fillDemoIfEmpty(
  dataFile: string,
  options: DemoOptions,
  starting: (tickets: number) => void = () => {},
): Promise<DemoSummary | null> {
  const db = openDatabase(dataFile);
  try {
    if (db.prepare('SELECT 1 FROM tickets LIMIT 1').get() !== undefined) return null;
    starting(options.tickets);
    return await generateDemo(db, options);
  } finally {
    db.close();
  }
}

import { findChromium, findPostgres } from './find-tools.js';

/** `npm test`'s first step: stops at once, one line per missing tool, before lint and the unit tests. */
const missing = [findChromium(), findPostgres()].flatMap((found) => (found.ok ? [] : [found.missing]));
for (const line of missing) console.error(`npm test cannot run: ${line}`);
if (missing.length > 0) process.exit(1);

// The Electron main entry. Everything that touches Electron lives in shell/; this file only starts it.
import { startShell } from './shell/app.js';

void startShell({ argv: process.argv, env: process.env, cwd: process.cwd(), platform: process.platform });

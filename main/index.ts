// The Electron main entry. Everything that touches Electron lives in shell/; this file only starts it.
import './shell/app.js';

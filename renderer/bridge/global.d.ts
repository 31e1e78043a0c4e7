import type { PultApi } from '../../core/contract.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser, where the HTTP client stands in. */
    readonly pult?: PultApi;
  }
}

export {};

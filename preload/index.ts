import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './api.js';

/**
 * The contract's method names, written in at build time by electron.vite.config.ts from core/contract.ts.
 * Importing METHOD_NAMES instead would bundle zod and every schema into the sandboxed preload just to read
 * a list of strings; main parses every payload with the schemas anyway.
 */
declare const __PULT_METHOD_NAMES__: readonly string[];

contextBridge.exposeInMainWorld('pult', createPreloadApi(ipcRenderer, __PULT_METHOD_NAMES__));

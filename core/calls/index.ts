export * from './caller.js';
export * from './outcome.js';
export * from './reason.js';

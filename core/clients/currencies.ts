/**
 * The currencies a client pays in. A module of its own, without zod, so that the window can list them
 * without bundling the schema library (tests/e2e/bundle.spec.ts).
 */
export const CURRENCIES = ['BYN', 'RUB'] as const;

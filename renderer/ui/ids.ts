import { v7 as uuidv7 } from 'uuid';

/**
 * A new row id, made once at this desk when the user starts an action (UUID v7: time-ordered, so new rows
 * append to the stores' indexes). Keep it for retries of the same action: the server refuses an id twice.
 */
export function newId(): string {
  return uuidv7();
}

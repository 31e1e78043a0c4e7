import type { z } from 'zod';
import {
  OkCompany,
  OkContact,
  OkEquipment,
  OkIssue,
  OkIssueListItem,
  OkMaintenanceEntity,
  type OkdeskData,
  type OkSkipped,
} from '../../core/import/okdesk.js';
import { PultError } from '../../core/result.js';

/**
 * Reads an Okdesk account through its REST API. Runs in the desk's main process: the API token is handed
 * over once by the import dialog and lives only in this reader's closure for the run — never stored, never
 * sent back to the window, and never part of an error or a log line (messages name the account's host only,
 * never a URL, which would carry the token).
 */

export type OkdeskAccount = Readonly<{
  /** `https://ACCOUNT.okdesk.ru/api/v1/`, or a loopback URL for tests. */
  baseUrl: string;
  token: string;
}>;

export type OkdeskProgress = Readonly<{ stage: keyof OkdeskData; items: number }>;

const PAGE_SIZE = 100;
/** A safety stop: an account that keeps answering full pages past this is not one Pult can import at once. */
const MAX_PAGES = 2_000;
const TIMEOUT_MS = 30_000;

/** The API base for an account name (`acme`), or the URL as given (an on-premises Okdesk, a test fake). */
export function okdeskBaseUrl(account: string): string {
  const trimmed = account.trim();
  if (/^[a-z0-9][a-z0-9-]{0,62}$/i.test(trimmed)) return `https://${trimmed.toLowerCase()}.okdesk.ru/api/v1/`;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new PultError('invalid-input', `"${trimmed.slice(0, 80)}" is neither an Okdesk account name nor a URL`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new PultError('invalid-input', 'The Okdesk address must use https:// (the token travels with every request)');
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  if (!url.pathname.endsWith('/api/v1/')) url.pathname += 'api/v1/';
  return url.toString();
}

type Fetch = typeof fetch;

export function createOkdeskReader(account: OkdeskAccount, fetchImpl: Fetch = fetch, signal?: AbortSignal) {
  const host = new URL(account.baseUrl).host;

  async function get(path: string, params: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const url = new URL(path, account.baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('api_token', account.token);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      if (signal?.aborted) throw new PultError('conflict', 'The import was cancelled');
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new PultError('server-unreachable', `Okdesk at ${host} cannot be reached (${cause})`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new PultError('unauthorized', `Okdesk at ${host} refused the API token (HTTP ${response.status})`);
    }
    if (!response.ok) {
      throw new PultError('server-unreachable', `Okdesk at ${host} answered HTTP ${response.status} to ${path}`);
    }
    try {
      return await response.json();
    } catch {
      throw new PultError('server-unreachable', `Okdesk at ${host} answered ${path} with something that is not JSON`);
    }
  }

  /** Items of a page that fit the schema; the others are reported, not fatal. */
  function sift<S extends z.ZodType>(
    schema: S,
    page: unknown,
    what: string,
    path: string,
    skipped: OkSkipped[],
  ): z.output<S>[] {
    if (!Array.isArray(page)) {
      throw new PultError('server-unreachable', `Okdesk at ${host} answered ${path} with something that is not a list`);
    }
    const good: z.output<S>[] = [];
    for (const item of page) {
      const parsed = schema.safeParse(item);
      if (parsed.success) good.push(parsed.data);
      else {
        const id = (item as { id?: unknown } | null)?.id;
        const issue = parsed.error.issues[0];
        skipped.push({
          line: `${what} ${typeof id === 'number' || typeof id === 'string' ? id : '?'}`,
          reason: 'malformed',
          detail: issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : null,
        });
      }
    }
    return good;
  }

  /** A list that pages by id (`page[from_id]`, forward), to its end. */
  async function byId<S extends z.ZodType>(
    path: string,
    schema: S,
    what: string,
    skipped: OkSkipped[],
    progress: (items: number) => void,
  ): Promise<z.output<S>[]> {
    const all: z.output<S>[] = [];
    let fromId: number | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const params: Record<string, string> = { 'page[size]': String(PAGE_SIZE), 'page[direction]': 'forward' };
      if (fromId !== null) params['page[from_id]'] = String(fromId);
      const page = await get(path, params);
      const items = sift(schema, page, what, path, skipped);
      all.push(...items);
      progress(all.length);
      const ids = (page as { id?: unknown }[]).map((i) => i?.id).filter((i): i is number => typeof i === 'number');
      if ((page as unknown[]).length < PAGE_SIZE || ids.length === 0) return all;
      fromId = Math.max(...ids);
    }
    throw new PultError('invalid-input', `Okdesk's ${path} has more than ${MAX_PAGES * PAGE_SIZE} items`);
  }

  return {
    /** Everything the import needs, in the order it is imported; `progress` after every page. */
    async readAll(progress: (p: OkdeskProgress) => void = () => undefined) {
      const skipped: OkSkipped[] = [];
      const companies = await byId('companies/list', OkCompany, 'company', skipped, (items) =>
        progress({ stage: 'companies', items }),
      );
      const contacts = await byId('contacts/list', OkContact, 'contact', skipped, (items) =>
        progress({ stage: 'contacts', items }),
      );
      const entities = await byId(
        'maintenance_entities/list',
        OkMaintenanceEntity,
        'maintenance entity',
        skipped,
        (items) => progress({ stage: 'entities', items }),
      );
      const equipment = await byId('equipments/list', OkEquipment, 'equipment', skipped, (items) =>
        progress({ stage: 'equipment', items }),
      );
      const issues: z.output<typeof OkIssue>[] = [];
      for (let number = 1; number <= MAX_PAGES; number += 1) {
        const page = await get('issues/list', { 'page[number]': String(number), 'page[size]': String(PAGE_SIZE) });
        const listed = sift(OkIssueListItem, page, 'issue', 'issues/list', skipped);
        for (const { id } of listed) {
          const [issue] = sift(OkIssue, [await get(`issues/${id}`)], 'issue', `issues/${id}`, skipped);
          if (issue) issues.push(issue);
        }
        progress({ stage: 'issues', items: issues.length });
        if ((page as unknown[]).length < PAGE_SIZE) break;
      }
      const data: OkdeskData = { companies, contacts, entities, equipment, issues };
      return { data, skipped };
    },
  };
}

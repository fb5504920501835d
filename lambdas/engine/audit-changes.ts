/**
 * What the audit log says changed: for `audit` types (see incremental.ts), the IDs of the entities it
 * names (created, changed, deleted, members added or removed) since the base snapshot's start.
 *
 * One asynchronous query per service (`POST /api/v2/audits/query`, state polled at
 * `GET .../{transactionId}`, results paged by cursor at `GET .../{transactionId}/results`, 500 per page,
 * the documented maximum), filtered here by entity type. The window starts `AUDIT_MARGIN_MS` before the
 * base run started: an entry can arrive minutes after its event, so one the base run could not see yet
 * is still in this window. Entries of this run's own last minutes may not have arrived: the next run's
 * window covers them.
 */
import type { Clock } from './clock.ts';
import { errorMessage } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';

/**
 * How late an audit entry may arrive, with room to spare. Not documented by Genesys: an assumption (the
 * simulator delivers entries up to 5 minutes late).
 */
export const AUDIT_MARGIN_MS = 15 * 60_000;

/** How far back the window may reach: the realtime query's documented 14 days, as a conservative bound. */
export const AUDIT_REACH_MS = 14 * 86_400_000;

const POLL_MS = 1_000;
const MAX_POLLS = 300;

interface QueryStatus {
  id?: string;
  state?: string;
}
interface QueryResults {
  cursor?: string;
  entities?: Array<{ entityType?: string; entity?: { id?: string } }>;
}

/** Entity IDs by entity type, or why the audit could not be read (the types fall back to full reads). */
export type AuditedChanges =
  | { readonly ok: true; readonly ids: ReadonlyMap<string, ReadonlySet<string>> }
  | { readonly ok: false; readonly reason: string };

export async function auditedChanges(
  client: Pick<GenesysClient, 'get' | 'post'>,
  clock: Clock,
  services: ReadonlyMap<string, readonly string[]>,
  from: number,
  to: number,
): Promise<AuditedChanges> {
  const ids = new Map<string, Set<string>>();
  const interval = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
  try {
    for (const [serviceName, entityTypes] of [...services].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const t of entityTypes) if (!ids.has(t)) ids.set(t, new Set());
      const started = await client.post<QueryStatus>('/api/v2/audits/query', { interval, serviceName });
      const txn = encodeURIComponent(String(started.id));
      let state = started.state;
      for (let polls = 0; state !== 'Succeeded'; polls++) {
        if (state === 'Failed' || state === 'Cancelled' || polls >= MAX_POLLS)
          return {
            ok: false,
            reason: `the audit query for ${serviceName} ended ${state ?? 'without a state'}`,
          };
        await clock.sleep(POLL_MS);
        state = (await client.get<QueryStatus>(`/api/v2/audits/query/${txn}`)).state;
      }
      let cursor: string | undefined;
      do {
        const q = `pageSize=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await client.get<QueryResults>(`/api/v2/audits/query/${txn}/results?${q}`);
        for (const m of page.entities ?? []) {
          const id = m.entity?.id;
          if (m.entityType && id) ids.get(m.entityType)?.add(id);
        }
        cursor = page.cursor || undefined;
      } while (cursor);
    }
  } catch (err) {
    return { ok: false, reason: `the audit log could not be read (${errorMessage(err)})` };
  }
  return { ok: true, ids };
}

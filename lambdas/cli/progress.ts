/**
 * Progress of `export run`, fed by the engine's events and by the batches it stages.
 *
 * - On a terminal (`live`): a block redrawn in place: elapsed time, batches, API requests, an ETA, and
 *   per type `exported of selected`.
 * - Off a terminal (`plain`: CI, Lambda logs, `| tee`): plain lines: the listing's result, each round of
 *   referenced resources, each type as it finishes, and a heartbeat every 10 s.
 * - `quiet`: nothing but the lines written through `line()`.
 *
 * Counts are believable: a type's total is what was staged for it (its selection, then each round of
 * resources that others reference), stated once known and grown as rounds add to it; a batch only ever
 * exports resources it was given, so `exported` never passes the total (it may stay below it: resources
 * a name filter left out, referenced IDs the org no longer has, errors).
 *
 * ETA: the API requests the staged resources still need after listing (a detail read, one page per
 * sub-resource, about three per 50 flows for the export job, one per resource read by ID or per 100
 * where the listing takes an ID filter), divided by
 * the rate limit (300 requests a minute per token, Genesys Cloud's default for client credentials) or
 * by the rate of the last minute when requests went slower than that (latency or concurrency bound).
 * It covers what is planned: a later round of references adds to it.
 */
import { CATALOG, typeByName } from '../engine/catalog/index.ts';
import { type Clock, systemClock } from '../engine/clock.ts';
import type { EngineEvent } from '../engine/context.ts';
import { compare } from '../engine/order.ts';

export type ProgressMode = 'live' | 'plain' | 'quiet';

export interface ProgressOptions {
  readonly mode: ProgressMode;
  /** Time base of elapsed time, rate and ETA: the API client's clock. */
  readonly clock?: Clock;
  /** Plain mode: real milliseconds between heartbeat lines (default 10 s). */
  readonly heartbeatMs?: number;
  /** API requests sent so far. */
  readonly requests?: () => number;
  /** How many types the run lists (for the listing's heartbeat). */
  readonly types?: number;
  /** Requests a minute the ETA assumes at most (default 300). */
  readonly rateLimitPerMinute?: number;
}

/** Genesys Cloud's default rate limit for a client-credentials token. */
export const ASSUMED_RATE_LIMIT_PER_MINUTE = 300;
const FLOWS_PER_EXPORT_JOB = 50;
const REQUESTS_PER_EXPORT_JOB = 3;
/** IDs one filtered listing request reads, for types whose listing takes an `id` filter. */
const IDS_PER_REQUEST = 100;

interface Row {
  /** Resources selected by the plan (known once the type is listed). */
  selected: number;
  /** Resources staged for this type in later rounds (referenced by others). */
  byReference: number;
  /** Of those, resources to read by ID (one request each). */
  byId: number;
  listed: boolean;
  exported: number;
  batchesStaged: number;
  batchesDone: number;
  failed: boolean;
  /** `exported` when its last "finished" line was printed. */
  reported: number | undefined;
}

export interface ProgressSnapshot {
  readonly phase: 'listing' | 'exporting' | 'finalizing';
  readonly elapsedMs: number;
  readonly batchesDone: number;
  readonly batchesPlanned: number;
  readonly exported: number;
  /** Undefined while a type with exported resources has no known total (a feed without totals). */
  readonly selected: number | undefined;
  readonly requests: number | undefined;
  readonly etaMs: number | undefined;
  readonly types: ReadonlyArray<{ type: string; exported: number; total: number | undefined; done: boolean }>;
}

export class ProgressDisplay {
  private readonly rows = new Map<string, Row>();
  private readonly opts: ProgressOptions;
  private readonly mode: ProgressMode;
  private readonly clock: Clock;
  private readonly startedAt: number;
  private readonly samples: Array<{ at: number; requests: number }> = [];
  /** Per round after the plan, resources staged per type. */
  private readonly roundAdds = new Map<number, Map<string, number>>();
  private drawnLines = 0;
  private drawTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private batchesPlanned = 0;
  private batchesDone = 0;
  private phase: ProgressSnapshot['phase'] = 'listing';
  private stopped = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    modeOrEnabled: boolean | ProgressOptions,
  ) {
    const opts: ProgressOptions =
      typeof modeOrEnabled === 'boolean' ? { mode: modeOrEnabled ? 'live' : 'quiet' } : modeOrEnabled;
    this.opts = opts;
    this.mode = opts.mode;
    this.clock = opts.clock ?? systemClock;
    this.startedAt = this.clock.now();
    if (this.mode === 'live') {
      this.drawTimer = setInterval(() => this.draw(), 200);
      this.drawTimer.unref();
    }
    if (this.mode === 'plain') {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), opts.heartbeatMs ?? 10_000);
      this.heartbeatTimer.unref();
    }
  }

  on(e: EngineEvent): void {
    if (e.kind === 'listed') {
      const r = this.row(e.type);
      r.selected = e.selected;
      r.listed = true;
    }
    if (e.kind === 'planned') {
      this.batchesPlanned += e.batches;
      if (e.round === 0) {
        this.phase = 'exporting';
        this.plain(this.listedLine());
      } else this.plain(this.roundLine(e.round, e.batches));
    }
    if (e.kind === 'batch-done') {
      const r = this.row(e.type);
      r.exported += e.exported;
      r.batchesDone++;
      r.failed ||= e.failed;
      this.batchesDone++;
      if (this.finished(r) && r.reported !== r.exported) {
        r.reported = r.exported;
        this.plain(this.finishedLine(e.type, r));
      }
    }
    if (e.kind === 'finalizing') {
      this.phase = 'finalizing';
      this.plain(
        `Finalizing after ${duration(this.elapsed())}: ${this.exportedTotal()} resources exported; promoting files and writing the manifest`,
      );
    }
  }

  /** A batch of `resources` resources staged for `type` in `round` (0: the plan's selection). */
  staged(type: string, resources: number, round: number, byId: boolean): void {
    const r = this.row(type);
    r.batchesStaged++;
    if (round > 0) {
      // A type outside the selection is known from its first round of references.
      r.listed = true;
      r.byReference += resources;
      if (byId) r.byId += resources;
      const added = this.roundAdds.get(round) ?? new Map<string, number>();
      added.set(type, (added.get(type) ?? 0) + resources);
      this.roundAdds.set(round, added);
    }
  }

  /** Writes a line above the live block (warnings, verbose API calls). */
  line(text: string): void {
    if (this.mode !== 'live') {
      this.out.write(`${text}\n`);
      return;
    }
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  stop(): void {
    this.stopped = true;
    if (this.drawTimer) clearInterval(this.drawTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.mode === 'live') this.clear();
  }

  snapshot(): ProgressSnapshot {
    const types = [...this.rows]
      .sort(([a], [b]) => compare(a, b))
      .map(([type, r]) => ({
        type,
        exported: r.exported,
        total: r.listed ? this.total(r) : undefined,
        done: this.finished(r),
      }));
    return {
      phase: this.phase,
      elapsedMs: this.elapsed(),
      batchesDone: this.batchesDone,
      batchesPlanned: this.batchesPlanned,
      exported: this.exportedTotal(),
      selected: [...this.rows.values()].every((r) => r.listed || r.exported === 0)
        ? [...this.rows.values()].reduce((a, r) => a + (r.listed ? this.total(r) : 0), 0)
        : undefined,
      requests: this.opts.requests?.(),
      etaMs: this.eta(),
      types,
    };
  }

  /** What a stopped run had done: for the lines after "Interrupted". */
  stoppedLine(): string {
    const s = this.snapshot();
    if (s.phase === 'listing')
      return `Stopped while listing, after ${duration(s.elapsedMs)}${requestsText(s.requests)}; nothing was exported`;
    const unfinished = s.types
      .filter((t) => !t.done && t.total !== undefined && t.total > 0)
      .map((t) => `${t.type} ${t.exported} of ${t.total}`);
    const shown =
      unfinished.length > 6 ? [...unfinished.slice(0, 5), `${unfinished.length - 5} more types`] : unfinished;
    return `Stopped after ${duration(s.elapsedMs)}: batches ${s.batchesDone} of ${s.batchesPlanned} done, ${ofTotal(s.exported, s.selected)} resources exported${requestsText(s.requests)}${shown.length ? `; unfinished: ${shown.join(', ')}` : ''}`;
  }

  private row(type: string): Row {
    let r = this.rows.get(type);
    if (!r) {
      r = {
        selected: 0,
        byReference: 0,
        byId: 0,
        listed: false,
        exported: 0,
        batchesStaged: 0,
        batchesDone: 0,
        failed: false,
        reported: undefined,
      };
      this.rows.set(type, r);
    }
    return r;
  }

  /** Selected plus referenced; never below what was exported. */
  private total(r: Row): number {
    return Math.max(r.selected + r.byReference, r.exported);
  }

  private finished(r: Row): boolean {
    return r.listed && r.batchesDone >= r.batchesStaged && this.phase !== 'listing';
  }

  private exportedTotal(): number {
    return [...this.rows.values()].reduce((a, r) => a + r.exported, 0);
  }

  private elapsed(): number {
    return Math.max(0, this.clock.now() - this.startedAt);
  }

  /** Requests the unfinished types still need (see the module comment for what one resource costs). */
  private requestsLeft(): number {
    let left = 0;
    for (const [type, r] of this.rows) {
      if (!r.listed || this.finished(r)) continue;
      const t = typeByName(type);
      const pending = Math.max(0, this.total(r) - r.exported);
      if (!t || pending === 0) continue;
      const perResource = (t.detail ? 1 : 0) + (t.subResources?.length ?? 0);
      const jobs = t.flowDefinition ? Math.ceil(pending / FLOWS_PER_EXPORT_JOB) * REQUESTS_PER_EXPORT_JOB : 0;
      const unread = Math.min(pending, r.byId);
      const byId = t.list.idFilter ? Math.ceil(unread / IDS_PER_REQUEST) : unread;
      left += pending * perResource + jobs + byId;
    }
    return left;
  }

  /** Requests per ms: the assumed limit, or the last minute's rate when that was lower. */
  private rate(): number {
    const limit = (this.opts.rateLimitPerMinute ?? ASSUMED_RATE_LIMIT_PER_MINUTE) / 60_000;
    const requests = this.opts.requests?.();
    if (requests === undefined) return limit;
    const now = this.clock.now();
    this.samples.push({ at: now, requests });
    while (this.samples.length > 2 && (this.samples[1]?.at ?? now) <= now - 60_000) this.samples.shift();
    const first = this.samples[0];
    if (!first || now - first.at < 5_000) return limit;
    const seen = (requests - first.requests) / (now - first.at);
    return seen > 0 ? Math.min(limit, seen) : limit;
  }

  private eta(): number | undefined {
    if (this.phase !== 'exporting') return undefined;
    const left = this.requestsLeft();
    return left > 0 ? left / this.rate() : undefined;
  }

  private listedLine(): string {
    const listed = [...this.rows.values()].filter((r) => r.listed);
    const selected = listed.reduce((a, r) => a + r.selected, 0);
    return `Listed ${listed.length} type(s) in ${duration(this.elapsed())}: ${selected} resources selected in ${this.batchesPlanned} batch(es)${etaText(this.eta())}`;
  }

  private roundLine(round: number, batches: number): string {
    const added = [...(this.roundAdds.get(round) ?? [])].sort(([a], [b]) => compare(a, b));
    const n = added.reduce((a, [, k]) => a + k, 0);
    const what = added.length
      ? `${n} referenced resource(s) (${added.map(([type, k]) => `${type} ${k}`).join(', ')})`
      : 'referenced resources';
    return `Round ${round}: ${what} in ${batches} batch(es)${etaText(this.eta())}`;
  }

  private finishedLine(type: string, r: Row): string {
    const ref = r.byReference ? `, ${Math.min(r.byReference, r.exported)} by reference` : '';
    const failed = r.failed ? '; a batch FAILED (see the manifest)' : '';
    return `${type} done: ${r.exported} of ${this.total(r)} exported${ref}${failed} (${duration(this.elapsed())})`;
  }

  private heartbeat(): void {
    if (this.stopped) return;
    this.plain(this.statusLine());
  }

  private statusLine(): string {
    const s = this.snapshot();
    const time = `[${duration(s.elapsedMs)}]`;
    if (s.phase === 'listing') {
      const listed = s.types.filter((t) => t.total !== undefined).length;
      return `${time} listing: ${listed} of ${this.expectedTypes()} type(s) listed${requestsText(s.requests)}`;
    }
    if (s.phase === 'finalizing') return `${time} finalizing: ${s.exported} resources exported`;
    return `${time} exporting: batches ${s.batchesDone}/${s.batchesPlanned}, ${ofTotal(s.exported, s.selected)} resources${requestsText(s.requests)}${etaText(s.etaMs)}`;
  }

  private expectedTypes(): number {
    return this.opts.types ?? CATALOG.length;
  }

  private plain(text: string): void {
    if (this.mode === 'plain' && !this.stopped) this.out.write(`${text}\n`);
  }

  private clear(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    if (this.mode !== 'live' || this.stopped) return;
    this.clear();
    const s = this.snapshot();
    const lines = [this.statusLine()];
    for (const t of s.types) {
      const count =
        t.total === undefined
          ? `${String(t.exported).padStart(6)} exported`
          : `${String(t.exported).padStart(6)} of ${t.total}`;
      const r = this.rows.get(t.type);
      lines.push(
        `  ${t.type.padEnd(30)} ${count}${t.done && s.phase !== 'listing' ? '  done' : ''}${r?.failed ? '  (failed batch)' : ''}`,
      );
    }
    this.out.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

/** `42s`, `3m 05s`, `1h 02m`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const ofTotal = (n: number, total: number | undefined) => (total === undefined ? `${n}` : `${n} of ${total}`);
const requestsText = (n: number | undefined) => (n === undefined ? '' : `, ${n} API requests`);
const etaText = (ms: number | undefined) => (ms === undefined ? '' : `, ETA ~${duration(ms)}`);

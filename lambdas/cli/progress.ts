/**
 * Live progress on a terminal: one line per resource type, redrawn in place. Off a terminal (CI, pipes)
 * nothing is drawn and only the closing summary is printed.
 */
import type { EngineEvent } from '../engine/context.ts';

interface Row {
  listed: number;
  exported: number;
  batchesDone: number;
  failed: boolean;
}

export class ProgressDisplay {
  private readonly rows = new Map<string, Row>();
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private batchesPlanned = 0;
  private batchesDone = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {
    if (enabled) this.timer = setInterval(() => this.draw(), 200);
  }

  on(e: EngineEvent): void {
    if (e.kind === 'listed') this.row(e.type).listed = e.selected;
    if (e.kind === 'planned') this.batchesPlanned += e.batches;
    if (e.kind === 'batch-done') {
      const r = this.row(e.type);
      r.exported += e.exported;
      r.batchesDone++;
      r.failed ||= e.failed;
      this.batchesDone++;
    }
  }

  /** Writes a line above the live block (warnings, verbose API calls). */
  line(text: string): void {
    if (!this.enabled) {
      this.out.write(`${text}\n`);
      return;
    }
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.enabled) this.clear();
  }

  private row(type: string): Row {
    let r = this.rows.get(type);
    if (!r) {
      r = { listed: 0, exported: 0, batchesDone: 0, failed: false };
      this.rows.set(type, r);
    }
    return r;
  }

  private clear(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    if (!this.enabled) return;
    this.clear();
    const lines = [`batches ${this.batchesDone}/${this.batchesPlanned}`];
    for (const [type, r] of [...this.rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(
        `  ${type.padEnd(30)} ${String(r.exported).padStart(6)} exported${r.listed ? ` of ${r.listed} selected` : ''}${r.failed ? '  (failed batch)' : ''}`,
      );
    }
    this.out.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

/**
 * Virtual clocks for exact timing tests (shared by the client and resilience tests).
 *
 * - `JumpClock`: every wait passes at once and moves time forward by its length. For sequential calls.
 * - `StepClock`: waits are timers; `drive(promise)` lets real work settle, then moves time to the earliest
 *   timer and fires it, until the promise settles. Requests in flight arrive at the virtual time they
 *   were sent, whatever the machine's load, so "nothing was sent before Retry-After had elapsed" can be
 *   checked to the millisecond, with concurrency.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import type { Clock } from '../../lambdas/engine/clock.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';

const EPOCH = Date.UTC(2026, 0, 1);

export class JumpClock implements Clock {
  readonly scale = 1;
  t = EPOCH;
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    if (ms > 0) this.t += ms;
  };
}

export class StepClock implements Clock {
  readonly scale = 1;
  t = EPOCH;
  private timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  private seq = 0;
  /** Every wait asked for, in ms. */
  readonly sleeps: number[] = [];

  /** Real milliseconds of quiet before virtual time moves on to the next timer. */
  constructor(private readonly settleMs = 25) {}

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      this.sleeps.push(ms);
      if (ms <= 0) return resolve();
      const timer = { at: this.t + ms, seq: this.seq++, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });

  /** Moves time forward by `ms`, firing the timers that fall due (for code without I/O). */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.t = Math.max(this.t, next.at);
      this.timers.shift();
      next.fire();
    }
    this.t = until;
    await flush();
  }

  /**
   * Runs virtual time forward, timer by timer, until `work` settles. With `quiet`, time moves on only
   * while it says nothing is on its way (e.g. every request sent has reached the server), so that a slow
   * machine cannot make a request arrive later in virtual time than it was sent; after `patienceMs` of
   * real time without quiet it moves on anyway.
   */
  async drive<T>(work: Promise<T>, quiet?: () => boolean, patienceMs = 2_000): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    let waited = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, this.settleMs));
      if (settled) return work;
      if (!this.timers.length) continue;
      if (quiet && !quiet() && waited < patienceMs) {
        waited += this.settleMs;
        continue;
      }
      waited = 0;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const at = this.timers[0]?.at ?? this.t;
      this.t = Math.max(this.t, at);
      const due = this.timers.filter((x) => x.at <= this.t);
      this.timers = this.timers.filter((x) => x.at > this.t);
      for (const x of due) x.fire();
    }
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Whether a promise has settled once pending callbacks have run. */
export async function isSettled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await flush();
  return done;
}

/**
 * True while every request sent to the simulator (by any undici client in this process: headers written
 * to the socket) has reached it: the `quiet` condition for `StepClock.drive`. Call after `sim.start()`.
 */
export function allArrived(sim: GenesysSimulator): () => boolean {
  let sent = 0;
  let arrived = 0;
  const origin = sim.url;
  const onSend = (message: unknown) => {
    const o = (message as { request?: { origin?: string | URL } }).request?.origin;
    if (String(o).replace(/\/$/, '') === origin) sent++;
  };
  subscribe('undici:client:sendHeaders', onSend);
  (sim as unknown as { server: Server }).server.on('request', () => {
    arrived++;
  });
  return () => sent === arrived;
}

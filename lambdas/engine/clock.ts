/**
 * Time source shared by the engine and the simulator. `scale` > 1 runs virtual time faster than real
 * time (a 60 s rate-limit window lasts 60/scale real seconds), applied equally to both sides so that
 * benchmarks of minute-long exports finish quickly without changing any ratio.
 */
export interface Clock {
  /** Virtual milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` virtual milliseconds. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  readonly scale: number;
}

export function createClock(scale = 1): Clock {
  if (!(scale > 0)) throw new RangeError(`clock scale must be positive, got ${scale}`);
  const realStart = Date.now();
  return {
    scale,
    now: () => realStart + (Date.now() - realStart) * scale,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (ms <= 0) return resolve();
        const timer = setTimeout(resolve, ms / scale);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
}

export const systemClock: Clock = createClock(1);

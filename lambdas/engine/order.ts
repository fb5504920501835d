/**
 * Ordering and cutting helpers shared by every module that writes output: one code-unit comparator (the
 * same order on every machine and locale, so files and manifests are byte-identical) and one chunker.
 */

/** Code-unit order, independent of locale: the order of every sorted list cx-export writes. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparator over the keys `pick` returns, compared in turn with `compare` (strings or numbers). */
export function byKeys<T>(pick: (x: T) => readonly (string | number)[]): (a: T, b: T) => number {
  return (a, b) => {
    const ka = pick(a);
    const kb = pick(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i] as string | number;
      const y = kb[i] as string | number;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : compare(String(x), String(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Entries of a record sorted by key, for output whose key order must not depend on insertion order. */
export function sortedEntries<V>(r: Readonly<Record<string, V>>): [string, V][] {
  return Object.entries(r).sort(([a], [b]) => compare(a, b));
}

/** `items` cut into consecutive chunks of at most `size` (the last may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

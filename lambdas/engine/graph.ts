/**
 * Import order for the snapshot: dependencies first, with every cycle found (Tarjan's strongly connected
 * components) and the edges the order has to break named, so an import can create those resources first
 * and patch the broken references afterwards.
 */
import { compare } from './normalize.ts';

export interface GraphNode {
  readonly key: string;
  /** Tie-breaker for a stable order: type rank, then name, then key. */
  readonly rank: number;
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export interface Cycle {
  readonly members: readonly string[];
  /** Edges `from -> to` inside the cycle that the import order does not honour. */
  readonly brokenEdges: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

export interface ImportPlan {
  readonly order: readonly string[];
  readonly cycles: readonly Cycle[];
}

function tieBreak(a: GraphNode, b: GraphNode): number {
  return a.rank - b.rank || compare(a.name, b.name) || compare(a.key, b.key);
}

/** Strongly connected components, iteratively (no recursion limit on large orgs). */
function components(nodes: ReadonlyMap<string, GraphNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const keys = [...nodes.keys()].sort(compare);
  for (const root of keys) {
    if (index.has(root)) continue;
    const work: Array<{ key: string; edge: number }> = [{ key: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1] as { key: string; edge: number };
      const deps = (nodes.get(frame.key)?.dependsOn ?? []).filter((d) => nodes.has(d));
      if (frame.edge < deps.length) {
        const next = deps[frame.edge++] as string;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ key: next, edge: 0 });
        } else if (onStack.has(next))
          low.set(frame.key, Math.min(low.get(frame.key) as number, index.get(next) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key) as number, low.get(frame.key) as number));
      if (low.get(frame.key) === index.get(frame.key)) {
        const comp: string[] = [];
        for (;;) {
          const k = stack.pop() as string;
          onStack.delete(k);
          comp.push(k);
          if (k === frame.key) break;
        }
        out.push(comp);
      }
    }
  }
  return out;
}

export function planImport(list: readonly GraphNode[]): ImportPlan {
  const nodes = new Map(list.map((n) => [n.key, n]));
  const comps = components(nodes);
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => {
    for (const k of c) compOf.set(k, i);
  });
  // Kahn's algorithm over the condensation, choosing the smallest ready component each time.
  const pending = comps.map(() => new Set<number>());
  const dependents = comps.map(() => new Set<number>());
  comps.forEach((c, i) => {
    for (const k of c) {
      for (const d of nodes.get(k)?.dependsOn ?? []) {
        const j = compOf.get(d);
        if (j !== undefined && j !== i) {
          pending[i]?.add(j);
          dependents[j]?.add(i);
        }
      }
    }
  });
  const sortedMembers = comps.map((c) => c.map((k) => nodes.get(k) as GraphNode).sort(tieBreak));
  const head = (i: number) => sortedMembers[i]?.[0] as GraphNode;
  // A heap, not a list sorted at every step: a large org has over 100,000 components ready at once.
  const ready = new MinHeap<number>((a, b) => tieBreak(head(a), head(b)));
  comps.forEach((_, i) => {
    if (pending[i]?.size === 0) ready.push(i);
  });
  const order: string[] = [];
  const cycles: Cycle[] = [];
  while (ready.size) {
    const i = ready.pop() as number;
    const members = sortedMembers[i] as GraphNode[];
    const position = new Map(members.map((m, p) => [m.key, p]));
    order.push(...members.map((m) => m.key));
    const selfLoop = members.length === 1 && members[0]?.dependsOn.includes(members[0].key);
    if (members.length > 1 || selfLoop) {
      const brokenEdges: Array<{ from: string; to: string }> = [];
      for (const m of members) {
        for (const d of [...new Set(m.dependsOn)].sort(compare)) {
          const p = position.get(d);
          if (p !== undefined && p >= (position.get(m.key) as number))
            brokenEdges.push({ from: m.key, to: d });
        }
      }
      cycles.push({ members: members.map((m) => m.key), brokenEdges });
    }
    for (const j of dependents[i] ?? []) {
      pending[j]?.delete(i);
      if (pending[j]?.size === 0) ready.push(j);
    }
  }
  return { order, cycles };
}

/** A binary min-heap under `order` (a total order: keys are unique, so the sequence is fixed). */
class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly order: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.order(a[i] as T, a[parent] as T) >= 0) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.order(a[l] as T, a[m] as T) < 0) m = l;
      if (r < a.length && this.order(a[r] as T, a[m] as T) < 0) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as T, a[i] as T];
      i = m;
    }
    return top;
  }
}

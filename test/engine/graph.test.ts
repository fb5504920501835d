/** Import order: dependencies first, ties broken by type rank, name and key; cycles found and named. */
import { describe, expect, it } from 'vitest';
import { type GraphNode, planImport } from '../../lambdas/engine/graph.ts';

const node = (key: string, dependsOn: string[] = [], rank = 0, name = key): GraphNode => ({
  key,
  rank,
  name,
  dependsOn,
});

describe('Graph: order without cycles', () => {
  it('orders an empty graph and a single node', () => {
    expect(planImport([])).toEqual({ order: [], cycles: [] });
    expect(planImport([node('a')])).toEqual({ order: ['a'], cycles: [] });
  });

  it('breaks ties between independent nodes by rank, then name, then key', () => {
    const nodes = [
      node('k3', [], 1, 'Alpha'),
      node('k2', [], 0, 'Zulu'),
      node('k1', [], 0, 'Alpha'),
      node('k0', [], 1, 'Alpha'),
      node('k4', [], 0, 'Mike'),
    ];
    expect(planImport(nodes).order).toEqual(['k1', 'k4', 'k2', 'k0', 'k3']);
    expect(planImport([...nodes].reverse()).order).toEqual(['k1', 'k4', 'k2', 'k0', 'k3']);
  });

  it('puts a dependency first even when its rank or name would put it later', () => {
    const { order, cycles } = planImport([
      node('queue', ['skill'], 0, 'A queue'),
      node('skill', [], 5, 'Z skill'),
      node('other', [], 3, 'B other'),
    ]);
    expect(order).toEqual(['other', 'skill', 'queue']);
    expect(cycles).toEqual([]);
  });

  it('after each node, takes the smallest of all the nodes now ready', () => {
    // b becomes ready once a is placed; it then goes before c, which was ready all along.
    const { order } = planImport([node('a', [], 0), node('b', ['a'], 0), node('c', [], 1)]);
    expect(order).toEqual(['a', 'b', 'c']);
    const chain = planImport([node('c', ['b']), node('b', ['a']), node('a'), node('d', [], 0, '0')]);
    expect(chain.order).toEqual(['d', 'a', 'b', 'c']);
  });

  it('places a node only after all its dependencies (diamond), counting each dependency once', () => {
    const { order } = planImport([
      node('top', ['left', 'right', 'left']),
      node('left', ['base']),
      node('right', ['base', 'base']),
      node('base'),
    ]);
    expect(order).toEqual(['base', 'left', 'right', 'top']);
  });

  it('ignores references to resources that are not in the snapshot', () => {
    const { order, cycles } = planImport([node('q', ['gone', 's']), node('s', ['elsewhere'])]);
    expect(order).toEqual(['s', 'q']);
    expect(cycles).toEqual([]);
  });
});

describe('Graph: cycles', () => {
  it('names a two-node cycle and the edge its order breaks', () => {
    const { order, cycles } = planImport([node('b', ['a']), node('a', ['b'])]);
    expect(order).toEqual(['a', 'b']);
    expect(cycles).toEqual([{ members: ['a', 'b'], brokenEdges: [{ from: 'a', to: 'b' }] }]);
  });

  it('names a self-reference as a cycle of one; a node without one is no cycle', () => {
    const { cycles } = planImport([node('a', ['a']), node('b', ['a'])]);
    expect(cycles).toEqual([{ members: ['a'], brokenEdges: [{ from: 'a', to: 'a' }] }]);
  });

  it('orders the members of a cycle by rank, name and key, and breaks only the edges pointing forward', () => {
    // x -> y -> z -> x, plus z -> y (backward once ordered) and a self-loop on y, and an edge out.
    const { order, cycles } = planImport([
      node('x', ['y', 'outside'], 2, 'Xavier'),
      node('y', ['z', 'y'], 1, 'Yankee'),
      node('z', ['x', 'y', 'x'], 1, 'Ahead'),
      node('outside', [], 9),
    ]);
    expect(order).toEqual(['outside', 'z', 'y', 'x']);
    expect(cycles).toEqual([
      {
        members: ['z', 'y', 'x'],
        brokenEdges: [
          { from: 'z', to: 'x' },
          { from: 'z', to: 'y' },
          { from: 'y', to: 'y' },
        ],
      },
    ]);
  });

  it('keeps a cycle together and after its own dependencies, and its dependents after all of it', () => {
    const { order, cycles } = planImport([
      node('user', ['flowB']),
      node('flowA', ['flowB', 'skill']),
      node('flowB', ['flowA']),
      node('skill'),
      node('aaa-unrelated', [], 5),
    ]);
    expect(order).toEqual(['skill', 'flowA', 'flowB', 'user', 'aaa-unrelated']);
    expect(cycles).toEqual([{ members: ['flowA', 'flowB'], brokenEdges: [{ from: 'flowA', to: 'flowB' }] }]);
  });

  it('reports separate cycles separately, in import order', () => {
    const { order, cycles } = planImport([
      node('d', ['c']),
      node('c', ['d', 'b']),
      node('b', ['a']),
      node('a', ['b']),
    ]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(cycles).toEqual([
      { members: ['a', 'b'], brokenEdges: [{ from: 'a', to: 'b' }] },
      { members: ['c', 'd'], brokenEdges: [{ from: 'c', to: 'd' }] },
    ]);
  });

  it('handles a 20,000-node cycle without recursion limits', () => {
    const key = (i: number) => `n${String(i).padStart(5, '0')}`;
    const nodes = Array.from({ length: 20_000 }, (_, i) => node(key(i), [key((i + 1) % 20_000)]));
    const { order, cycles } = planImport(nodes);
    expect(order).toHaveLength(20_000);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.brokenEdges).toHaveLength(19_999);
  });
});

describe('Graph: any graph', () => {
  /** A small seeded generator (mulberry32), so that failures are reproducible. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function randomGraph(seed: number): GraphNode[] {
    const rnd = random(seed);
    const n = 2 + Math.floor(rnd() * 14);
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    return keys.map((key) => {
      const deps: string[] = [];
      const m = Math.floor(rnd() * 4);
      for (let j = 0; j < m; j++)
        deps.push(rnd() < 0.1 ? 'missing' : (keys[Math.floor(rnd() * n)] as string));
      return node(key, deps, Math.floor(rnd() * 3), `name${Math.floor(rnd() * 4)}`);
    });
  }

  /** Strongly connected components by brute force: a and b share one when each reaches the other. */
  function reach(nodes: GraphNode[]): Map<string, Set<string>> {
    const keys = new Set(nodes.map((x) => x.key));
    const out = new Map<string, Set<string>>();
    for (const start of nodes) {
      const seen = new Set<string>();
      const todo = start.dependsOn.filter((d) => keys.has(d));
      while (todo.length) {
        const k = todo.pop() as string;
        if (seen.has(k)) continue;
        seen.add(k);
        todo.push(...(nodes.find((x) => x.key === k)?.dependsOn ?? []).filter((d) => keys.has(d)));
      }
      out.set(start.key, seen);
    }
    return out;
  }

  it('places every node once, dependencies first unless they share a cycle, and names exactly the cycles', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const nodes = randomGraph(seed);
      const { order, cycles } = planImport(nodes);
      const at = new Map(order.map((k, i) => [k, i]));
      expect([...order].sort(), `seed ${seed}`).toEqual(nodes.map((x) => x.key).sort());
      const r = reach(nodes);
      const sameCycle = (a: string, b: string) => r.get(a)?.has(b) && r.get(b)?.has(a);
      for (const x of nodes)
        for (const d of x.dependsOn) {
          if (!at.has(d) || sameCycle(x.key, d)) continue;
          expect(at.get(d) as number, `seed ${seed}: ${d} before ${x.key}`).toBeLessThan(
            at.get(x.key) as number,
          );
        }
      // The cycles are the components with more than one member or a self-reference...
      const expected = nodes
        .filter((x) => r.get(x.key)?.has(x.key))
        .map((x) =>
          nodes
            .filter((y) => y.key === x.key || sameCycle(x.key, y.key))
            .map((y) => y.key)
            .sort(),
        );
      const unique = [...new Map(expected.map((c) => [c.join(','), c])).values()];
      expect(cycles.map((c) => [...c.members].sort()).sort(), `seed ${seed}`).toEqual(unique.sort());
      for (const c of cycles) {
        // ...listed in import order, contiguous in it...
        const positions = c.members.map((k) => at.get(k) as number);
        expect(positions, `seed ${seed}`).toEqual(positions.map((_, i) => (positions[0] as number) + i));
        // ...with exactly the edges inside the cycle that do not point backwards in the order.
        const broken = c.members.flatMap((k) =>
          [...new Set(nodes.find((x) => x.key === k)?.dependsOn)]
            .filter((d) => c.members.includes(d) && (at.get(d) as number) >= (at.get(k) as number))
            .sort()
            .map((d) => ({ from: k, to: d })),
        );
        expect(c.brokenEdges, `seed ${seed}`).toEqual(broken);
      }
      // Stable: the input order does not matter.
      expect(planImport([...nodes].reverse()), `seed ${seed}`).toEqual({ order, cycles });
    }
  });
});

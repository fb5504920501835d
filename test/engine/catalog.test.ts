/** Catalog integrity: names, aliases and folders unique; every reference names a known type. */
import { describe, expect, it } from 'vitest';
import { CATALOG, DEPENDENCY_TYPES, typeByName } from '../../lambdas/engine/catalog/index.ts';

/** Types referenced on purpose that cx-export does not export (reported as unresolved references). */
const NOT_EXPORTED = new Set(['integration']);

describe('Catalog', () => {
  it('has unique names, aliases and folders', () => {
    const names = CATALOG.flatMap((t) => [t.name, ...t.aliases].map((n) => n.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
    const folders = CATALOG.map((t) => t.folder);
    expect(new Set(folders).size).toBe(folders.length);
    for (const t of CATALOG) expect(t.folder).toBe(t.name.replace(':', '/'));
  });

  it('references only catalog types (or the few it reports as not exported), so a misspelling fails here', () => {
    for (const t of CATALOG)
      for (const r of t.references)
        if (typeof r.type === 'string')
          expect(typeByName(r.type) !== undefined || NOT_EXPORTED.has(r.type), `${t.name} -> ${r.type}`).toBe(
            true,
          );
    for (const [dep, type] of Object.entries(DEPENDENCY_TYPES)) expect(typeByName(type), dep).toBeDefined();
  });
});

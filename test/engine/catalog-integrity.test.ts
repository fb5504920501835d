/**
 * Catalog integrity: names, aliases and folders unique and consistent; every reference, dependency mapping,
 * permission, page size and path well formed. A misspelt type name fails here (and, for references and
 * dependency mappings, already fails to compile: see the last test).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  type CatalogEntry,
  DEPENDENCY_TYPES,
  NOT_EXPORTED_TYPE_NAMES,
  type ReferenceRule,
  TYPE_NAMES,
  type TypeName,
  typeByName,
} from '../../lambdas/engine/catalog/index.ts';

const PERMISSION = /^[a-z][A-Za-z]*:[a-z][A-Za-z]*:[a-z][A-Za-z]*$/;
/** An entity that gives every path function something to build a path from. */
const SAMPLE = { id: 'id-1', type: 'inboundcall', publishedVersion: { id: '1.0' } };

function permissionsOf(t: (typeof CATALOG)[number]): string[] {
  return [
    ...t.permissions,
    ...(t.detail?.permissions ?? []),
    ...(t.subResources ?? []).flatMap((s) => s.permissions),
  ];
}

describe('Catalog integrity', () => {
  it('declares exactly the types of TYPE_NAMES, in that order', () => {
    expect(CATALOG.map((t) => t.name)).toEqual([...TYPE_NAMES]);
  });

  it('has names and aliases unique across all entries, case-insensitively, each finding its own entry', () => {
    const all = CATALOG.flatMap((t) => [t.name, ...t.aliases].map((n) => n.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
    for (const t of CATALOG)
      for (const n of [t.name, ...t.aliases]) {
        expect(n, `${t.name}: '${n}'`).toBe(n.trim());
        expect(n, t.name).not.toBe('');
        expect(typeByName(n), n).toBe(t);
        expect(typeByName(n.toUpperCase()), n).toBe(t);
      }
  });

  it('has unique folders, each the name with / for :', () => {
    const folders = CATALOG.map((t) => t.folder);
    expect(new Set(folders).size).toBe(folders.length);
    for (const t of CATALOG) {
      expect(t.name, t.name).toMatch(/^[a-z]+:[a-z]+$/);
      expect(t.folder, t.name).toBe(t.name.replace(':', '/'));
    }
  });

  it('references only catalog types by their canonical name, or the declared not-exported ones', () => {
    const names = new Set<string>(TYPE_NAMES);
    for (const t of CATALOG)
      for (const r of t.references) {
        expect(r.path, t.name).not.toBe('');
        if (typeof r.type === 'string')
          expect(
            names.has(r.type) || (NOT_EXPORTED_TYPE_NAMES as readonly string[]).includes(r.type),
            `${t.name} -> ${r.type}`,
          ).toBe(true);
      }
    for (const n of NOT_EXPORTED_TYPE_NAMES) expect(typeByName(n), n).toBeUndefined();
  });

  it('maps every dependency-tracking type to a catalog type by its canonical name', () => {
    for (const [dep, type] of Object.entries(DEPENDENCY_TYPES)) {
      expect(dep, dep).toBe(dep.toUpperCase());
      expect(typeByName(type)?.name, dep).toBe(type);
    }
  });

  it('asks for permissions of the form domain:entity:action', () => {
    for (const t of CATALOG)
      for (const p of permissionsOf(t)) expect(p, `${t.name}: ${p}`).toMatch(PERMISSION);
  });

  it('lists with positive page sizes and limits, and ranks from 0', () => {
    for (const t of CATALOG) {
      expect(Number.isInteger(t.list.pageSize) && t.list.pageSize > 0, t.name).toBe(true);
      if (t.list.maxResults !== undefined) expect(t.list.maxResults, t.name).toBeGreaterThan(0);
      expect(Number.isInteger(t.rank) && t.rank >= 0, t.name).toBe(true);
    }
  });

  it('reads every list, lookup, detail and sub-resource under /api/v2/', () => {
    for (const t of CATALOG) {
      const paths = [
        t.list.path,
        t.list.byIdPath,
        t.detail?.path(SAMPLE),
        ...(t.subResources ?? []).map((s) => s.path(SAMPLE)),
      ];
      for (const p of paths) if (p !== undefined) expect(p, t.name).toMatch(/^\/api\/v2\/[a-z]/);
    }
    // The sample builds every path function's path: none was skipped above.
    expect(CATALOG.flatMap((t) => t.subResources ?? []).every((s) => s.path(SAMPLE) !== undefined)).toBe(
      true,
    );
  });

  it('is listed in the README, each type with its Terraform names, and counted there', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const terraform = CATALOG.flatMap((t) => t.aliases.filter((a) => a.startsWith('genesyscloud_')));
    for (const t of CATALOG) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${t.name}\` |`));
      expect(row, t.name).toBeDefined();
      for (const a of t.aliases.filter((x) => x.startsWith('genesyscloud_')))
        expect(row, t.name).toContain(a);
    }
    expect(readme).toContain(
      `${CATALOG.length} types, covering ${terraform.length} of the Terraform exporter's`,
    );
  });

  it('does not compile with a misspelt type name (checked by tsc)', () => {
    // @ts-expect-error: not a catalog type
    const misspelt: TypeName = 'routing:queu';
    // @ts-expect-error: a static reference names a catalog type (or a declared not-exported one)
    const reference: ReferenceRule = { path: 'queue', type: 'routing:queu' };
    // A function of the selected object may return any name: unknown ones are reported as unresolved.
    const dynamic: ReferenceRule = { path: 'queue', type: () => 'SKILLGROUP' };
    const entry = (name: string) =>
      // @ts-expect-error: an entry's name is a TypeName
      ({ ...(CATALOG[0] as CatalogEntry), name }) satisfies CatalogEntry;
    expect([misspelt, reference.type, typeof dynamic.type, entry('x').name]).toEqual([
      'routing:queu',
      'routing:queu',
      'function',
      'x',
    ]);
  });
});

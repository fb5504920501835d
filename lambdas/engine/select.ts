/**
 * Path selection over API bodies: `a.b[].c` selects values; a segment may be a glob (`*password*`); a
 * segment ending in `{}` selects the keys of a map (`labelUtilizations{}`: the label IDs it is keyed by).
 */

export function select(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const raw of path.split('.')) {
    const many = raw.endsWith('[]');
    const keys = raw.endsWith('{}');
    const key = many || keys ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const node of current) {
      if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
      for (const k of matchingKeys(node as Record<string, unknown>, key)) {
        const v = (node as Record<string, unknown>)[k];
        if (many) {
          if (Array.isArray(v)) next.push(...v);
        } else if (keys) {
          if (v && typeof v === 'object' && !Array.isArray(v)) next.push(...Object.keys(v));
        } else if (v !== undefined) next.push(v);
      }
    }
    current = next;
  }
  return current;
}

/** Keys matching a segment; `*` globs match case-insensitively. */
export function matchingKeys(node: Record<string, unknown>, pattern: string): string[] {
  if (!pattern.includes('*')) return Object.hasOwn(node, pattern) ? [pattern] : [];
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return Object.keys(node).filter((k) => re.test(k));
}

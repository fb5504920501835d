/**
 * Credential redaction, applied to every API body the moment it arrives (listing, read by ID,
 * sub-resource), before anything is written anywhere: staging, S3, a state payload or a log. Three nets:
 * the catalog's secret paths for a type, key names that always mean a credential, and credentials
 * embedded in text (a data action's request template, a URL's query, an `Authorization` header value).
 */
import type { Entity } from './catalog/types.ts';
import { matchingKeys, select } from './select.ts';

export const REDACTED = '<redacted>';

/** Key names whose values are credentials wherever they appear. */
const SECRET_KEY =
  /(password|passwd|secret|api[-_]?key|private[-_]?key|access[-_]?token|refresh[-_]?token|auth[-_]?token|bearer[-_]?token|client[-_]?secret)s?$|^(authorization|proxy-authorization|x-auth-token)$/i;

/** Secret-looking key names inside text: `"client_secret": "..."`, `password=...`. */
const TEXT_KEY =
  '(?:password|passwd|secret|api[-_]?key|apikey|private[-_]?key|access[-_]?token|refresh[-_]?token|auth[-_]?token|client[-_]?secret|token)';
const QUOTED_PAIR = new RegExp(`("[A-Za-z0-9_-]*${TEXT_KEY}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi');
const QUERY_PAIR = new RegExp(`([?&;\\s][A-Za-z0-9_-]*${TEXT_KEY}=)([^&\\s"']+)`, 'gi');
const AUTH_SCHEME = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;

/**
 * Template references such as `${credentials.token}` or `$!{input.key}` name a credential kept
 * elsewhere: they are configuration, not secrets.
 */
const isReference = (v: string) => /^\$!?\{[^}]*\}$/.test(v.trim()) || v === '' || v === REDACTED;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Replaces credentials embedded in free text, leaving template references alone. */
export function redactText(text: string): string {
  if (text.length < 8) return text;
  return text
    .replace(QUOTED_PAIR, (m, head: string, value: string, tail: string) =>
      isReference(value) ? m : `${head}${REDACTED}${tail}`,
    )
    .replace(QUERY_PAIR, (m, head: string, value: string) => (isReference(value) ? m : `${head}${REDACTED}`))
    .replace(AUTH_SCHEME, (m, scheme: string, space: string, value: string) =>
      isReference(value) ? m : `${scheme}${space}${REDACTED}`,
    );
}

/** Every leaf below a secret is a secret: strings and numbers become `<redacted>`. */
function redactLeaves(node: unknown): unknown {
  if (typeof node === 'string') return isReference(node) ? node : REDACTED;
  if (typeof node === 'number') return REDACTED;
  if (Array.isArray(node)) return node.map(redactLeaves);
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, redactLeaves(v)]));
  return node;
}

/** Redacts the fields a catalog path selects (the last segment may be a glob such as `*password*`). */
function redactPath(root: unknown, path: string): void {
  const i = path.lastIndexOf('.');
  const parents = i < 0 ? [root] : select(root, path.slice(0, i));
  const field = i < 0 ? path : path.slice(i + 1);
  for (const p of parents.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
    if (!p || typeof p !== 'object') continue;
    const obj = p as Record<string, unknown>;
    for (const k of matchingKeys(obj, field)) obj[k] = redactLeaves(obj[k]);
  }
}

const isPlainObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

/** Walks the tree: secret keys lose every leaf below them, other strings lose embedded credentials. */
function scrub(node: unknown): unknown {
  if (typeof node === 'string') return redactText(node);
  if (Array.isArray(node)) return node.map(scrub);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  // Structured values under a secret-sounding key (a trunk property's `{type, value}`) are left to the
  // catalog's paths; plain values and lists of them are credentials.
  for (const [k, v] of Object.entries(node))
    out[k] = isSecretKey(k) && !isPlainObject(v) ? redactLeaves(v) : scrub(v);
  return out;
}

/**
 * A copy of `entity` without credentials: the type's secret paths, secret key names at any depth
 * (arrays included) and credentials inside text.
 */
export function redactCredentials(entity: Entity, secretPaths: readonly string[] = []): Entity {
  const copy = scrub(entity) as Entity;
  for (const p of secretPaths) redactPath(copy, p);
  return copy;
}

/**
 * `--secretsFile <json>`: the values of credentials a snapshot holds redacted (`<redacted>`, see
 * engine/redact.ts), which no export can read back. The file's shape:
 *
 *   { "<type>/<source id>": { "<path>": "<value>", ... }, ... }
 *
 * where `<path>` is the one the plan names in "needs a value for ..." (`description`,
 * `properties.password.value`, `lines[0].properties.password.value`); each value replaces the whole field.
 * The values exist only in memory and in the request bodies sent to the API: never in the plan, the
 * report, the ID map, the snapshot or a log line (`scrub` takes them out of any text that may echo them).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Entity } from '../engine/catalog/types.ts';
import { UsageError } from '../engine/errors.ts';
import { parseResourceKey } from '../engine/keys.ts';
import { REDACTED } from '../engine/redact.ts';

/** `a.b[0].c` as keys and indexes. */
function segments(path: string): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    out.push(m[1] as string);
    for (const i of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

export class SecretValues {
  private constructor(private readonly values: ReadonlyMap<string, ReadonlyMap<string, string>>) {}

  static readonly none = new SecretValues(new Map());

  /** Reads and checks the file; every problem is one line naming the flag and the file, never a value. */
  static read(file: string, cwd: string): SecretValues {
    const where = `--secretsFile ${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new UsageError(code ? `${where} cannot be read (${code})` : `${where} is not valid JSON`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new UsageError(`${where} must be an object of {"<type>/<id>": {"<path>": "<value>"}}`);
    const values = new Map<string, Map<string, string>>();
    for (const [key, fields] of Object.entries(raw)) {
      if (!parseResourceKey(key))
        throw new UsageError(`${where}: '${key.slice(0, 80)}' is not '<type>/<id>'`);
      if (!fields || typeof fields !== 'object' || Array.isArray(fields))
        throw new UsageError(`${where}: ${key} must be an object of {"<path>": "<value>"}`);
      const m = new Map<string, string>();
      for (const [path, value] of Object.entries(fields)) {
        if (!segments(path)) throw new UsageError(`${where}: ${key}: '${path.slice(0, 80)}' is not a path`);
        if (typeof value !== 'string' || value === '' || value.includes(REDACTED))
          throw new UsageError(`${where}: ${key} ${path} must be a non-empty string`);
        m.set(path, value);
      }
      values.set(key, m);
    }
    return new SecretValues(values);
  }

  has(key: string, path: string): boolean {
    return this.values.get(key)?.has(path) ?? false;
  }

  /** `type/id path` of every value supplied, for telling which ones no redacted field asked for. */
  supplied(): string[] {
    return [...this.values].flatMap(([key, m]) => [...m.keys()].map((p) => `${key} ${p}`));
  }

  /** A copy of `body` with the supplied values at their paths (only where the snapshot holds a redaction). */
  inject(key: string, body: Entity): Entity {
    const fields = this.values.get(key);
    if (!fields?.size) return body;
    const out = structuredClone(body);
    for (const [path, value] of fields) {
      const segs = segments(path) as Array<string | number>;
      let node: unknown = out;
      for (const s of segs.slice(0, -1))
        node = node && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
      const last = segs.at(-1) as string | number;
      if (!node || typeof node !== 'object') continue;
      const holder = node as Record<string | number, unknown>;
      const current = holder[last];
      if (typeof current === 'string' && current.includes(REDACTED)) holder[last] = value;
    }
    return out;
  }

  /** `text` with every supplied value replaced by `<redacted>` (an API error may echo a request body). */
  scrub(text: string): string {
    let out = text;
    for (const m of this.values.values()) for (const v of m.values()) out = out.split(v).join(REDACTED);
    return out;
  }
}

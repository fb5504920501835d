/**
 * The round trip of issue 18: two exports (the source org, and the org a snapshot of it was imported into)
 * compared resource by resource, by type and name, with every ID replaced by `<type:name>` of what it is.
 * What the platform sets differently in each org is not compared, and what import does not carry over by
 * design is counted apart (each with its reason), never silently equal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { MANIFEST_KEY } from '../../lambdas/engine/keys.ts';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { compare } from '../../lambdas/engine/order.ts';
import { REDACTED } from '../../lambdas/engine/redact.ts';

/**
 * Set by the platform, never by a request: when and by whom a resource was created, a user's chat address
 * (`Chat.jabberId`), and a flow's version numbers (the target counts its own publications from 1.0).
 */
export const SERVER_ASSIGNED = [
  'dateCreated',
  'createdBy',
  'createdByApp',
  'chat',
  'publishedVersion',
  'checkedInVersion',
];

/**
 * Set by the platform inside a resource of one type (`[]`: each element of a list): the IDs it gives a
 * phone's lines and a site's number plans and outbound routes (with when it changed them last), an
 * evaluation form's version context, and the version of a Messenger configuration a deployment serves
 * (the target counts its own publications from 1).
 */
export const PLATFORM_SET: Readonly<Record<string, readonly string[]>> = {
  'quality:evaluationform': ['contextId'],
  'telephony:phone': ['lines[].id'],
  'telephony:phonebasesettings': ['lines[].id'],
  'telephony:site': [
    'numberPlans[].id',
    'numberPlans[].dateModified',
    'outboundRoutes[].id',
    'outboundRoutes[].dateModified',
  ],
  'webdeployments:deployment': ['configuration.version'],
};

/** `node` without what `path` (`a.b[].c`) names. */
function dropPath(node: unknown, path: readonly string[]): void {
  if (!node || typeof node !== 'object' || !path.length) return;
  const [head, ...rest] = path as [string, ...string[]];
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  const obj = node as Record<string, unknown>;
  if (!rest.length && !each) delete obj[key];
  else if (each && Array.isArray(obj[key])) for (const x of obj[key] as unknown[]) dropPath(x, rest);
  else dropPath(obj[key], rest);
}

/** An ID written inside text (a rule's skills as a JSON list in a string). */
const EMBEDDED_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Differences import makes by design, by reason. */
export const BY_DESIGN = {
  published:
    'flows never published in the source, published by the import job (an Architect import job publishes)',
  system: "system flows (the platform's own in each org: import neither creates nor changes them)",
  rows: 'data tables whose rows were not imported (data, not configuration)',
  deleted: 'users deleted in the source (a deleted user cannot be created in another org)',
  goneReferences:
    'resources whose reference to a user deleted in the source (a manager) was dropped: no import can create that user',
  clientGrants:
    "an OAuth client's role grants (import writes users' and groups' grants: a client is made with credentials of its own)",
  outboundSingletons:
    'outbound settings and wrap-up code mappings of an org without outbound (the API changes them, never creates them)',
  draftForms:
    'evaluation forms never published (only published versions are read in full: a draft has no questions in the snapshot)',
  edgeTrunks:
    "edge groups' edge trunk assignment (a trunk of type EDGE the platform makes with an org's edges: the new org has none)",
  credentials:
    'resources holding redacted credentials --secretsFile did not supply (no export can read them), and what refers to those',
} as const;

export interface RoundTrip {
  /** `type/name` of every resource compared (the source's). */
  readonly compared: readonly string[];
  /** `type/name` of the resources that differ, or that only one org has. */
  readonly differ: readonly string[];
  /** How many resources differ by design, by reason (BY_DESIGN). */
  readonly byDesign: Readonly<Record<keyof typeof BY_DESIGN, number>>;
}

interface Exported {
  readonly type: string;
  body: Entity;
  readonly yaml?: string;
}

/** The resources of the given types by `type/name`, IDs replaced by `<type:name>`, with a flow's YAML. */
function byName(dir: string, types: ReadonlySet<string>): Map<string, Exported> {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST_KEY), 'utf8')) as Manifest;
  const resources = m.resources.filter((r) => types.has(r.type));
  const names = new Map(resources.map((r) => [r.id, `<${r.type}:${r.name}>`]));
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v.replace(EMBEDDED_ID, (id) => names.get(id) ?? id);
    if (Array.isArray(v))
      return v
        .map(swap)
        .map((x) => JSON.stringify(x))
        .sort(compare);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          .map(([k, x]) => [names.get(k) ?? k, swap(x)])
          .sort(([x], [y]) => compare(String(x), String(y))),
      );
    return v;
  };
  const read = (type: string, path: string): Entity => {
    const body = JSON.parse(readFileSync(join(dir, path), 'utf8')) as Entity;
    for (const p of PLATFORM_SET[type] ?? []) dropPath(body, p.split('.'));
    return body;
  };
  return new Map(
    resources.map((r) => [
      `${r.type}/${r.name}`,
      {
        type: r.type,
        body: swap(read(r.type, r.path)) as Entity,
        yaml: r.definitionPath ? readFileSync(join(dir, r.definitionPath), 'utf8') : undefined,
      },
    ]),
  );
}

/** `body` without the values that are, or whose `id` is, one of `tokens` (the form `byName` gives). */
function withoutReferencesTo(body: Entity, tokens: ReadonlySet<string>): Entity {
  const hit = (v: unknown) =>
    (typeof v === 'string' && (tokens.has(v) || [...tokens].some((t) => v.includes(`"${t}"`)))) ||
    (!!v && typeof v === 'object' && tokens.has(String((v as Entity).id)));
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !hit(x)).map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => !hit(x))
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  return strip(body) as Entity;
}

/**
 * `type/name` of the source's resources the target lacks because they hold a redacted credential (not
 * supplied, so blocked), or refer to one that does, however indirectly (blocked in turn).
 */
function withoutCredentials(want: Map<string, Exported>, got: Map<string, Exported>): Set<string> {
  const missing = [...want].filter(([key]) => !got.has(key));
  const token = (key: string, e: Exported) => `<${e.type}:${key.slice(key.indexOf('/') + 1)}>`;
  const out = new Set<string>();
  const tokens: string[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, e] of missing) {
      if (out.has(key)) continue;
      const text = JSON.stringify(e.body);
      if (!text.includes(REDACTED) && !tokens.some((t) => text.includes(t))) continue;
      out.add(key);
      tokens.push(token(key, e));
      grew = true;
    }
  }
  return out;
}

const isEmpty = (v: unknown) => !v || (typeof v === 'object' && Object.keys(v).length === 0);

/** A count of zero for every by-design reason. */
export const noneByDesign = () =>
  Object.fromEntries(Object.keys(BY_DESIGN).map((k) => [k, 0])) as Record<keyof typeof BY_DESIGN, number>;

/** Compares the export of the source org (`sourceDir`) with the export of the target (`targetDir`). */
export function roundTrip(sourceDir: string, targetDir: string, types: readonly string[]): RoundTrip {
  const want = byName(sourceDir, new Set(types));
  const got = byName(targetDir, new Set(types));
  const byDesign = noneByDesign();
  const differ: string[] = [];
  const deleted = new Set(
    [...want]
      .filter(([, e]) => e.type === 'admin:user' && e.body.state === 'deleted')
      .map(([key]) => `<admin:user:${key.slice(key.indexOf('/') + 1)}>`),
  );
  const unsupplied = withoutCredentials(want, got);
  for (const key of [...new Set([...want.keys(), ...got.keys()])].sort(compare)) {
    const a = want.get(key);
    const b = got.get(key);
    if (a && !b && a.type === 'admin:user' && a.body.state === 'deleted') {
      byDesign.deleted++;
      continue;
    }
    if (a && b && deleted.size) {
      const kept = withoutReferencesTo(a.body, deleted);
      if (
        JSON.stringify(kept) !== JSON.stringify(a.body) &&
        JSON.stringify(withoutReferencesTo(b.body, deleted)) === JSON.stringify(b.body)
      ) {
        byDesign.goneReferences++;
        a.body = kept;
      }
    }
    const only = a && !b ? a : undefined;
    if (only?.type === 'authorization:rolegrant' && only.body.type === 'PC_OAUTH_CLIENT') {
      byDesign.clientGrants++;
      continue;
    }
    if (only && ['outbound:settings', 'outbound:wrapupcodemappings'].includes(only.type)) {
      byDesign.outboundSingletons++;
      continue;
    }
    if (only?.type === 'quality:evaluationform' && only.body.published === false) {
      byDesign.draftForms++;
      continue;
    }
    if (only && unsupplied.has(key)) {
      byDesign.credentials++;
      continue;
    }
    if (a && b && a.type === 'telephony:edgegroup' && isEmpty(b.body.edgeTrunkBaseAssignment)) {
      if (!isEmpty(a.body.edgeTrunkBaseAssignment)) byDesign.edgeTrunks++;
      a.body = { ...a.body, edgeTrunkBaseAssignment: b.body.edgeTrunkBaseAssignment };
    }
    if (a?.type === 'routing:flow' && a.body.system === true) {
      byDesign.system++;
      continue;
    }
    if (a && b && a.type === 'routing:flow' && a.body.active === false && b.body.active === true) {
      byDesign.published++;
      b.body = { ...b.body, active: false };
    }
    if (a && b && a.type === 'architect:datatable') {
      const has = (rows: unknown) => Array.isArray(rows) && rows.length > 0;
      if (has(a.body.rows) && !has(b.body.rows)) {
        byDesign.rows++;
        a.body = { ...a.body, rows: b.body.rows };
      }
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(key);
  }
  return { compared: [...want.keys()], differ, byDesign };
}

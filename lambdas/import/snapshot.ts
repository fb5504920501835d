/**
 * What `import run` reads and keeps beside a snapshot: the manifest and each resource's file, and the ID
 * map of every earlier apply to a target org (`.genesys/id-map/<targetOrgId>.json`, source ID -> target
 * ID per type), so that a resource renamed in the source updates its counterpart instead of creating one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Entity } from '../engine/catalog/types.ts';
import { UsageError } from '../engine/errors.ts';
import { MANIFEST_KEY, resourceKey } from '../engine/keys.ts';
import type { Manifest, ManifestResource } from '../engine/model.ts';
import { compare } from '../engine/order.ts';
import { DEFINITION } from './flows.ts';

export interface SnapshotResource {
  readonly key: string;
  readonly entry: ManifestResource;
  readonly body: Entity;
}

export interface Snapshot {
  readonly dir: string;
  readonly manifest: Manifest;
  /** By `type/id`. */
  readonly resources: ReadonlyMap<string, SnapshotResource>;
}

export function readSnapshot(inputDir: string, cwd: string): Snapshot {
  const dir = resolve(cwd, inputDir);
  const manifestPath = join(dir, MANIFEST_KEY);
  if (!existsSync(manifestPath))
    throw new UsageError(`--inputDir ${inputDir} holds no snapshot: ${MANIFEST_KEY} is missing`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    throw new UsageError(`${MANIFEST_KEY} in ${inputDir} is not valid JSON (${(err as Error).message})`);
  }
  const resources = new Map<string, SnapshotResource>();
  for (const entry of manifest.resources) {
    const text = readFileSync(join(dir, entry.path), 'utf8');
    const body = (entry.path.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text)) as Entity;
    // A flow's Architect YAML is what its import job uploads.
    if (entry.definitionPath) body[DEFINITION] = readFileSync(join(dir, entry.definitionPath), 'utf8');
    resources.set(resourceKey(entry.type, entry.id), { key: resourceKey(entry.type, entry.id), entry, body });
  }
  return { dir, manifest, resources };
}

export interface IdMapFile {
  readonly schemaVersion: 1;
  readonly sourceOrganizationId: string;
  readonly targetOrganizationId: string;
  /** type -> source ID -> target ID. */
  readonly ids: Record<string, Record<string, string>>;
}

export const idMapPath = (dir: string, targetOrgId: string): string =>
  join(dir, '.genesys', 'id-map', `${targetOrgId}.json`);

/** type -> source ID -> target ID, empty when no apply to this org was recorded yet. */
export type IdMap = Map<string, Map<string, string>>;

export function readIdMap(dir: string, targetOrgId: string): IdMap {
  const path = idMapPath(dir, targetOrgId);
  if (!existsSync(path)) return new Map();
  const file = JSON.parse(readFileSync(path, 'utf8')) as IdMapFile;
  return new Map(Object.entries(file.ids).map(([t, ids]) => [t, new Map(Object.entries(ids))]));
}

/** Written whole (temporary file, then renamed), keys sorted: the same map is the same bytes. */
export function writeIdMap(dir: string, sourceOrgId: string, targetOrgId: string, map: IdMap): string {
  const path = idMapPath(dir, targetOrgId);
  const ids: Record<string, Record<string, string>> = {};
  for (const t of [...map.keys()].sort(compare)) {
    const m = map.get(t) as Map<string, string>;
    if (m.size === 0) continue;
    ids[t] = Object.fromEntries([...m.entries()].sort(([a], [b]) => compare(a, b)));
  }
  const file: IdMapFile = {
    schemaVersion: 1,
    sourceOrganizationId: sourceOrgId,
    targetOrganizationId: targetOrgId,
    ids,
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

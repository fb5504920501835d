/**
 * `--prune`: the target's resources of the selected types that no snapshot resource is (by ID, ID map or
 * natural key), planned as `delete` and deleted last, in the reverse of the import order (a queue before
 * its skills, every type before the divisions). A type is pruned only when the snapshot holds every
 * resource of it (listed completely, complete): a filtered or partial export would otherwise delete
 * everything it left out. A built-in object (the Home division, a system flow) is never deleted, nor, unless
 * the export included every resource, one the export leaves out as inactive (an unpublished flow, an
 * inactive user). Flows and users are deleted as the API does it: a deleted user remains, in state deleted.
 */
import { requireType } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import { resourceKey } from '../engine/keys.ts';
import { compare } from '../engine/order.ts';
import { IMPORTABLE, naturalKeyOf } from './importable.ts';
import type { Matcher, PlannedResource } from './plan.ts';
import type { Snapshot } from './snapshot.ts';

const q = encodeURIComponent;

/** The SDK's DELETE of each importable type (`*Api.js`: deleteAuthorizationDivision, deleteRoutingSkill...). */
const DELETE_PATHS: Readonly<Record<string, (id: string) => string>> = {
  'authorization:division': (id) => `/api/v2/authorization/divisions/${q(id)}`,
  'routing:skill': (id) => `/api/v2/routing/skills/${q(id)}`,
  'routing:language': (id) => `/api/v2/routing/languages/${q(id)}`,
  'organization:wrapupcode': (id) => `/api/v2/routing/wrapupcodes/${q(id)}`,
  'architect:schedule': (id) => `/api/v2/architect/schedules/${q(id)}`,
  'architect:schedulegroup': (id) => `/api/v2/architect/schedulegroups/${q(id)}`,
  'routing:queue': (id) => `/api/v2/routing/queues/${q(id)}`,
  'admin:group': (id) => `/api/v2/groups/${q(id)}`,
  'admin:team': (id) => `/api/v2/teams/${q(id)}`,
  'organization:location': (id) => `/api/v2/locations/${q(id)}`,
  'routing:utilizationlabel': (id) => `/api/v2/routing/utilization/labels/${q(id)}`,
  'architect:flowmilestone': (id) => `/api/v2/flows/milestones/${q(id)}`,
  'architect:userprompt': (id) => `/api/v2/architect/prompts/${q(id)}`,
  'architect:datatable': (id) => `/api/v2/flows/datatables/${q(id)}`,
  // TelephonyProvidersEdgeApi and ArchitectApi (deleteTelephonyProvidersEdgesSite, deleteArchitectIvr...).
  'telephony:trunkbasesettings': (id) => `/api/v2/telephony/providers/edges/trunkbasesettings/${q(id)}`,
  'telephony:edgegroup': (id) => `/api/v2/telephony/providers/edges/edgegroups/${q(id)}`,
  'telephony:site': (id) => `/api/v2/telephony/providers/edges/sites/${q(id)}`,
  'telephony:didpool': (id) => `/api/v2/telephony/providers/edges/didpools/${q(id)}`,
  'telephony:extensionpool': (id) => `/api/v2/telephony/providers/edges/extensionpools/${q(id)}`,
  'telephony:phonebasesettings': (id) => `/api/v2/telephony/providers/edges/phonebasesettings/${q(id)}`,
  'telephony:phone': (id) => `/api/v2/telephony/providers/edges/phones/${q(id)}`,
  'architect:ivr': (id) => `/api/v2/architect/ivrs/${q(id)}`,
  'architect:emergencygroup': (id) => `/api/v2/architect/emergencygroups/${q(id)}`,
  'outbound:contactlist': (id) => `/api/v2/outbound/contactlists/${q(id)}`,
  'outbound:dnclist': (id) => `/api/v2/outbound/dnclists/${q(id)}`,
  'outbound:callabletimeset': (id) => `/api/v2/outbound/callabletimesets/${q(id)}`,
  'outbound:callanalysisresponseset': (id) => `/api/v2/outbound/callanalysisresponsesets/${q(id)}`,
  'outbound:ruleset': (id) => `/api/v2/outbound/rulesets/${q(id)}`,
  'outbound:campaign': (id) => `/api/v2/outbound/campaigns/${q(id)}`,
  'outbound:sequence': (id) => `/api/v2/outbound/sequences/${q(id)}`,
  'outbound:attemptlimit': (id) => `/api/v2/outbound/attemptlimits/${q(id)}`,
  'outbound:contactlistfilter': (id) => `/api/v2/outbound/contactlistfilters/${q(id)}`,
  'responsemanagement:library': (id) => `/api/v2/responsemanagement/libraries/${q(id)}`,
  'responsemanagement:response': (id) => `/api/v2/responsemanagement/responses/${q(id)}`,
  'routing:smsaddress': (id) => `/api/v2/routing/sms/addresses/${q(id)}`,
  'presence:definition': (id) => `/api/v2/presence/definitions/${q(id)}`,
  'routing:skillgroup': (id) => `/api/v2/routing/skillgroups/${q(id)}`,
  'routing:emaildomain': (id) => `/api/v2/routing/email/domains/${q(id)}`,
  'quality:evaluationform': (id) => `/api/v2/quality/forms/evaluations/${q(id)}`,
  'routing:flow': (id) => `/api/v2/flows/${q(id)}`,
  'admin:user': (id) => `/api/v2/users/${q(id)}`,
};

export function deletePath(type: string, id: string): string | undefined {
  return DELETE_PATHS[type]?.(id);
}

/** Why a target resource is never deleted, if it is built in. */
function builtIn(type: string, e: Entity): string | undefined {
  if (type === 'authorization:division' && e.homeDivision === true) return 'the Home division';
  if (type === 'routing:utilizationlabel' && e.name === 'System Default Label')
    return 'the System Default Label';
  // Genesys Cloud Voice's own sites, edge groups and trunks: an export leaves them out unless referenced.
  if (type.startsWith('telephony:') && e.managed === true) return 'managed by Genesys';
  if (type === 'presence:definition' && e.type === 'System') return "the platform's System presence";
  // The API's delete of a presence definition deactivates it: a deactivated one is deleted already.
  if (type === 'presence:definition' && e.deactivated === true) return 'deactivated already';
  if (type === 'routing:flow' && e.system === true) return 'a system flow';
  return undefined;
}

export interface PrunePlan {
  readonly deletes: PlannedResource[];
  readonly skipped: Array<{ type: string; reason: string }>;
}

export function planPrune(snapshot: Snapshot, matcher: Matcher, selected: ReadonlySet<string>): PrunePlan {
  const { manifest } = snapshot;
  const typeOrder = [...new Set(manifest.importOrder.map((k) => k.slice(0, k.indexOf('/'))))];
  const types = [...selected].sort((a, b) => typeOrder.indexOf(b) - typeOrder.indexOf(a) || compare(a, b));
  const deletes: PlannedResource[] = [];
  const skipped: Array<{ type: string; reason: string }> = [];
  for (const type of types) {
    const status = manifest.types[type];
    if (!status?.listedCompletely || status.outcome !== 'complete') {
      skipped.push({
        type,
        reason: `the snapshot does not hold every ${type} (${status?.outcome ?? 'absent'}, ${status?.listedCompletely ? 'listed completely' : 'not listed completely'})`,
      });
      continue;
    }
    if (!DELETE_PATHS[type]) {
      skipped.push({ type, reason: `import cannot delete a ${type}` });
      continue;
    }
    const claimed = claimedTargetIds(snapshot, matcher, type);
    // Without --includeAllResources an export leaves out what is not active (a flow never published, an
    // inactive or deleted user): the snapshot says nothing of the target's, which stay.
    const isActive = manifest.options.includeAllResources ? undefined : requireType(type).isActive;
    const absent = (matcher.target.get(type) ?? [])
      .filter((e) => !claimed.has(String(e.id)) && builtIn(type, e) === undefined && (isActive?.(e) ?? true))
      .sort(
        (a, b) => compare(String(a.name ?? ''), String(b.name ?? '')) || compare(String(a.id), String(b.id)),
      );
    for (const e of absent)
      deletes.push({
        key: resourceKey(type, String(e.id)),
        type,
        sourceId: '',
        name: String(e.name ?? ''),
        action: 'delete',
        targetId: String(e.id),
      });
  }
  return { deletes, skipped };
}

/**
 * Target IDs some snapshot resource of `type` is, whatever the plan does with it (blocked included):
 * matched by ID, ID map or natural key; every candidate of an ambiguous name.
 */
function claimedTargetIds(snapshot: Snapshot, matcher: Matcher, type: string): Set<string> {
  const out = new Set<string>();
  const existing = matcher.target.get(type) ?? [];
  const t = IMPORTABLE.get(type);
  for (const r of snapshot.resources.values()) {
    if (r.entry.type !== type) continue;
    const m = matcher.match(type, r.entry.id, r.body);
    if (m && m !== 'ambiguous') out.add(m.id);
    const key = naturalKeyOf(t, r.body);
    if (key !== undefined) for (const e of existing) if (naturalKeyOf(t, e) === key) out.add(String(e.id));
  }
  return out;
}

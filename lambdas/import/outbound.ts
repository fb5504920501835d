/**
 * Outbound dialing for import, with the SDK's `OutboundApi` write endpoints and the way Terraform's
 * provider uses them (`resource_genesyscloud_outbound_*.go` and their proxies): every type is created with
 * `POST` and changed with `PUT .../{id}` carrying the version read just before. Campaigns and campaign
 * sequences are created `off` and switched on by an update afterwards, as the provider does ("campaigns can
 * be enabled after creation"). The org-wide outbound settings and wrap-up code mappings are singletons
 * every outbound org has: never created, only changed (`PATCH /api/v2/outbound/settings`,
 * `PUT /api/v2/outbound/wrapupcodemappings`, at their current version); a target without them is reported.
 * A DNC list's `loginId`/`licenseId` (dnc.com, Gryphon accounts) are redacted in a snapshot: the plan asks
 * for them (--secretsFile). Contact lists and DNC lists are created empty: contacts and numbers are
 * customer data a snapshot never holds.
 */
import type { Entity } from '../engine/catalog/types.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const without = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k)));

const READ_ONLY = ['dateCreated'];
const bodyOf = (e: Entity): Body => without(e, ['id', ...READ_ONLY]);

/** Created with `POST base`, changed with `PUT base/{id}` at the version `GET base/{id}` answers. */
function versioned(type: string, base: string): ImportableType {
  return {
    type,
    create: { path: base, body: bodyOf },
    update: {
      method: 'PUT',
      path: (id) => `${base}/${q(id)}`,
      body: (e, current) => ({ ...bodyOf(e), version: current.version }),
      versioned: true,
      read: (id) => `${base}/${q(id)}`,
    },
    readOnly: READ_ONLY,
  };
}

/**
 * Campaigns (`campaignStatus`) and sequences (`status`): created `off`, then `on` through the update when
 * the snapshot's is on; an update always sends the snapshot's status.
 */
function switchedOnLater(type: string, base: string, status: string): ImportableType {
  const t = versioned(type, base);
  async function write(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
    const { body, pending } = desired(r, ctx);
    const send = bodyOf(body);
    let id = r.targetId;
    if (id === undefined) {
      const created = await ctx.client.post<Entity>(base, { ...send, [status]: 'off' });
      id = String(created.id);
      if (send[status] !== 'on') return { id, pending };
    }
    const live = await ctx.client.get<Entity>(`${base}/${q(id)}`);
    await ctx.client.put(`${base}/${q(id)}`, { ...send, version: live.version });
    return { id, pending };
  }
  return { ...t, writer: { write } };
}

const SETTINGS = '/api/v2/outbound/settings';
const MAPPINGS = '/api/v2/outbound/wrapupcodemappings';

/** A singleton's stable ID and name are the catalog's (`settings`), the same in every org. */
const noneInTarget = (what: string) => (_desired: Entity, current: Entity | undefined) =>
  current
    ? undefined
    : `the target org has no ${what} to change (the API never creates them: they come with outbound)`;

/** The platform's limit, not a setting (Terraform's `genesyscloud_outbound_settings` never sends it). */
const SETTINGS_READ_ONLY = ['dateCreated', 'maxConfigurableCallsPerAgent'];

export const outboundSettings: ImportableType = {
  type: 'outbound:settings',
  create: { path: SETTINGS, body: () => ({}) },
  update: {
    method: 'PATCH',
    path: () => SETTINGS,
    body: (e, current) => ({
      ...without(e, ['id', 'name', ...SETTINGS_READ_ONLY]),
      version: current.version,
    }),
    versioned: true,
    read: () => SETTINGS,
  },
  readOnly: SETTINGS_READ_ONLY,
  refuse: noneInTarget('outbound settings'),
};

export const outboundWrapupCodeMappings: ImportableType = {
  type: 'outbound:wrapupcodemappings',
  create: { path: MAPPINGS, body: () => ({}) },
  update: {
    method: 'PUT',
    path: () => MAPPINGS,
    body: (e, current) => ({
      defaultSet: e.defaultSet ?? [],
      mapping: e.mapping ?? {},
      version: current.version,
    }),
    versioned: true,
    read: () => MAPPINGS,
  },
  readOnly: READ_ONLY,
  refuse: noneInTarget('outbound wrap-up code mappings'),
};

export const contactList = versioned('outbound:contactlist', '/api/v2/outbound/contactlists');
export const dncList = versioned('outbound:dnclist', '/api/v2/outbound/dnclists');
export const callableTimeSet = versioned('outbound:callabletimeset', '/api/v2/outbound/callabletimesets');
export const callAnalysisResponseSet = versioned(
  'outbound:callanalysisresponseset',
  '/api/v2/outbound/callanalysisresponsesets',
);
export const ruleSet = versioned('outbound:ruleset', '/api/v2/outbound/rulesets');
export const campaign = switchedOnLater('outbound:campaign', '/api/v2/outbound/campaigns', 'campaignStatus');
export const attemptLimit = versioned('outbound:attemptlimit', '/api/v2/outbound/attemptlimits');
export const contactListFilter = versioned(
  'outbound:contactlistfilter',
  '/api/v2/outbound/contactlistfilters',
);
export const campaignSequence = switchedOnLater('outbound:sequence', '/api/v2/outbound/sequences', 'status');

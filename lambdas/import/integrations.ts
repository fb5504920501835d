/**
 * Installed integrations and data actions for import, as Terraform's `genesyscloud_integration` and
 * `genesyscloud_integration_action` write them (`IntegrationsApi`):
 * - an integration is installed with `POST /api/v2/integrations` (its type and name), its configuration
 *   set with `PUT .../{integrationId}/config/current` at the configuration's current version (read just
 *   before), and its intended state with `PATCH .../{integrationId}`. Configuration values that are
 *   credentials are `<redacted>` in a snapshot: --secretsFile supplies them, or the integration is blocked.
 *   The credentials it names (`integration:credential`) are matched by name in the target org: their
 *   values cannot be exported, so import does not create them;
 * - a data action is created with `POST /api/v2/integrations/actions` (name, category, integration,
 *   config, contract, secure) and changed with `PATCH .../actions/{actionId}` at its current version:
 *   name, category and config only (the contract and `secure` of a published action do not change).
 */
import type { Entity } from '../engine/catalog/types.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const INTEGRATIONS = '/api/v2/integrations';
const ACTIONS = '/api/v2/integrations/actions';

const configurationOf = (e: Entity): Entity => (e.configuration ?? {}) as Entity;

function configurationBody(e: Entity, version: unknown): Body {
  const c = configurationOf(e);
  const credentials = Object.fromEntries(
    Object.entries((c.credentials ?? {}) as Record<string, Entity>).map(([k, v]) => [k, { id: v.id }]),
  );
  return {
    name: c.name ?? e.name,
    version,
    properties: c.properties ?? {},
    advanced: c.advanced ?? {},
    notes: c.notes ?? '',
    credentials,
  };
}

async function writeIntegration(
  r: PlannedResource,
  ctx: ApplyContext,
): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  let id = r.targetId;
  let state: unknown;
  if (id === undefined) {
    const created = await ctx.client.post<Entity>(INTEGRATIONS, {
      name: body.name,
      integrationType: { id: (body.integrationType as Entity | undefined)?.id },
    });
    id = String(created.id);
    state = created.intendedState;
  } else state = (ctx.target.get(r.type) ?? []).find((e) => e.id === id)?.intendedState;
  const changes = r.changes;
  if (changes === undefined || changes.some((c) => c !== 'intendedState')) {
    const current = await ctx.client.get<Entity>(`${INTEGRATIONS}/${q(id)}/config/current`);
    await ctx.client.put(`${INTEGRATIONS}/${q(id)}/config/current`, configurationBody(body, current.version));
  }
  if (body.intendedState !== undefined && body.intendedState !== state)
    await ctx.client.patch(`${INTEGRATIONS}/${q(id)}`, { intendedState: body.intendedState });
  return { id, pending };
}

export const integration: ImportableType = {
  type: 'integration:integration',
  create: { path: INTEGRATIONS, body: () => ({}) },
  update: {
    method: 'PUT',
    path: (id) => `${INTEGRATIONS}/${q(id)}/config/current`,
    body: () => ({}),
    // The type of an installed integration does not change.
    fields: ['configuration', 'intendedState', 'name', 'notes'],
  },
  readOnly: ['reportedState', 'attributes'],
  writer: { write: writeIntegration },
  // The configuration carries its integration's ID.
  comparable: (e) => {
    const { id: _id, ...configuration } = configurationOf(e);
    return { ...e, configuration };
  },
};

const ACTION_UPDATE = ['name', 'category', 'config'];

export const dataAction: ImportableType = {
  type: 'integration:action',
  create: {
    path: ACTIONS,
    body: (e) => ({
      name: e.name,
      category: e.category,
      integrationId: e.integrationId,
      config: e.config,
      contract: e.contract,
      secure: e.secure,
    }),
  },
  update: {
    method: 'PATCH',
    path: (id) => `${ACTIONS}/${q(id)}`,
    body: (e, current) => ({
      name: e.name,
      category: e.category,
      config: e.config,
      version: current.version,
    }),
    fields: ACTION_UPDATE,
    versioned: true,
    read: (id) => `${ACTIONS}/${q(id)}`,
  },
  readOnly: ['version'],
};

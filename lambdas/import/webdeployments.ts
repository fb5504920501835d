/**
 * Messenger configurations and deployments for import, as Terraform's
 * `genesyscloud_webdeployments_configuration` and `genesyscloud_webdeployments_deployment` write them
 * (`WebDeploymentsApi`): a configuration is created as a draft (`POST /api/v2/webdeployments/configurations`)
 * or its draft replaced (`PUT .../{configurationId}/versions/draft`), then published
 * (`POST .../versions/draft/publish`). Version numbers are each org's own: a deployment
 * (`POST /api/v2/webdeployments/deployments`, `PUT .../{deploymentId}`) serves the latest published
 * version of its configuration in the target (found with `GET .../{configurationId}/versions`, as Terraform
 * does when no version is given), and is compared without it. When import publishes a new version of a
 * configuration, the target's deployments that served its previous latest version are moved to the new
 * one, as a deployment of the source serving the latest version would have been.
 */
import type { Entity } from '../engine/catalog/types.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const CONFIGURATIONS = '/api/v2/webdeployments/configurations';
const DEPLOYMENTS = '/api/v2/webdeployments/deployments';

const pick = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(fields.filter((f) => e[f] !== undefined).map((f) => [f, e[f]]));

/** `WebDeploymentConfigurationVersion` fields a request sets. */
const CONFIGURATION_FIELDS = [
  'name',
  'description',
  'headlessMode',
  'languages',
  'defaultLanguage',
  'customI18nLabels',
  'messenger',
  'position',
  'supportCenter',
  'cobrowse',
  'journeyEvents',
  'authenticationSettings',
  'video',
];

/** The configuration's latest published version in the target, if it has one. */
async function latestVersion(client: GenesysClient, configurationId: string): Promise<string | undefined> {
  let path: string | undefined = `${CONFIGURATIONS}/${q(configurationId)}/versions?pageSize=100`;
  let latest: number | undefined;
  while (path) {
    const page: Entity = await client.get<Entity>(path);
    for (const v of (page.entities as Entity[] | undefined) ?? []) {
      const n = Number(v.version);
      if (Number.isInteger(n) && (latest === undefined || n > latest)) latest = n;
    }
    path = typeof page.nextUri === 'string' ? page.nextUri : undefined;
  }
  return latest === undefined ? undefined : String(latest);
}

const DEPLOYMENT_FIELDS = [
  'name',
  'description',
  'allowAllDomains',
  'allowedDomains',
  'supportedContent',
  'pushIntegrations',
];

const deploymentBody = (e: Entity, configurationId: string, version: string): Body => ({
  ...pick(e, DEPLOYMENT_FIELDS),
  ...(e.flow && typeof e.flow === 'object' ? { flow: { id: (e.flow as Entity).id } } : {}),
  configuration: { id: configurationId, version },
});

async function writeConfiguration(
  r: PlannedResource,
  ctx: ApplyContext,
): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const send = pick(body, CONFIGURATION_FIELDS);
  let id = r.targetId;
  let previous: string | undefined;
  if (id === undefined) id = String((await ctx.client.post<Entity>(CONFIGURATIONS, send)).id);
  else {
    previous = await latestVersion(ctx.client, id);
    await ctx.client.put(`${CONFIGURATIONS}/${q(id)}/versions/draft`, send);
  }
  const published = await ctx.client.post<Entity>(`${CONFIGURATIONS}/${q(id)}/versions/draft/publish`, {});
  const version = String(published.version);
  for (const d of ctx.target.get('webdeployments:deployment') ?? []) {
    const served = d.configuration as Entity | undefined;
    if (previous === undefined || served?.id !== id || String(served.version) !== previous) continue;
    await ctx.client.put(`${DEPLOYMENTS}/${q(String(d.id))}`, deploymentBody(d, id, version));
  }
  return { id, pending };
}

async function writeDeployment(
  r: PlannedResource,
  ctx: ApplyContext,
): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const configurationId = String((body.configuration as Entity | undefined)?.id);
  const version = await latestVersion(ctx.client, configurationId);
  if (version === undefined)
    throw new Error(`the configuration ${configurationId} has no published version in the target org`);
  const send = deploymentBody(body, configurationId, version);
  if (r.targetId === undefined)
    return { id: String((await ctx.client.post<Entity>(DEPLOYMENTS, send)).id), pending };
  await ctx.client.put(`${DEPLOYMENTS}/${q(r.targetId)}`, send);
  return { id: r.targetId, pending };
}

export const webDeploymentConfiguration: ImportableType = {
  type: 'webdeployments:configuration',
  create: { path: CONFIGURATIONS, body: (e) => pick(e, CONFIGURATION_FIELDS) },
  update: {
    method: 'PUT',
    path: (id) => `${CONFIGURATIONS}/${q(id)}/versions/draft`,
    body: (e) => pick(e, CONFIGURATION_FIELDS),
  },
  readOnly: ['version', 'status'],
  writer: { write: writeConfiguration },
};

export const webDeployment: ImportableType = {
  type: 'webdeployments:deployment',
  create: { path: DEPLOYMENTS, body: () => ({}) },
  update: { method: 'PUT', path: (id) => `${DEPLOYMENTS}/${q(id)}`, body: () => ({}) },
  readOnly: ['status', 'snippet'],
  writer: { write: writeDeployment },
  // Each org numbers its configurations' versions: a deployment serves its configuration's latest.
  comparable: (e) => {
    const { version: _version, ...configuration } = (e.configuration ?? {}) as Entity;
    return { ...e, configuration };
  },
};

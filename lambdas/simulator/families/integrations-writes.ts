/**
 * Write endpoints of installed integrations and data actions for import, from the SDK (`IntegrationsApi`:
 * paths, models, permissions in build/docs/IntegrationsApi.md) and Terraform's `genesyscloud_integration`
 * and `genesyscloud_integration_action`:
 * - `POST /api/v2/integrations` (`CreateIntegrationRequest`: name and integrationType required; 400 for a
 *   type the platform does not offer) installs an integration, disabled, with an empty configuration;
 *   `PATCH /api/v2/integrations/{integrationId}` (`Integration`) changes its intended state;
 *   `PUT .../{integrationId}/config/current` (`IntegrationConfiguration`: name, version, properties,
 *   advanced, notes, credentials) replaces the configuration at its current version (409 otherwise) and
 *   names the integration; a credential it names must exist (400);
 * - `POST /api/v2/integrations/actions` (`PostActionInput`: category, name, integrationId, config,
 *   contract required) creates a published action of an installed integration;
 *   `PATCH .../actions/{actionId}` (`UpdateActionInput`: version required) changes its name, category or
 *   config at its current version, moving the version.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound } from '../errors.ts';
import type { Route } from '../route.ts';
import {
  type Body,
  existing,
  firstError,
  isResponse,
  missingField,
  newId,
  staleVersion,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';
import { integrationTypeOf } from './installed-integrations.ts';

const INTEGRATIONS = '/api/v2/integrations';
const ACTIONS = '/api/v2/integrations/actions';

const object = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (structuredClone(v) as Record<string, unknown>) : {};

function integrationWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: INTEGRATIONS,
      permissions: ['integrations:integration:add'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, ['name', 'integrationType']);
        if (invalid) return invalid;
        const type = integrationTypeOf((body.integrationType as Body).id);
        if (!type)
          return apiError(
            400,
            'bad.request',
            `The integration type '${String((body.integrationType as Body).id)}' does not exist.`,
          );
        const id = newId();
        const integration: Models.Integration = {
          id,
          name: String(body.name),
          integrationType: type,
          notes: '',
          intendedState: 'DISABLED',
          reportedState: { code: 'ACTIVE', effective: 'Active' },
          attributes: {},
          selfUri: `${INTEGRATIONS}/${id}`,
        };
        ctx.org.integrations.push(integration);
        ctx.org.integrationConfigs.set(id, {
          id,
          name: String(body.name),
          version: 1,
          properties: {},
          advanced: {},
          notes: '',
          credentials: {},
        });
        return { status: 200, body: integration };
      }),
    },
    {
      method: 'PATCH',
      template: `${INTEGRATIONS}/{integrationId}`,
      permissions: ['integrations:integration:edit'],
      handle: withBody((ctx, body) => {
        const integration = existing(ctx.org.integrations, ctx, 'integrationId');
        if (isResponse(integration)) return integration;
        if (body.intendedState !== undefined) {
          if (!['ENABLED', 'DISABLED', 'DELETED'].includes(String(body.intendedState)))
            return apiError(400, 'bad.request', `'${String(body.intendedState)}' is not an intended state.`);
          integration.intendedState = String(body.intendedState);
        }
        return { status: 200, body: integration };
      }),
    },
    {
      method: 'PUT',
      template: `${INTEGRATIONS}/{integrationId}/config/current`,
      permissions: ['integrations:integration:edit'],
      handle: withBody((ctx, body) => {
        const integration = existing(ctx.org.integrations, ctx, 'integrationId');
        if (isResponse(integration)) return integration;
        const current = ctx.org.integrationConfigs.get(String(integration.id));
        if (!current) return notFound(ctx.path);
        const credentials = object(body.credentials) as Record<string, Models.CredentialInfo>;
        const invalid = firstError(
          missingField(body, ['name', 'version']),
          staleVersion(current.version, body.version),
          unknownReference(
            ctx.org.integrationCredentials,
            Object.values(credentials).map((c) => c?.id),
            'credential',
          ),
        );
        if (invalid) return invalid;
        const config: Models.IntegrationConfiguration = {
          id: integration.id,
          name: String(body.name),
          version: Number(current.version) + 1,
          properties: object(body.properties),
          advanced: object(body.advanced),
          notes: str(body.notes) ?? '',
          credentials: Object.fromEntries(
            Object.entries(credentials).map(([k, c]) => [
              k,
              { id: c.id, name: ctx.org.integrationCredentials.find((x) => x.id === c.id)?.name },
            ]),
          ),
        };
        ctx.org.integrationConfigs.set(String(integration.id), config);
        integration.name = config.name;
        integration.notes = config.notes;
        return { status: 200, body: { ...config, selfUri: ctx.path } };
      }),
    },
  ];
}

function actionWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: ACTIONS,
      permissions: ['integrations:action:add'],
      handle: withBody((ctx, body) => {
        const invalid = firstError(
          missingField(body, ['category', 'name', 'integrationId', 'config', 'contract']),
          unknownReference(ctx.org.integrations, [body.integrationId], 'integration'),
        );
        if (invalid) return invalid;
        const action: Models.Action = {
          id: `custom_-_${newId()}`,
          name: String(body.name),
          category: String(body.category),
          integrationId: String(body.integrationId),
          secure: body.secure === true,
          version: 1,
          config: object(body.config) as Models.ActionConfig,
          contract: object(body.contract) as Models.ActionContract,
        };
        action.selfUri = `${ACTIONS}/${action.id}`;
        ctx.org.dataActions.push(action);
        return { status: 200, body: action };
      }),
    },
    {
      method: 'PATCH',
      template: `${ACTIONS}/{actionId}`,
      permissions: ['integrations:action:edit'],
      handle: withBody((ctx, body) => {
        const action = existing(ctx.org.dataActions, ctx, 'actionId');
        if (isResponse(action)) return action;
        const invalid = firstError(
          missingField(body, ['version']),
          staleVersion(action.version, body.version),
        );
        if (invalid) return invalid;
        if (body.name !== undefined) action.name = String(body.name);
        if (body.category !== undefined) action.category = String(body.category);
        if (body.config !== undefined) action.config = object(body.config) as Models.ActionConfig;
        action.version = Number(action.version) + 1;
        return { status: 200, body: action };
      }),
    },
  ];
}

export const integrationsWritesFamily: Family = {
  name: 'integration:integration, integration:action (writes)',
  listings: [],
  routes: () => [...integrationWrites(), ...actionWrites()],
};

/**
 * The SDK-model validator itself, and a whole small export end to end with every simulator response
 * validated against the official SDK's models.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRoutes } from '../../lambdas/simulator/routes.ts';
import { cleanup, everyPermissionExcept, exportOnce, startSimulator, tempDir } from '../helpers.ts';
import { ENUMS } from './enums.ts';
import { unexpectedViolations } from './known-violations.ts';
import { strictSchema } from './strict.ts';
import {
  ENDPOINT_MODELS,
  type JsonSchema,
  mergeEnums,
  SCHEMA_FILE,
  validateModel,
  validateSimResponse,
} from './validate.ts';

afterEach(cleanup);

const require = createRequire(import.meta.url);

describe('SDK model schemas', () => {
  it('come from the installed SDK and map every simulator route (regenerate after adding one)', () => {
    const installed = JSON.parse(
      readFileSync(require.resolve('purecloud-platform-client-v2/package.json'), 'utf8'),
    ) as { version: string };
    expect(SCHEMA_FILE.sdk).toEqual({ package: 'purecloud-platform-client-v2', version: installed.version });
    expect(Object.keys(ENDPOINT_MODELS).sort()).toEqual(
      buildRoutes()
        .map((r) => `${r.method} ${r.template}`)
        .sort(),
    );
    for (const model of Object.values(ENDPOINT_MODELS).filter(Boolean))
      expect(SCHEMA_FILE.definitions[model.replace(/\[\]$/, '')], model).toBeDefined();
  });

  it('close every model object (additionalProperties: false)', () => {
    for (const [name, def] of Object.entries(SCHEMA_FILE.definitions)) {
      expect(def.type, name).toBe('object');
      expect(def.additionalProperties, name).toBe(false);
    }
  });

  it('carry every documented enum on a string property that exists, and catch one that does not', () => {
    expect(mergeEnums(SCHEMA_FILE.definitions).problems).toEqual([]);
    for (const e of ENUMS) {
      expect(e.values.length, `${e.model}.${e.property}`).toBeGreaterThan(0);
      expect(e.source.line, `${e.model}.${e.property}`).toBeGreaterThan(0);
    }
    const bad = { ...ENUMS[0], model: 'Flow', property: 'kind' } as (typeof ENUMS)[number];
    const active = { ...bad, property: 'active' };
    expect(mergeEnums(SCHEMA_FILE.definitions, [bad, active]).problems).toEqual([
      'Flow.kind: model Flow has no property kind',
      `Flow.active: not a string property (${JSON.stringify({ type: 'boolean' })})`,
    ]);
    const merged = mergeEnums(SCHEMA_FILE.definitions).definitions;
    const flowType = (merged.Flow?.properties as Record<string, JsonSchema> | undefined)?.type;
    expect(flowType?.enum).toContain('INBOUNDCALL');
  });

  it('refuse extra properties, wrong enum values, wrong types and missing required fields', () => {
    expect(validateModel('Flow', { name: 'Main', type: 'INBOUNDCALL' })).toEqual([]);
    expect(
      validateModel('Flow', { type: 'inboundcall', active: 'yes', skills: [], division: { id: 'd', x: 1 } }),
    ).toEqual([
      { path: '/active', message: 'must be boolean (SDK model Flow.active)' },
      { path: '/division/x', message: 'property not in SDK model WritableDivision' },
      { path: '/name', message: 'missing; required by SDK model Flow' },
      { path: '/skills', message: 'property not in SDK model Flow' },
      {
        path: '/type',
        message: expect.stringMatching(/^"inboundcall" is not a documented value of Flow\.type \(BOT, /),
      },
    ]);
  });

  it('pick the model by endpoint and status: ErrorBody for errors, OAuth shapes for login', () => {
    const listing = { entities: [{ id: 'q', name: 'Q', memberBy: 'user' }], pageSize: 25, pageNumber: 1 };
    expect(
      validateSimResponse({
        endpoint: 'GET /api/v2/routing/queues/{queueId}/members',
        status: 200,
        body: listing,
      }),
    ).toEqual([]);
    // QueueMemberEntityListing has no total: the members listing carries none.
    expect(
      validateSimResponse({
        endpoint: 'GET /api/v2/routing/queues/{queueId}/members',
        status: 200,
        body: { ...listing, total: 1 },
      }).map((v) => [v.model, v.path, v.message]),
    ).toEqual([['QueueMemberEntityListing', '/total', 'property not in SDK model QueueMemberEntityListing']]);
    const error = { message: 'm', code: 'not.found', status: 404, contextId: 'c', details: [], errors: [] };
    expect(validateSimResponse({ endpoint: 'GET /api/v2/flows/{flowId}', status: 404, body: error })).toEqual(
      [],
    );
    expect(
      validateSimResponse({
        endpoint: 'GET /api/v2/flows/{flowId}',
        status: 404,
        body: { ...error, trace: 'x' },
      })[0],
    ).toMatchObject({ model: 'ErrorBody', path: '/trace' });
    const oauth = { error: 'invalid_client', description: 'd', error_description: 'd' };
    expect(validateSimResponse({ endpoint: 'POST /oauth/token', status: 401, body: oauth })).toEqual([]);
    expect(
      validateSimResponse({
        endpoint: 'POST /oauth/token',
        status: 200,
        body: { access_token: 't', token_type: 'bearer', expires_in: 86400 },
      }),
    ).toEqual([]);
  });

  it('report an endpoint with no known model as a violation', () => {
    expect(
      validateSimResponse({ endpoint: 'GET /api/v2/outbound/messagingcampaigns', status: 200, body: {} }),
    ).toEqual([
      expect.objectContaining({ endpoint: 'GET /api/v2/outbound/messagingcampaigns', model: '', path: '' }),
    ]);
  });
});

describe('Export end to end with SDK-model validation on', () => {
  it('exports a small org twice (runtime state moved between runs) with every response in its SDK model', async () => {
    const sim = await startSimulator();
    const check = strictSchema(sim);
    const dir = tempDir();
    const first = await exportOnce(sim, dir);
    expect(first.result.complete).toBe(true);
    sim.advanceVolatileState();
    const second = await exportOnce(sim, dir);
    expect(second.result.complete).toBe(true);
    expect(check.responses()).toBeGreaterThan(50);
    // The export reaches the endpoints that carry the shapes most easily got wrong.
    expect(check.endpoints()).toEqual(
      expect.arrayContaining([
        'POST /oauth/token',
        'GET /api/v2/flows',
        'GET /api/v2/routing/queues',
        'GET /api/v2/routing/queues/{queueId}/members',
        'GET /api/v2/architect/dependencytracking/consumedresources',
        'POST /api/v2/flows/export/jobs',
        'GET /api/v2/flows/export/jobs/{jobId}',
        'GET /api/v2/telephony/providers/edges/trunkbasesettings',
      ]),
    );
    // Known violations (test/schema/known-violations.ts) are listed by the conformance suite.
    expect(unexpectedViolations(check.violations())).toEqual([]);
  });

  it('validates the error bodies of a run that meets 429s, 503s and a missing permission', async () => {
    const noTelephony = {
      clientId: 'no-telephony',
      clientSecret: 'no-telephony-secret',
      permissions: everyPermissionExcept('telephony:plugin:all'),
    };
    const sim = await startSimulator({
      clients: [noTelephony],
      faults: [
        { kind: 'status', status: 429, retryAfterSeconds: 1, match: 'GET /api/v2/routing/queues', times: 2 },
        { kind: 'status', status: 503, match: 'GET /api/v2/flows', times: 1 },
      ],
    });
    const check = strictSchema(sim);
    await exportOnce(sim, tempDir(), {}, noTelephony);
    const statuses = new Set(sim.log.map((e) => e.status));
    expect([...statuses].filter((s) => s >= 400).sort()).toEqual([403, 429, 503]);
    expect(unexpectedViolations(check.violations())).toEqual([]);
  });
});

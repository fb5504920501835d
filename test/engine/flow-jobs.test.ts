/** Flow export jobs: polling with backoff, retries, splitting a failing batch, and what each flow ends with. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../lambdas/engine/clock.ts';
import { ApiError, FlowExportJobError } from '../../lambdas/engine/errors.ts';
import { exportFlowDefinitions } from '../../lambdas/engine/flows.ts';
import type { GenesysClient } from '../../lambdas/engine/genesys/client.ts';

class FakeClock implements Clock {
  readonly scale = 1;
  t = 0;
  sleeps: number[] = [];
  now() {
    return this.t;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

type Job = { ids: string[]; versions: (string | undefined)[]; polls: number };
/**
 * A platform whose jobs finish after `pollsToFinish` polls; `outcome(ids)` says how a job of those flows
 * ends: a file map (zip) or a single text, 'fail', 'never' (stays Running), 'noid' or an error to throw.
 */
function platform(
  outcome: (ids: string[], n: number) => Record<string, string> | string | 'fail' | 'never' | 'noid' | Error,
  pollsToFinish = 1,
) {
  const jobs: Job[] = [];
  const requests: string[] = [];
  const client = {
    async post(
      path: string,
      body: {
        flows: Array<{ flow: { id: string; version?: string }; fileName: string; exportType: string }>;
      },
    ) {
      requests.push(`POST ${path}`);
      const ids = body.flows.map((f) => f.flow.id);
      for (const f of body.flows) {
        expect(f.fileName).toBe(f.flow.id);
        expect(f.exportType).toBe('Yaml');
      }
      const o = outcome(ids, jobs.length);
      if (o instanceof Error) throw o;
      jobs.push({ ids, versions: body.flows.map((f) => f.flow.version), polls: 0 });
      return o === 'noid' ? { status: 'Running' } : { id: `job ${jobs.length}`, status: 'Running' };
    },
    async get(path: string) {
      requests.push(`GET ${path}`);
      const n = Number(decodeURIComponent(path.split('/').pop()?.split('?')[0] ?? '').split(' ')[1]) - 1;
      const job = jobs[n] as Job;
      job.polls++;
      const o = outcome(job.ids, n);
      if (o === 'never' || job.polls < pollsToFinish) return { id: `job ${n + 1}`, status: 'Running' };
      if (o === 'fail')
        return {
          id: `job ${n + 1}`,
          status: 'Failure',
          messages: [{ text: 'could not find the flow' }, {}, { text: 'try later' }],
        };
      return { id: `job ${n + 1}`, status: 'Success', downloadUrl: `https://dl/${n + 1}` };
    },
    async download(url: string) {
      requests.push(`DOWNLOAD ${url}`);
      const n = Number(url.split('/').pop()) - 1;
      const job = jobs[n] as Job;
      const o = outcome(job.ids, n);
      if (typeof o === 'string') return strToU8(o);
      return zipSync(
        Object.fromEntries(Object.entries(o as Record<string, string>).map(([k, v]) => [k, strToU8(v)])),
      );
    },
  } as unknown as GenesysClient;
  return { client, jobs, requests };
}

const yaml = (id: string) => `inboundCall:\n  name: Flow ${id}\n  url: https://h/x?api_key=abc123\n`;
const files = (ids: string[]) => Object.fromEntries(ids.map((id) => [`${id}.yaml`, yaml(id)]));
const flows = (...ids: string[]) => ids.map((id) => ({ id, name: `Flow ${id}` }));

describe('Flow definitions: export jobs', () => {
  it('starts no job for no flows', async () => {
    const p = platform(() => ({}));
    const r = await exportFlowDefinitions(p.client, new FakeClock(), []);
    expect(r.jobs).toBe(0);
    expect(p.requests).toEqual([]);
  });

  it('exports many flows in one job at their versions, polling with doubling waits capped at 10 s', async () => {
    const p = platform((ids) => files(ids), 6);
    const clock = new FakeClock();
    const r = await exportFlowDefinitions(p.client, clock, [
      { id: 'f1', name: 'Flow f1', version: '3.0' },
      { id: 'f2', name: 'Flow f2' },
    ]);
    expect(r.jobs).toBe(1);
    expect(p.jobs[0]?.versions).toEqual(['3.0', undefined]);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    expect(p.requests[1]).toBe('GET /api/v2/flows/export/jobs/job%201?expand=messages');
    expect([...r.definitions.keys()].sort()).toEqual(['f1', 'f2']);
    // Credentials inside the definition text are redacted.
    expect(r.definitions.get('f1')).toBe(
      'inboundCall:\n  name: Flow f1\n  url: https://h/x?api_key=<redacted>\n',
    );
    expect(r.missing.size).toBe(0);
  });

  it('records a flow the download does not hold as missing, with the reason', async () => {
    const p = platform(() => files(['f1']));
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('f1', 'f2'));
    expect([...r.definitions.keys()]).toEqual(['f1']);
    expect(r.missing.get('f2')).toBe(
      'the export job succeeded but its download holds no definition for this flow',
    );
  });

  it('retries a failed job with growing waits, then reports the reasons the platform gave', async () => {
    const p = platform(() => 'fail');
    const clock = new FakeClock();
    const r = await exportFlowDefinitions(p.client, clock, flows('f1'), { attempts: 3 });
    expect(r.jobs).toBe(3);
    expect(clock.sleeps.filter((s) => s !== 1000)).toEqual([2000, 4000]);
    expect(r.missing.get('f1')).toBe('flow export job job 3 failed: could not find the flow; try later');
    expect(r.definitions.size).toBe(0);
  });

  it('tries 5 times by default, waiting at most 30 s between tries', async () => {
    const p = platform((_ids, n) => (n < 4 ? 'fail' : files(['f1'])));
    const clock = new FakeClock();
    const r = await exportFlowDefinitions(p.client, clock, flows('f1'));
    expect(r.jobs).toBe(5);
    expect(clock.sleeps.filter((s) => s !== 1000)).toEqual([2000, 4000, 8000, 16000]);
    expect(r.definitions.has('f1')).toBe(true);
    const many = platform((_ids, n) => (n < 6 ? 'fail' : files(['f1'])));
    const c2 = new FakeClock();
    await exportFlowDefinitions(many.client, c2, flows('f1'), { attempts: 7 });
    expect(c2.sleeps.filter((s) => s !== 1000)).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('says "no reason given" when a failed job has no messages, and retries a job without an ID', async () => {
    const p = platform((_ids, n) => (n === 0 ? 'noid' : 'fail'));
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('f1'), { attempts: 2 });
    expect(r.jobs).toBe(2);
    expect(r.missing.get('f1')).toMatch(/^flow export job job 2 failed: /);
    const silent = platform(() => 'noid');
    const r2 = await exportFlowDefinitions(silent.client, new FakeClock(), flows('f1'), { attempts: 1 });
    expect(r2.missing.get('f1')).toBe('the flow export job was not created (no job ID)');
  });

  it('gives up on a job that never finishes, without retrying it, saying how long it waited', async () => {
    const p = platform(() => 'never');
    const clock = new FakeClock();
    const r = await exportFlowDefinitions(p.client, clock, flows('f1', 'f2'), { timeoutMs: 20_000 });
    expect(r.jobs).toBe(1);
    expect(r.missing.get('f1')).toBe('flow export job job 1 did not finish within 20 s (status Running)');
    expect(r.missing.get('f2')).toBe(r.missing.get('f1'));
    expect(clock.now()).toBeGreaterThan(20_000);
    expect(clock.now()).toBeLessThanOrEqual(40_000);
  });

  it('says the status is unknown when the platform gives none', async () => {
    const p = platform(() => 'never');
    (p.client as unknown as { get: () => Promise<unknown> }).get = async () => ({ id: 'job 1' });
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('f1'), { timeoutMs: 5000 });
    expect(r.missing.get('f1')).toBe('flow export job job 1 did not finish within 5 s (status unknown)');
  });

  it('waits 300 s for a job by default', async () => {
    const p = platform(() => 'never');
    const clock = new FakeClock();
    const r = await exportFlowDefinitions(p.client, clock, flows('f1'));
    expect(r.missing.get('f1')).toMatch(/within 300 s/);
    expect(clock.now()).toBeGreaterThan(300_000);
    expect(clock.now()).toBeLessThanOrEqual(310_000);
  });

  it('a Success without a download URL is a failure', async () => {
    const p = platform(() => files(['f1']));
    (p.client as unknown as { get: () => Promise<unknown> }).get = async () => ({
      id: 'job 1',
      status: 'Success',
    });
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('f1'), { attempts: 1 });
    expect(r.missing.get('f1')).toBe('flow export job job 1 failed: no reason given');
  });

  it('cuts a failing batch in halves so that one broken flow costs only its own definition', async () => {
    const p = platform((ids) => (ids.includes('bad') ? 'fail' : files(ids)));
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('a', 'b', 'c', 'bad', 'e'), {
      attempts: 1,
    });
    expect([...r.definitions.keys()].sort()).toEqual(['a', 'b', 'c', 'e']);
    expect([...r.missing.keys()]).toEqual(['bad']);
    expect(r.missing.get('bad')).toMatch(
      /^flow export job job \d+ failed: could not find the flow; try later$/,
    );
    // First halves are the larger: [a b c] [bad e], then [bad] [e]; each part has two tries.
    expect(p.jobs.map((j) => j.ids.join(' '))).toEqual([
      'a b c bad e',
      'a b c',
      'bad e',
      'bad e',
      'bad',
      'bad',
      'e',
    ]);
  });

  it("stops splitting when every part fails: the failure is not one flow's", async () => {
    const p = platform(() => 'fail');
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('a', 'b', 'c'), { attempts: 1 });
    expect(p.jobs.map((j) => j.ids.join(' '))).toEqual(['a b c', 'a b', 'a b', 'c', 'c']);
    for (const id of ['a', 'b', 'c'])
      expect(r.missing.get(id)).toBe(
        'flow export job job 1 failed: could not find the flow; try later (every part of the batch failed as well)',
      );
  });

  it('does not split or retry after a timeout or an API error, and rethrows anything else', async () => {
    const api = new ApiError({
      status: 403,
      code: 'forbidden',
      method: 'POST',
      path: '/api/v2/flows/export/jobs',
      message: 'no permission',
    });
    const p = platform(() => api);
    const r = await exportFlowDefinitions(p.client, new FakeClock(), flows('a', 'b'));
    expect(r.jobs).toBe(1);
    expect(r.missing.get('a')).toBe(api.message);
    expect(r.missing.get('b')).toBe(api.message);
    const boom = platform(() => new TypeError('boom'));
    await expect(exportFlowDefinitions(boom.client, new FakeClock(), flows('a'))).rejects.toThrow('boom');
    const t = platform(() => 'never');
    const r3 = await exportFlowDefinitions(t.client, new FakeClock(), flows('a', 'b'), { timeoutMs: 1000 });
    expect(t.jobs).toHaveLength(1);
    expect(r3.missing.size).toBe(2);
  });

  it('marks a job error retryable only when it failed, not when it never finished', () => {
    expect(new FlowExportJobError({ message: 'x', retryable: true }).retryable).toBe(true);
    expect(new FlowExportJobError({ message: 'x', retryable: false }).retryable).toBe(false);
    expect(new FlowExportJobError({ message: 'x', retryable: true }).name).toBe('FlowExportJobError');
  });
});

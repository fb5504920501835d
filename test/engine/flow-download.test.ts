/** Matching the files of a flow export download to the flows asked for, whatever the platform named them. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { matchDownload } from '../../lambdas/engine/flows.ts';

const flows = [
  { id: '11111111-aaaa-4bbb-8ccc-000000000001', name: 'Main IVR' },
  { id: '11111111-aaaa-4bbb-8ccc-000000000002', name: 'Billing In-Queue' },
  { id: '11111111-aaaa-4bbb-8ccc-000000000003', name: 'After Hours' },
];
const yaml = (name: string) => `inboundCall:\n  name: ${name}\n  startUpRef: ./menus/menu[Main]\n`;
const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const [a, b, c] = flows as [(typeof flows)[0], (typeof flows)[0], (typeof flows)[0]];

describe('Flow definitions: matching a download', () => {
  it('matches the requested file name, with or without .yaml, in a folder or not', () => {
    const m = matchDownload(
      zip({ [a.id]: yaml(a.name), [`${b.id}.yaml`]: yaml(b.name), [`export/${c.id}.yml`]: yaml(c.name) }),
      flows,
    );
    expect([...m.keys()].sort()).toEqual([a.id, b.id, c.id]);
    expect(m.get(b.id)).toBe(yaml(b.name));
  });

  it('matches names that contain the ID (`<name>_<id>.yaml`), whatever the case', () => {
    const m = matchDownload(
      zip({ [`Main IVR_${a.id}.yaml`]: yaml(a.name), [`x-${b.id.toUpperCase()}-v3.yaml`]: yaml(b.name) }),
      flows,
    );
    expect(m.get(a.id)).toBe(yaml(a.name));
    expect(m.get(b.id)).toBe(yaml(b.name));
    expect(m.has(c.id)).toBe(false);
  });

  it('falls back to the flow name inside the YAML, only when it names one requested flow', () => {
    const m = matchDownload(
      zip({
        'Main_IVR.yaml': yaml(a.name),
        'After_Hours.yaml': yaml(c.name),
        'Unknown.yaml': yaml('Nobody'),
      }),
      flows,
    );
    expect(m.get(a.id)).toBe(yaml(a.name));
    expect(m.get(c.id)).toBe(yaml(c.name));
    expect(m.size).toBe(2);
    const twins = [
      { id: 'f1', name: 'Same' },
      { id: 'f2', name: 'Same' },
    ];
    expect(matchDownload(zip({ 'Same.yaml': yaml('Same') }), twins).size).toBe(0);
  });

  it('takes a plain YAML download for a single flow, and leaves a flow without a file unmatched', () => {
    expect(matchDownload(strToU8(yaml(a.name)), [a]).get(a.id)).toBe(yaml(a.name));
    expect(matchDownload(zip({ 'whatever.yaml': yaml('Other') }), [a]).get(a.id)).toBe(yaml('Other'));
    expect(matchDownload(zip({ [a.id]: yaml(a.name) }), flows).has(b.id)).toBe(false);
  });

  it('matches a plain YAML download for several flows by the flow name inside it, or not at all', () => {
    expect([...matchDownload(strToU8(yaml(b.name)), flows)]).toEqual([[b.id, yaml(b.name)]]);
    expect(matchDownload(strToU8(yaml('Nobody')), flows).size).toBe(0);
    expect(matchDownload(strToU8('inboundCall: [unclosed'), flows).size).toBe(0);
    expect(matchDownload(strToU8('just text'), flows).size).toBe(0);
  });

  it('ignores folder entries and trusts the file name over the name inside the YAML', () => {
    const m = matchDownload(zip({ 'export/': '', 'export/lonely.yaml': yaml('Other') }), [a]);
    expect([...m]).toEqual([[a.id, yaml('Other')]]);
    const named = matchDownload(zip({ [`${a.id}.yaml`]: yaml(b.name), 'x.yaml': yaml(a.name) }), [a, b]);
    expect(named.get(a.id)).toBe(yaml(b.name));
    expect(named.has(b.id)).toBe(false);
  });
  it('prefers the exact requested name over a name that only contains the ID, whatever the zip order', () => {
    const m = matchDownload(
      zip({ [`copy_of_${a.id}.yaml`]: yaml('Old copy'), [`${a.id}.yaml`]: yaml(a.name) }),
      [a, b],
    );
    expect(m.get(a.id)).toBe(yaml(a.name));
  });
});

/** The `--secretsFile` values: put only where the snapshot holds a redaction, and taken out of any text. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretValues } from '../../lambdas/import/secrets-file.ts';
import { cleanup, tempDir } from '../helpers.ts';

afterEach(cleanup);

function secretsOf(content: unknown): SecretValues {
  const dir = tempDir();
  writeFileSync(join(dir, 's.json'), JSON.stringify(content));
  return SecretValues.read('s.json', dir);
}

describe('--secretsFile values', () => {
  it('fill the redacted fields at their paths (lists included), leave every other field alone, and are scrubbed from text', () => {
    const secrets = secretsOf({
      'telephony:trunkbasesettings/t1': {
        'properties.password.value': 'pw-One-1',
        'lines[1].properties.password.value': 'pw-Two-2',
        name: 'not-a-redaction',
      },
    });
    const body = {
      name: 'Trunk',
      properties: { password: { value: '<redacted>' } },
      lines: [
        { properties: { password: { value: 'kept' } } },
        { properties: { password: { value: '<redacted>' } } },
      ],
    };
    expect(secrets.inject('telephony:trunkbasesettings/t1', body)).toEqual({
      name: 'Trunk',
      properties: { password: { value: 'pw-One-1' } },
      lines: [
        { properties: { password: { value: 'kept' } } },
        { properties: { password: { value: 'pw-Two-2' } } },
      ],
    });
    expect(body.properties.password.value).toBe('<redacted>');
    expect(secrets.inject('telephony:trunkbasesettings/other', body)).toBe(body);
    expect(secrets.scrub('400 bad request: password pw-Two-2 is too short (pw-One-1)')).toBe(
      '400 bad request: password <redacted> is too short (<redacted>)',
    );
  });
});

/** Redaction as bodies arrive: every net (catalog paths, key names, text) and what must stay untouched. */
import { describe, expect, it } from 'vitest';
import { requireType } from '../../lambdas/engine/catalog/index.ts';
import { received } from '../../lambdas/engine/fetch.ts';
import { REDACTED, redactCredentials, redactText } from '../../lambdas/engine/redact.ts';

const leaks = (body: unknown, secrets: string[]) => {
  const text = JSON.stringify(body);
  return secrets.filter((s) => text.includes(s));
};

describe('Redaction', () => {
  it('redacts secret key names at any depth, in arrays, lists of strings and numbers', () => {
    const body = {
      id: 'a',
      name: 'Keep me',
      access_token: 'tok-AAAA1111',
      refreshToken: 'tok-BBBB2222',
      nested: [{ clientSecret: 'sec-CCCC3333', label: 'keep' }, { password: 12345678 }],
      passwords: ['pw-DDDD4444', 'pw-EEEE5555'],
      oauth: { client_secret: 'sec-FFFF6666', apiKey: 'key-GGGG7777', private_key: 'pk-HHHH8888' },
    };
    const out = redactCredentials(body);
    expect(
      leaks(out, [
        'tok-AAAA1111',
        'tok-BBBB2222',
        'sec-CCCC3333',
        'pw-DDDD4444',
        'pw-EEEE5555',
        'sec-FFFF6666',
        'key-GGGG7777',
        'pk-HHHH8888',
        '12345678',
      ]),
    ).toEqual([]);
    expect(out).toMatchObject({
      id: 'a',
      name: 'Keep me',
      nested: [{ label: 'keep', clientSecret: REDACTED }, { password: REDACTED }],
    });
    expect(out.passwords).toEqual([REDACTED, REDACTED]);
    // The input is not modified: the caller's object may be shared.
    expect(body.access_token).toBe('tok-AAAA1111');
  });

  it('redacts data-action headers and credentials inside request templates and URLs, not template references', () => {
    const action = {
      id: 'x',
      config: {
        request: {
          requestUrlTemplate: 'https://api.example.com/v1/find?api_key=live-IIII9999&q=${input.q}',
          headers: {
            Authorization: 'Bearer eyJhbGciOi.JJJJ0000.sig',
            'x-api-key': 'key-KKKK1111',
            'Content-Type': 'application/json',
            UserAuth: '${credentials.token}',
          },
          requestTemplate:
            '{"client_id": "abc", "client_secret": "sec-LLLL2222", "token": "$!{credentials.token}"}',
        },
      },
    };
    const out = received(requireType('integration:action'), action);
    expect(leaks(out, ['live-IIII9999', 'JJJJ0000', 'key-KKKK1111', 'sec-LLLL2222'])).toEqual([]);
    const req = (out.config as { request: Record<string, unknown> }).request;
    expect(req.requestUrlTemplate).toBe(`https://api.example.com/v1/find?api_key=${REDACTED}&q=\${input.q}`);
    expect(req.headers).toEqual({
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      'Content-Type': 'application/json',
      UserAuth: '${credentials.token}',
    });
    expect(req.requestTemplate).toBe(
      `{"client_id": "abc", "client_secret": "${REDACTED}", "token": "$!{credentials.token}"}`,
    );
  });

  it('redacts trunk base SIP credentials through the catalog paths and keeps the property shape', () => {
    const tb = {
      id: 't',
      properties: {
        trunk_outboundIdentity_password: { type: 'string', value: { default: '', instance: 'sip-MMMM3333' } },
        trunk_transport_port: { type: 'integer', value: { default: 5060, instance: 5061 } },
      },
    };
    const out = received(requireType('telephony:trunkbasesettings'), tb);
    expect(leaks(out, ['sip-MMMM3333'])).toEqual([]);
    expect(out.properties).toEqual({
      trunk_outboundIdentity_password: { type: 'string', value: { default: '', instance: REDACTED } },
      trunk_transport_port: { type: 'integer', value: { default: 5060, instance: 5061 } },
    });
  });

  it('leaves ordinary text alone', () => {
    for (const t of [
      'Sales queue for premium customers',
      'https://example.com/a?b=c',
      'Token ring',
      'Basic support',
    ])
      expect(redactText(t)).toBe(t);
    expect(redactText('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${REDACTED}`);
  });
});

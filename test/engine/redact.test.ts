/** Redaction as bodies arrive: every net (catalog paths, key names, text) and what must stay untouched. */
import { describe, expect, it } from 'vitest';
import { requireType } from '../../lambdas/engine/catalog/index.ts';
import { received } from '../../lambdas/engine/fetch.ts';
import { isSecretKey, REDACTED, redactCredentials, redactText } from '../../lambdas/engine/redact.ts';

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

describe('Redaction: each net on its own', () => {
  it('knows credential key names, whole-word at the end, and the header names exactly', () => {
    for (const k of [
      'password',
      'Passwords',
      'dbPasswd',
      'clientSecret',
      'api-key',
      'api_key',
      'apikey',
      'private_key',
      'accessToken',
      'refresh-token',
      'authToken',
      'bearer_token',
      'client_secret',
      'authorization',
      'Proxy-Authorization',
      'X-Auth-Token',
    ])
      expect(isSecretKey(k), k).toBe(true);
    for (const k of [
      'passwordPolicy',
      'secretary',
      'name',
      'tokenCount',
      'myauthorization',
      'authorizationUrl',
      'token',
    ])
      expect(isSecretKey(k), k).toBe(false);
  });

  it('redacts quoted pairs, including escaped quotes, and query pairs after ?, &, ; or a space', () => {
    expect(redactText('{"password": "a\\"b c"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactText('{"my_apikey":"v1"}')).toBe(`{"my_apikey":"${REDACTED}"}`);
    expect(redactText('{"Token" : "abc"}')).toBe(`{"Token" : "${REDACTED}"}`);
    expect(redactText('{"name": "secret-ish", "other": "x"}')).toBe('{"name": "secret-ish", "other": "x"}');
    expect(redactText('https://h/p?token=abc&x=1')).toBe(`https://h/p?token=${REDACTED}&x=1`);
    expect(redactText('https://h/p?x=1&access_token=abc')).toBe(`https://h/p?x=1&access_token=${REDACTED}`);
    expect(redactText('https://h/p;password=abc')).toBe(`https://h/p;password=${REDACTED}`);
    expect(redactText('login with password=abc now')).toBe(`login with password=${REDACTED} now`);
    expect(redactText('loginpassword=abc')).toBe('loginpassword=abc');
    expect(redactText("u?secret=abc'x")).toBe(`u?secret=${REDACTED}'x`);
    expect(redactText('u?secret=abc"x')).toBe(`u?secret=${REDACTED}"x`);
  });

  it('keeps template references, empty values and what is already redacted', () => {
    for (const t of [
      '{"password": "${credentials.password}"}',
      '{"password": " $!{input.pw} "}',
      '{"password": ""}',
      `{"password": "${REDACTED}"}`,
      'https://h/p?token=${credentials.token}',
      'Authorization: Bearer ${credentials.token}',
    ])
      expect(redactText(t)).toBe(t);
    expect(redactText('{"password": "${a} and ${b}"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactText('{"password": "x${a}"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactText('{"password": "${a}x"}')).toBe(`{"password": "${REDACTED}"}`);
  });

  it('redacts Bearer, Basic and Token values of 8 characters or more, case-sensitive scheme, keeping the spacing', () => {
    expect(redactText('Bearer  abcdefgh')).toBe(`Bearer  ${REDACTED}`);
    expect(redactText('x Token abc.def-1')).toBe(`x Token ${REDACTED}`);
    expect(redactText('Bearer abcdefg')).toBe('Bearer abcdefg');
    expect(redactText('bearer abcdefgh')).toBe('bearer abcdefgh');
    expect(redactText('XBearer abcdefgh')).toBe('XBearer abcdefgh');
    expect(redactText('Bearer abc+/=~_.-XYZ')).toBe(`Bearer ${REDACTED}`);
    // Fewer than 8 characters in all: nothing to redact.
    expect(redactText('pw=abc')).toBe('pw=abc');
    expect(redactText('?token=')).toBe('?token=');
    expect(redactText('?token=a')).toBe(`?token=${REDACTED}`);
  });

  it('redacts every leaf under a secret key but keeps structure, booleans and nulls', () => {
    const out = redactCredentials({
      id: 'x',
      secrets: [['a', 1], { deep: 'b', ref: '${credentials.x}' }, true, null],
      password: null,
      apiKey: false,
      other: 5,
    });
    expect(out).toEqual({
      id: 'x',
      secrets: [[REDACTED, REDACTED], { deep: REDACTED, ref: '${credentials.x}' }, true, null],
      password: null,
      apiKey: false,
      other: 5,
    });
  });

  it('leaves a structured value under a secret-sounding key to the catalog paths, but scrubs its text', () => {
    const out = redactCredentials({ password: { type: 'string', value: 'https://h?token=abcdef1' } });
    expect(out).toEqual({ password: { type: 'string', value: `https://h?token=${REDACTED}` } });
  });

  it('applies catalog paths: top-level, nested, through lists, by glob, every leaf below', () => {
    const body = {
      pin: '1234',
      conf: { a: { pin: 42, keep: 'k' } },
      list: [{ code: 'c1', keep: 1 }, 'text', null, { code: { n: 'c2', m: 7, b: true } }],
      props: { x_Password_y: 'p', xpassword: 'q', other: 'o' },
      notObj: 'str',
    };
    const out = redactCredentials(body, [
      'pin',
      'conf.a.pin',
      'list[].code',
      'props.*password*',
      'notObj.x',
      'missing.y',
    ]);
    expect(out).toEqual({
      pin: REDACTED,
      conf: { a: { pin: REDACTED, keep: 'k' } },
      list: [{ code: REDACTED, keep: 1 }, 'text', null, { code: { n: REDACTED, m: REDACTED, b: true } }],
      props: { x_Password_y: REDACTED, xpassword: REDACTED, other: 'o' },
      notObj: 'str',
    });
    expect(body.pin).toBe('1234');
    const arr = redactCredentials({ groups: [[{ pin: 'a' }], [{ pin: 'b' }]] } as never, ['groups[].pin']);
    expect(arr).toEqual({ groups: [[{ pin: REDACTED }], [{ pin: REDACTED }]] });
    const nested = redactCredentials({ a: [{ b: 'x' }, { b: 'y' }] } as never, ['a.b']);
    expect(nested).toEqual({ a: [{ b: REDACTED }, { b: REDACTED }] });
  });
});

/**
 * Generates `sdk-models.schema.json`: JSON Schemas of the official SDK models the simulator serves.
 *
 *   npx tsx test/schema/generate.ts
 *
 * 1. Every simulator route (`buildRoutes()` in lambdas/simulator/routes.ts) is looked up in the SDK's
 *    `src/purecloud-platform-client-v2/api/*Api.js` (the `callApi(path, method, ...)` call) to find the
 *    SDK method, and that method's return type is read from its declaration in `index.d.ts`
 *    (`getUsers(...): Promise<Models.UserEntityListing>`). A route the SDK does not have stops the script.
 * 2. Those models, `ErrorBody`, and every model they reference (transitively) are cut out of the
 *    `declare namespace Models` block of `index.d.ts` into a small temporary .ts file, so the generator
 *    does not have to type-check 70,000 lines.
 * 3. `ts-json-schema-generator` turns them into one schema document; every model object gets
 *    `additionalProperties: false` (map types such as `{ [key: string]: string }` and `object` stay open).
 *    Output is sorted and formatted with Biome, so regenerating an unchanged SDK changes nothing.
 *
 * Enum values are not in `index.d.ts` (it says only `string`); they live in ./enums.ts and are merged in
 * at validation time (./validate.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { buildRoutes } from '../../lambdas/simulator/routes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const sdkDir = dirname(require.resolve('purecloud-platform-client-v2/package.json'));
const sdkVersion = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string })
  .version;
const out = join(here, 'sdk-models.schema.json');

/**
 * Models besides the routes' responses: the platform's error body (every error response), and the
 * request body of the flow export job (so its `exportType` enum has a schema to live in).
 */
const ALWAYS = ['ErrorBody', 'RegisterArchitectExportJob'];

interface SdkMethod {
  readonly api: string;
  readonly method: string;
  readonly returnType: () => string;
}

/** `METHOD /path/template` -> SDK method, from the `callApi('<path>', '<METHOD>', ...)` calls. */
function sdkMethods(dts: string): Map<string, SdkMethod[]> {
  const apiDir = join(sdkDir, 'src', 'purecloud-platform-client-v2', 'api');
  const found = new Map<string, SdkMethod[]>();
  for (const file of readdirSync(apiDir).sort()) {
    if (!file.endsWith('Api.js')) continue;
    const api = file.slice(0, -3);
    const src = readFileSync(join(apiDir, file), 'utf8');
    // Each `callApi('<path>', '<METHOD>', ...)` belongs to the method declared last before it.
    const heads = [...src.matchAll(/\n\t(\w+)\([^)]*\) \{/g)].map((m) => ({ at: m.index ?? 0, name: m[1] }));
    for (const m of src.matchAll(/callApi\(\s*'([^']+)',\s*'([A-Z]+)'/g)) {
      const [, path = '', verb = ''] = m;
      const method = heads.filter((h) => h.at < (m.index ?? 0)).at(-1)?.name;
      if (!method) continue;
      const key = `${verb} ${path}`;
      found.set(key, [
        ...(found.get(key) ?? []),
        { api, method, returnType: () => declaredReturnType(dts, api, method) },
      ]);
    }
  }
  return found;
}

function declaredReturnType(dts: string, api: string, method: string): string {
  const start = dts.indexOf(`\ndeclare class ${api} {`);
  const end = dts.indexOf('\n}', start);
  if (start < 0 || end < 0) throw new Error(`index.d.ts has no class ${api}`);
  const body = dts.slice(start, end);
  const m = new RegExp(`\\n\\s+${method}\\(.*\\): Promise<(.+)>;`).exec(body);
  if (!m?.[1]) throw new Error(`index.d.ts declares no ${api}.${method}`);
  return m[1];
}

/** The `export interface X { ... }` blocks of `declare namespace Models`, by name. */
function modelBlocks(dts: string): Map<string, string> {
  const start = dts.indexOf('\ndeclare namespace Models {');
  if (start < 0) throw new Error('index.d.ts has no Models namespace');
  const blocks = new Map<string, string>();
  // An empty interface (`{ \n\t}`) ends at its own brace, not at the next interface's.
  const re = /\n\texport interface (\w+) \{[ \t]*\n([\s\S]*?)(?<=\n)\t\}/g;
  re.lastIndex = start;
  for (const m of dts.matchAll(re)) {
    if ((m.index ?? 0) < start) continue;
    const [, name = '', body = ''] = m;
    blocks.set(name, body);
  }
  return blocks;
}

function closure(roots: readonly string[], blocks: Map<string, string>): string[] {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop() as string;
    if (seen.has(name)) continue;
    const body = blocks.get(name);
    if (body === undefined) throw new Error(`index.d.ts has no model ${name}`);
    seen.add(name);
    for (const ref of body.matchAll(/Models\.(\w+)/g)) todo.push(ref[1] as string);
  }
  return [...seen].sort();
}

/** Object keys sorted at every level, so the output does not depend on generator internals. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function main(): void {
  const dts = readFileSync(join(sdkDir, 'index.d.ts'), 'utf8');
  const methods = sdkMethods(dts);
  const endpoints: Record<string, string> = {};
  const problems: string[] = [];
  for (const r of buildRoutes()) {
    const key = `${r.method} ${r.template}`;
    const candidates = methods.get(key) ?? [];
    const types = [...new Set(candidates.map((c) => c.returnType()))];
    // An endpoint that answers nothing (`Promise<void>`: deletes, member changes), or an untyped
    // object (`Promise<object>`: group member changes), has no model: ''.
    if (types.length === 1 && (types[0] === 'void' || types[0] === 'object')) {
      endpoints[key] = '';
      continue;
    }
    // A bare array answer (`Array<Models.X>`) is mapped to `X[]`.
    const match = types.length === 1 ? /^(Array<)?Models\.(\w+)>?$/.exec(types[0] as string) : undefined;
    const model = match ? `${match[2]}${match[1] ? '[]' : ''}` : undefined;
    if (!model) {
      problems.push(
        `${key}: SDK methods ${candidates.map((c) => `${c.api}.${c.method}`).join(', ')} give no single model (${types.join(' | ') || 'no SDK method'})`,
      );
      continue;
    }
    endpoints[key] = model;
  }
  if (problems.length) throw new Error(`Cannot map simulator routes to SDK models:\n${problems.join('\n')}`);

  const blocks = modelBlocks(dts);
  const roots = Object.values(endpoints)
    .filter(Boolean)
    .map((m) => m.replace(/\[\]$/, ''));
  const names = closure([...new Set([...roots, ...ALWAYS])], blocks);
  const source = names
    .map((n) => `export interface ${n} {\n${(blocks.get(n) ?? '').replaceAll('Models.', '')}\n}\n`)
    .join('\n');
  const tmp = mkdtempSync(join(tmpdir(), 'sdk-models-'));
  try {
    const file = join(tmp, 'models.ts');
    writeFileSync(file, source);
    writeFileSync(
      join(tmp, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, files: ['models.ts'] }),
    );
    const schema = createGenerator({
      path: file,
      tsconfig: join(tmp, 'tsconfig.json'),
      type: '*',
      expose: 'export',
      topRef: true,
      jsDoc: 'none',
      sortProps: true,
      skipTypeCheck: true,
      additionalProperties: false,
    }).createSchema('*');
    const definitions = (schema.definitions ?? {}) as Record<string, unknown>;
    const missing = names.filter((n) => !(n in definitions));
    if (missing.length) throw new Error(`generator produced no schema for ${missing.join(', ')}`);
    const doc = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $comment:
        `Generated by test/schema/generate.ts from purecloud-platform-client-v2@${sdkVersion} index.d.ts ` +
        '(declare namespace Models). Do not edit; regenerate with `npx tsx test/schema/generate.ts`.',
      sdk: { package: 'purecloud-platform-client-v2', version: sdkVersion },
      endpoints: sortKeys(endpoints),
      definitions: sortKeys(definitions),
    };
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  execFileSync(join(here, '..', '..', 'node_modules', '.bin', 'biome'), ['format', '--write', out], {
    stdio: 'inherit',
  });
  console.log(
    `${out}: ${names.length} models for ${Object.keys(endpoints).length} endpoints (SDK ${sdkVersion})`,
  );
}

main();

/** Reads a `.env` file (KEY=value lines) under the process environment, refusing malformed lines. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { UsageError } from '../engine/errors.ts';

const LINE = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/;

export function loadEnv(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ...env };
  }
  let inQuote = false;
  text.split(/\r?\n/).forEach((line, i) => {
    const quotes = (line.match(/(?<!\\)"/g) ?? []).length;
    if (!inQuote && line.trim() !== '' && !line.trim().startsWith('#') && !LINE.test(line)) {
      throw new UsageError(`.env line ${i + 1} is not KEY=value: '${line.trim().slice(0, 40)}'`);
    }
    if (quotes % 2 === 1) inQuote = !inQuote;
  });
  // Variables already set in the environment win over the file.
  return { ...parse(text), ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

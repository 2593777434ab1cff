// The CLI contract run in-process through main(argv, io), for tests that need no real OS process
// (those use cli-process.ts): its exit code and what it printed, and JSON input files to feed it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main.js';

export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** `value` as a JSON file with a fresh name in `dir`; returns its path. */
export function writeJson(dir: string, value: unknown): string {
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

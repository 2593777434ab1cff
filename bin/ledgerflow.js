#!/usr/bin/env node
// Launcher for the `ledgerflow` CLI: runs the compiled CLI from dist/ (built by `npm install`'s
// prepare step or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src-main', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('ledgerflow: the CLI is not built yet. Run `npm run build` in ' + root);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));

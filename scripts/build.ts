/**
 * Production build (`npm run build`): compiles the server to JavaScript in dist/app and copies the
 * files it reads at run time (translations, the web chat page). `npm run serve` runs that build
 * with plain Node: no TypeScript compiler loaded at run time, which saves about 50 MB of memory and
 * most of the start-up time. `npm start` (tsx, no build step) is for trying it out and development.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Read at run time relative to the module that reads them. */
const ASSETS = ['src/i18n/locales', 'src/channels/web/public'];

/** Compiles `project` (relative to the repository) into `outDir`; throws with tsc's output when it fails. */
export function build(project = 'tsconfig.build.json', outDir = 'dist/app'): string {
  const out = path.resolve(ROOT, outDir);
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', path.resolve(ROOT, project), '--outDir', out], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
  for (const dir of ASSETS) cpSync(path.join(ROOT, dir), path.join(out, dir), { recursive: true });
  // ES modules, wherever the output lands (the repository's package.json says so only for files below it).
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  return out;
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  try {
    const out = build();
    process.stdout.write(`Built into ${path.relative(process.cwd(), out)}; run it with: npm run serve\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

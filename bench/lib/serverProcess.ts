/** Child process entry: runs the server under test (see target.ts) until the parent says stop. */
import { serveInChild } from './target.js';

await serveInChild(process, process.argv[2] ?? '{}');

// `node scripts/serve.js <build>/index.js`: serves that build the way `npm start` does (WEB_CONCURRENCY,
// see cluster.js), without building first. bench:pages uses it to compare builds and process counts.
import path from 'node:path';
import { serve } from './cluster.js';

await serve(path.resolve(process.argv[2] ?? 'build/index.js'));

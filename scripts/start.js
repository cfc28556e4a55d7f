// `npm start`: build if needed, then serve the production build (adapter-node) on PORT (default 3000).
// Migrations, demo data and course import run inside the server before its first request (hooks.server.ts).
import cluster from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './cluster.js';
import { ensureBuild } from './ensure-build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Workers of a cluster run this file too; the primary has built already.
if (cluster.isPrimary) ensureBuild();

process.env.PORT ??= '3000';
// adapter-node assumes https when ORIGIN is unset; behind a TLS proxy set ORIGIN=https://your.host.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Our own xAPI limit is enforced in the LRS (413 with a message); adapter-node's must sit above it.
process.env.BODY_SIZE_LIMIT ??= '64M';

// WEB_CONCURRENCY=<n> with DATABASE_URL: n server processes sharing the port (scripts/cluster.js).
await serve(path.join(root, 'build', 'index.js'));

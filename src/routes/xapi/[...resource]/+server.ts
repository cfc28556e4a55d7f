import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { handleXapi } from '$lib/server/xapi/http/handler';

// Every method of every LRS resource goes through one handler: Basic auth per request (no session cookies),
// CORS, version header and the alternate request syntax are the same for all (see xapi/http/handler.ts).
export const fallback: RequestHandler = ({ request, url, params }) => handleXapi(request, url, params.resource.replace(/\/$/, ''), { db: getDb(), origin: config().origin });

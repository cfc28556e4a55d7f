// Node's HTTP ceiling for bench:pages: node:http answering every request with the same HTML from memory
// (FLOOR_HTML, a file path), with the headers a page needs and nothing else. Not SvelteKit, not a file server.
import fs from 'node:fs';
import http from 'node:http';

const body = fs.readFileSync(process.env.FLOOR_HTML ?? '');
const headers = { 'content-type': 'text/html', 'content-length': String(body.length), 'cache-control': 'private, no-store' };
const port = Number(process.env.PORT);
http
	.createServer((req, res) => {
		req.resume();
		res.writeHead(200, headers);
		res.end(body);
	})
	.listen(port, process.env.HOST ?? '0.0.0.0', () => console.log(`Listening on http://0.0.0.0:${port}`));

/**
 * multipart/mixed for statements with attachments (1.0.3 §2.1.11): the first part is the statement JSON,
 * each further part one payload named by its X-Experience-API-Hash. Payloads are binary, so parsing works
 * on bytes, not strings.
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../errors';

export interface Part {
	headers: Map<string, string>;
	body: Uint8Array;
}

export function boundaryOf(contentType: string): string {
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!m) throw badRequest('multipart/mixed needs a boundary parameter');
	return m[1] ?? m[2]!;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
	return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(Buffer.from(needle), from);
}

export function parseMultipart(body: Uint8Array, boundary: string): Part[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: Part[] = [];
	let pos = indexOf(body, delimiter, 0);
	if (pos < 0) throw badRequest('multipart body without its boundary');
	while (true) {
		pos += delimiter.length;
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		else if (body[pos] === 0x0a) pos += 1;
		const next = indexOf(body, delimiter, pos);
		if (next < 0) throw badRequest('multipart body is not closed with its boundary');
		let end = next;
		if (body[end - 1] === 0x0a) end--;
		if (body[end - 1] === 0x0d) end--;
		const chunk = body.subarray(pos, end);
		let split = indexOf(chunk, Buffer.from('\r\n\r\n'), 0);
		let sepLength = 4;
		if (split < 0) {
			split = indexOf(chunk, Buffer.from('\n\n'), 0);
			sepLength = 2;
		}
		if (split < 0) throw badRequest('a multipart part lacks the blank line after its headers');
		const headers = new Map<string, string>();
		for (const line of Buffer.from(chunk.subarray(0, split)).toString('utf8').split(/\r?\n/)) {
			const colon = line.indexOf(':');
			if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
		}
		parts.push({ headers, body: chunk.subarray(split + sepLength) });
		pos = next;
	}
	return parts;
}

/** SHA-256/384/512 by the length of the hex digest given. */
export function sha2Matches(content: Uint8Array, hash: string): boolean {
	const algorithm = { 64: 'sha256', 96: 'sha384', 128: 'sha512', 56: 'sha224' }[hash.length];
	return !!algorithm && createHash(algorithm).update(content).digest('hex') === hash.toLowerCase();
}

export function buildMultipart(json: unknown, attachments: { sha2: string; contentType: string; content: Uint8Array }[]): { body: Uint8Array; contentType: string } {
	const boundary = `xapi-${crypto.randomUUID()}`;
	const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`)];
	for (const a of attachments) {
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${a.sha2}\r\n\r\n`));
		chunks.push(Buffer.from(a.content));
		chunks.push(Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
}

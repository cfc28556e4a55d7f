/**
 * A streaming ZIP writer (stored entries) for exports too large to hold in memory: each entry's size and
 * CRC are unknown until its last byte, so they follow the data in a data descriptor (general-purpose flag
 * bit 3, APPNOTE 4.3.9) and the central directory at the end repeats them. Memory stays at one chunk plus
 * one directory record per entry. ZIP64 is not written: an entry must stay below 4 GiB, which the callers
 * check (a million statements are well under 1 GiB).
 */
import zlib from 'node:zlib';
import { crc32 as crc32Js } from './zip';

const encoder = new TextEncoder();
const MAX = 0xffffffff;

// node:zlib has a native crc32 from Node 20.15; the table version in zip.ts is the fallback.
const nativeCrc = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function crcUpdate(crc: number, chunk: Uint8Array): number {
	if (nativeCrc) return nativeCrc(chunk, crc);
	if (crc !== 0) throw new Error('incremental CRC needs node:zlib.crc32');
	return crc32Js(chunk);
}

export interface StreamEntry {
	name: string;
	/** The entry's content, chunk by chunk; strings are written as UTF-8. */
	chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

function dos(date: Date) {
	return {
		time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
		day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
	};
}

/** Yields the archive's bytes; entries are consumed one after another, each chunk as it comes. */
export async function* zipStream(entries: Iterable<StreamEntry> | AsyncIterable<StreamEntry>, modified = new Date()): AsyncGenerator<Uint8Array> {
	const { time, day } = dos(modified);
	const central: Uint8Array[] = [];
	let offset = 0;
	let count = 0;
	for await (const entry of entries) {
		const name = encoder.encode(entry.name);
		const local = new Uint8Array(30 + name.length);
		const lv = new DataView(local.buffer);
		lv.setUint32(0, 0x04034b50, true);
		lv.setUint16(4, 20, true);
		lv.setUint16(6, 0x0808, true); // UTF-8 names, sizes in the data descriptor
		lv.setUint16(10, time, true);
		lv.setUint16(12, day, true);
		lv.setUint16(26, name.length, true);
		local.set(name, 30);
		yield local;
		const start = offset + local.length;
		let crc = 0;
		let size = 0;
		for await (const part of entry.chunks) {
			const bytes = typeof part === 'string' ? encoder.encode(part) : part;
			if (!bytes.length) continue;
			crc = crcUpdate(crc, bytes);
			size += bytes.length;
			if (size >= MAX) throw new Error(`zip entry ${entry.name} exceeds 4 GiB`);
			yield bytes;
		}
		const descriptor = new Uint8Array(16);
		const dv = new DataView(descriptor.buffer);
		dv.setUint32(0, 0x08074b50, true);
		dv.setUint32(4, crc >>> 0, true);
		dv.setUint32(8, size, true);
		dv.setUint32(12, size, true);
		yield descriptor;
		const record = new Uint8Array(46 + name.length);
		const cv = new DataView(record.buffer);
		cv.setUint32(0, 0x02014b50, true);
		cv.setUint16(4, 20, true);
		cv.setUint16(6, 20, true);
		cv.setUint16(8, 0x0808, true);
		cv.setUint16(12, time, true);
		cv.setUint16(14, day, true);
		cv.setUint32(16, crc >>> 0, true);
		cv.setUint32(20, size, true);
		cv.setUint32(24, size, true);
		cv.setUint16(28, name.length, true);
		cv.setUint32(42, offset, true);
		record.set(name, 46);
		central.push(record);
		offset = start + size + descriptor.length;
		count++;
	}
	const centralSize = central.reduce((s, c) => s + c.length, 0);
	for (const record of central) yield record;
	const end = new Uint8Array(22);
	const ev = new DataView(end.buffer);
	ev.setUint32(0, 0x06054b50, true);
	ev.setUint16(8, count, true);
	ev.setUint16(10, count, true);
	ev.setUint32(12, centralSize, true);
	ev.setUint32(16, offset, true);
	yield end;
}

/**
 * The entries of a stored ZIP read through its central directory (so data descriptors are fine); for tests
 * and checks, not for untrusted archives.
 */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let end = bytes.length - 22;
	while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
	if (end < 0) throw new Error('not a zip archive');
	const count = view.getUint16(end + 10, true);
	let pos = view.getUint32(end + 16, true);
	const out = new Map<string, Uint8Array>();
	for (let i = 0; i < count; i++) {
		const size = view.getUint32(pos + 24, true);
		const nameLength = view.getUint16(pos + 28, true);
		const extra = view.getUint16(pos + 30, true);
		const comment = view.getUint16(pos + 32, true);
		const local = view.getUint32(pos + 42, true);
		const name = new TextDecoder().decode(bytes.subarray(pos + 46, pos + 46 + nameLength));
		const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
		out.set(name, bytes.subarray(dataStart, dataStart + size));
		pos += 46 + nameLength + extra + comment;
	}
	return out;
}

/** An async byte generator as a web stream that pulls one chunk per read: the consumer's pace drives the producer. */
export function pullStream(source: AsyncGenerator<Uint8Array>, onError?: (err: unknown) => void): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				try {
					const { value, done } = await source.next();
					if (done) controller.close();
					else controller.enqueue(value);
				} catch (err) {
					onError?.(err);
					controller.error(err);
				}
			},
			async cancel() {
				// Runs the generators' finally blocks: open cursors and page loops stop here.
				await source.return(undefined);
			}
		},
		{ highWaterMark: 1 }
	);
}

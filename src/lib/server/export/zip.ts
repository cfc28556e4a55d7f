/**
 * A minimal ZIP writer (stored entries, no compression), enough for XLSX files and data-export bundles.
 * Written here rather than pulled in as a dependency: the format needed is a page of code, and nothing may
 * download or build at install time.
 */
const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
	name: string;
	data: Uint8Array | string;
}

/** DOS date/time of the entries; fixed, so the same content gives the same bytes. */
function dosDateTime(date: Date) {
	const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
	const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
	return { time, day };
}

export function zip(entries: ZipEntry[], modified = new Date()): Uint8Array<ArrayBuffer> {
	const encoder = new TextEncoder();
	const { time, day } = dosDateTime(modified);
	const locals: Uint8Array[] = [];
	const centrals: Uint8Array[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = encoder.encode(entry.name);
		const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
		const crc = crc32(data);
		const local = new Uint8Array(30 + name.length);
		const lv = new DataView(local.buffer);
		lv.setUint32(0, 0x04034b50, true);
		lv.setUint16(4, 20, true);
		lv.setUint16(6, 0x0800, true); // UTF-8 names
		lv.setUint16(8, 0, true); // stored
		lv.setUint16(10, time, true);
		lv.setUint16(12, day, true);
		lv.setUint32(14, crc, true);
		lv.setUint32(18, data.length, true);
		lv.setUint32(22, data.length, true);
		lv.setUint16(26, name.length, true);
		local.set(name, 30);
		const central = new Uint8Array(46 + name.length);
		const cv = new DataView(central.buffer);
		cv.setUint32(0, 0x02014b50, true);
		cv.setUint16(4, 20, true);
		cv.setUint16(6, 20, true);
		cv.setUint16(8, 0x0800, true);
		cv.setUint16(10, 0, true);
		cv.setUint16(12, time, true);
		cv.setUint16(14, day, true);
		cv.setUint32(16, crc, true);
		cv.setUint32(20, data.length, true);
		cv.setUint32(24, data.length, true);
		cv.setUint16(28, name.length, true);
		cv.setUint32(42, offset, true);
		central.set(name, 46);
		locals.push(local, data);
		centrals.push(central);
		offset += local.length + data.length;
	}
	const centralSize = centrals.reduce((s, c) => s + c.length, 0);
	const end = new Uint8Array(22);
	const ev = new DataView(end.buffer);
	ev.setUint32(0, 0x06054b50, true);
	ev.setUint16(8, entries.length, true);
	ev.setUint16(10, entries.length, true);
	ev.setUint32(12, centralSize, true);
	ev.setUint32(16, offset, true);
	const out = new Uint8Array(offset + centralSize + 22);
	let pos = 0;
	for (const part of [...locals, ...centrals, end]) {
		out.set(part, pos);
		pos += part.length;
	}
	return out;
}

/** Reads the entries of a stored (uncompressed) ZIP, as written by `zip`; for tests and checks. */
export function unzipStored(bytes: Uint8Array): Map<string, Uint8Array> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Map<string, Uint8Array>();
	let pos = 0;
	while (pos + 30 <= bytes.length && view.getUint32(pos, true) === 0x04034b50) {
		const size = view.getUint32(pos + 18, true);
		const nameLength = view.getUint16(pos + 26, true);
		const extra = view.getUint16(pos + 28, true);
		const name = new TextDecoder().decode(bytes.subarray(pos + 30, pos + 30 + nameLength));
		const start = pos + 30 + nameLength + extra;
		out.set(name, bytes.subarray(start, start + size));
		pos = start + size;
	}
	return out;
}

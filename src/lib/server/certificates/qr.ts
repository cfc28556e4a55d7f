import QRCode from 'qrcode';

/**
 * The QR code as a square of dark/light modules (true = dark), error correction M. Drawn as vector
 * rectangles in the PDF, so it stays sharp at any print size; tests decode this same matrix.
 */
export function qrModules(text: string): { size: number; dark: (x: number, y: number) => boolean } {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const size = qr.modules.size;
	const data = qr.modules.data;
	return { size, dark: (x, y) => data[y * size + x] === 1 };
}

/** The matrix as an RGBA bitmap with a quiet zone, `scale` pixels per module (for decoding in tests). */
export function qrBitmap(text: string, scale = 4, quiet = 4): { width: number; height: number; data: Uint8ClampedArray } {
	const { size, dark } = qrModules(text);
	const width = (size + 2 * quiet) * scale;
	const data = new Uint8ClampedArray(width * width * 4).fill(255);
	for (let y = 0; y < size; y++)
		for (let x = 0; x < size; x++) {
			if (!dark(x, y)) continue;
			for (let dy = 0; dy < scale; dy++)
				for (let dx = 0; dx < scale; dx++) {
					const i = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4;
					data[i] = data[i + 1] = data[i + 2] = 0;
				}
		}
	return { width, height: width, data };
}

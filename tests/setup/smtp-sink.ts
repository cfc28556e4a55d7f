import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on localhost for tests: the mail code talks the whole SMTP dialogue to it, nothing is
 * mocked. `reject` makes the next recipients fail with a given reply code (4xx temporary, 5xx permanent).
 */
export interface ReceivedMail {
	from: string;
	to: string[];
	raw: string;
}

export interface SmtpSink {
	url: string;
	received: ReceivedMail[];
	reject(code: number | null): void;
	close(): Promise<void>;
}

/** Listens on a free port (0 = chosen by the OS), so parallel test runs never collide. */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
	const received: ReceivedMail[] = [];
	let rejectCode: number | null = null;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (rejectCode) {
				const err = Object.assign(new Error(`test sink refuses ${address.address}`), { responseCode: rejectCode });
				return callback(err);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	const bound = typeof address === 'object' && address ? address.port : port;
	return {
		url: `smtp://127.0.0.1:${bound}`,
		received,
		reject: (code) => {
			rejectCode = code;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** The decoded body parts of a received mail (quoted-printable or base64), for asserting on their text. */
export function decodedParts(raw: string): string {
	const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
	return parts
		.map((part) => {
			const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
			const body = rest.join('\n\n');
			if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
				const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
				return Buffer.from(bytes, 'latin1').toString('utf8');
			}
			if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
			return body;
		})
		.join('\n');
}

export function header(raw: string, name: string): string | undefined {
	const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
	const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
	const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
	if (!line) return undefined;
	// RFC 2047 encoded words (subjects with umlauts)
	return line
		.slice(name.length + 1)
		.trim()
		.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
			enc.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
		);
}

/**
 * Structured logs: one JSON object per line on stdout, so a log shipper can parse them without rules.
 * Request handlers pass their request id; nothing here knows about HTTP.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function threshold(): number {
	const l = (process.env.LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info')) as Level | 'silent';
	return order[l] ?? order.info;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
	if (order[level] < threshold()) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
	if (level === 'error' || level === 'warn') console.error(line);
	else console.log(line);
}

export const log = {
	debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
	info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
	warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
	error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields)
};

export function errorFields(err: unknown): Record<string, unknown> {
	if (err instanceof Error) return { error: err.message, stack: err.stack };
	return { error: String(err) };
}

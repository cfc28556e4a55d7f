import type { SessionInfo, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: SessionInfo | null;
			requestId: string;
		}
		interface PageData {
			user?: { id: string; name: string; email: string; roles: string[] } | null;
		}
	}
}

export {};

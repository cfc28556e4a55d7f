/**
 * An LRS answer other than success: the status and a message for the client. Thrown anywhere below the
 * route; the HTTP layer turns it into a response, so a thrown error inside a transaction also rolls it back.
 */
export class XapiError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 428,
		message: string
	) {
		super(message);
	}
}

export const badRequest = (message: string) => new XapiError(400, message);

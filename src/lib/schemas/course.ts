import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

export const courseLanguageSchema = z.object({
	language: z.enum(['', 'de', 'en'], { error: () => m.error_choice() })
});

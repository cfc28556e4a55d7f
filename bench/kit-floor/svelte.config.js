// The bare SvelteKit app bench:pages measures as the framework's floor on this machine: adapter-node with its
// defaults, no hooks, no layout, no CSP, no database. Deliberately none of the app's settings (../../svelte.config.js).
import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
	kit: { adapter: adapter({ out: 'build' }) }
};

export { default as Confirm } from './confirm.svelte';

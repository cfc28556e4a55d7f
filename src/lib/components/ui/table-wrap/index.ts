export { default as TableWrap } from './table-wrap.svelte';

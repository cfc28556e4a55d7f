export { default as CheckboxGroup } from './checkbox-group.svelte';

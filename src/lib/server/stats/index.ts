export * from './descriptive';
export { normalCdf, tCdf, noncentralTCdf } from './distributions';
export * from './effect';
export * from './items';
export * from './suppress';

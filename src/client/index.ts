export type * from './types.js';
export { createRegistryClient } from './registry-client.js';


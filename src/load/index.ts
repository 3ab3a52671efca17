/** Public surface of the load engine: run scenarios programmatically (the demo and other runners use this). */
export { runScenario } from './run-scenario.js';


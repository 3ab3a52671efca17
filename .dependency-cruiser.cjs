/**
 * Import boundaries, checked by `npm test` (`npm run lint:boundaries`). Each rule says why it exists: a lower layer
 * that imports a higher one drags it into every program that needs the lower one (the load workers, the packed
 * package, the tests).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'nothing-imports-cli',
      comment: 'src/cli is the outermost layer (argv, console, exit): every other layer is usable without it.',
      severity: 'error',
      from: { path: '^(src/(?!cli/)|suites/|scenarios/|reports/|fixtures/)', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'config-never-imports-conformance',
      comment: 'Settings are read before anything runs; the conformance engine and the suites depend on config, not back.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^(src/conformance/|suites/)' },
    },
    {
      name: 'load-never-imports-suites',
      comment: 'The load engine runs in worker threads; the conformance suites have no place there.',
      severity: 'error',
      from: { path: '^src/load/' },
      to: { path: '^(suites/|src/conformance/)' },
    },
    {
      name: 'lower-layers-never-import-reports',
      comment: 'Reports render the model; the engine, client and model never depend on how a result is drawn.',
      severity: 'error',
      from: { path: '^src/(model|client|auth|oci|config|conformance|load|lab|errors)/', pathNot: '(\\.test\\.ts$|/test-support/)' },
      to: { path: '^reports/' },
    },
    {
      name: 'production-never-imports-tests',
      comment: 'Test files and test-support folders are not built into dist/, so production code cannot use them.',
      severity: 'error',
      from: { pathNot: '(\\.test\\.ts$|\\.bench\\.ts$|/test-support/)' },
      to: { path: '(\\.test\\.ts$|\\.bench\\.ts$|/test-support/)' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve is a broken build waiting for the right file order.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|results|\\.regatta)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

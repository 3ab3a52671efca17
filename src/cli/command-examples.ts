import type { Command } from 'commander';

/**
 * Two or three runnable examples per command, keyed by the command's path (`lab up`), shown at the end of its
 * `--help` as docker, crane and k6 users expect. One table, so a command without examples is a failing test, not a
 * forgotten help text.
 */
export const commandExamples: Readonly<Record<string, readonly string[]>> = {
  conformance: [
    'regatta conformance --target registry.example.com          # https; Docker config credentials are used',
    'aws ecr get-login-password | regatta conformance --target 123456789012.dkr.ecr.us-east-1.amazonaws.com --username AWS --password-stdin',
    'regatta conformance --target http://127.0.0.1:5000 --suite push --check push/blob --out results/push',
  ],
  bench: [
    'regatta bench --target registry.example.com --scenario push-blobs --duration 30s --vus 8',
    'regatta bench --target a=http://127.0.0.1:5000 --target b=http://127.0.0.1:5001 --scenario pull-blobs --size 16MiB',
    'regatta bench --target http://127.0.0.1:5000 --scenario mixed --rate 50 --no-verify',
  ],
  report: ['regatta report results/run-1/results.json --out results/again', 'regatta report dist.json zot.json --out results/both', 'regatta report --schema > results.schema.json'],
  fixtures: ['regatta fixtures list', 'regatta fixtures write image --layout --out ./layout'],
  'fixtures list': ['regatta fixtures list', 'regatta fixtures list | grep image'],
  'fixtures write': ['regatta fixtures write image', 'regatta fixtures write image-multi-layer --layout --seed 42 --out ./layout'],
  lab: ['regatta lab install', 'regatta lab up --registry zot distribution-3', 'regatta lab up --auth token --tls tls'],
  'lab install': ['regatta lab install', 'regatta lab install zot'],
  'lab up': ['regatta lab up', 'regatta lab up --registry zot --detach --json', 'regatta lab up --registry distribution-3 --auth basic --tls tls'],
  'lab down': ['regatta lab down', 'regatta lab up --registry zot --detach && regatta lab down'],
  'lab status': ['regatta lab status', 'regatta lab up --detach && regatta lab status'],
  demo: ['regatta demo', 'regatta demo --registry zot distribution-3 --load-seconds 5', 'regatta demo --strict --out results/demo'],
  compare: [
    'regatta compare baseline/results.json candidate/results.json',
    'regatta compare old.json new.json --threshold p99=15 --fail-on warned --out results/compare',
    'regatta compare results/bench/results.json --baseline-target old --candidate-target new',
  ],
  expect: ['regatta expect list', 'regatta expect show zot'],
  seed: [
    'regatta seed --target https://registry.example.com --out seed.json',
    'regatta lab up --registry distribution-2 --detach && regatta seed --target http://127.0.0.1:5000 --seed upgrade-1 --out seed.json',
  ],
  verify: [
    'regatta verify seed.json --target https://registry.example.com',
    'regatta verify seed.json --target new=https://registry-next.example.com --username me --password-stdin',
  ],
  k8s: [
    'regatta k8s export push-blobs --target https://registry.example.com --parallelism 4 --duration 60s --out k8s/',
    'regatta k8s export pull-blobs --target https://registry.example.com --parallelism 2 --secret regatta-registry --image registry.example.com/regatta:0.1.0 --out k8s/',
  ],
  'k8s export': [
    'regatta k8s export push-blobs --target https://registry.example.com --parallelism 4 --duration 60s --out k8s/',
    'regatta k8s export mixed --target https://registry.example.com --vus 64 --rate 200 --threads 2 --parallelism 8 --secret regatta-registry --out k8s/',
  ],
  k6: [
    'regatta k6 export pull-blobs --target https://registry.example.com --vus 16 --duration 60s --out k6/',
    'regatta k6 export manifest-storm --target https://registry.example.com --parallelism 4 --secret regatta-registry --out k6/',
  ],
  'k6 export': [
    'regatta k6 export push-blobs --target https://registry.example.com --size 16MiB --out k6/ && REGATTA_TARGET=https://registry.example.com k6 run k6/push-blobs.k6.ts',
    'regatta k6 export pull-blobs --target https://registry.example.com --vus 64 --parallelism 4 --secret regatta-registry --out k6/',
    'regatta k6 export manifest-storm --parallelism 2 --secret regatta-registry --out k6/   # the Secret holds the target too',
  ],
  import: [
    'regatta import k6 regatta-k6-summary.json --out results/k6',
    'regatta import oci-conformance oci-results --results results/run-1/results.json --out results/with-official',
  ],
  'import oci-conformance': [
    'regatta import oci-conformance oci-results --results results/run-1/results.json --out results/with-official',
    'regatta import oci-conformance oci-dist oci-zot --results results/lab/results.json --out results/lab-official',
    'regatta import oci-conformance ./results --results regatta.json --target staging --out combined',
  ],
  'import k6': ['regatta import k6 regatta-k6-summary.json --out results/k6', 'regatta import k6 runner-*.log --out results/k6-merged'],
  'expect list': ['regatta expect list', 'regatta expect list | grep -A1 ecr'],
  'expect show': ['regatta expect show zot', 'regatta expect show ./my-registry.yaml'],
};

/** The path of a command below the program: `lab up`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent != null; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

/** Appends the examples of every command in the tree to its help (after anything else it prints there). */
export function addCommandExamples(program: Command): void {
  const visit = (command: Command): void => {
    const examples = commandExamples[commandPath(command)];
    if (examples !== undefined) {
      command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}`);
    }
    command.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}

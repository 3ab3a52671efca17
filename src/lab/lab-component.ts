/**
 * The lab's component catalogue: every real registry and peer tool regatta can install, at which version, how it is
 * installed and (for registries) how it is started. The single source of pinned versions.
 */

/** Names of every lab component, as accepted by `regatta lab install NAME`. */
export const labComponentNames = [
  'distribution-2',
  'distribution-3',
  'olareg',
  'zot',
  'skopeo',
  'htpasswd',
  'openssl',
  'nginx',
  'wrk',
  'chromium',
  'crane',
  'regctl',
  'oras',
  'oci-conformance',
] as const;

/** One lab component name. */
export type LabComponentName = (typeof labComponentNames)[number];

/** Registry products the lab can start; each has its own config generator. */
export type LabRegistryProduct = 'distribution' | 'olareg' | 'zot';

/** A Debian package providing a binary at a fixed absolute path. */
export interface AptRecipe {
  readonly kind: 'apt';
  /** Debian package name, e.g. `docker-registry`. */
  readonly package: string;
  /** Absolute path of the binary the package installs. */
  readonly binary: string;
}

/**
 * A Go command built at a pinned module version: a throwaway main module requires `module@version` and
 * `go install`s `packagePath`. This avoids `go install pkg@version`, whose deprecation lookup needs the module list
 * that some proxies refuse.
 */
export interface GoInstallRecipe {
  readonly kind: 'go-install';
  readonly module: string;
  readonly packagePath: string;
  /** Name of the binary `go install` writes. */
  readonly goBinary: string;
}

/**
 * A Go command built with its own module as the main module (sources from the module cache), so that the module's
 * `replace` directives apply. Needed by zot, whose dependencies only resolve through its replaces.
 */
export interface GoBuildMainModuleRecipe {
  readonly kind: 'go-build-main-module';
  /** Module path as served by the proxy, e.g. `github.com/project-zot/zot`. */
  readonly module: string;
  /** Package directory relative to the module root, e.g. `./cmd/zot`. */
  readonly packageDir: string;
  readonly buildTags: readonly string[];
}

/**
 * A Go main package built with a plain `go build -o` in a throwaway main module that requires `module@version`. Used
 * where the binary's name is not the component's (the official OCI conformance suite's package is its module root).
 */
export interface GoBuildRecipe {
  readonly kind: 'go-build';
  readonly module: string;
  readonly packagePath: string;
}

/** How a component is installed. */
export type InstallRecipe = AptRecipe | GoInstallRecipe | GoBuildMainModuleRecipe | GoBuildRecipe;

/** One entry of the catalogue. */
export interface LabComponent {
  readonly name: LabComponentName;
  /** One line for `lab status` and install output. */
  readonly description: string;
  /**
   * Pinned version. For Go components it is the module version that is built; for Debian packages it is the
   * upstream series Debian bookworm ships (apt decides the exact build), recorded for the report.
   */
  readonly version: string;
  readonly recipe: InstallRecipe;
  /** Set for registries: the product, which selects the config generator and the start command. */
  readonly product?: LabRegistryProduct;
  /** Installed by a bare `regatta lab install` (and so by `npm test`). */
  readonly defaultInstall: boolean;
}

/** The catalogue, in install order (Debian packages first: one apt transaction covers them all). */
export const labComponents: readonly LabComponent[] = [
  {
    name: 'distribution-2',
    description: 'CNCF distribution 2.8 registry (Debian docker-registry)',
    version: '2.8',
    recipe: { kind: 'apt', package: 'docker-registry', binary: '/usr/bin/docker-registry' },
    product: 'distribution',
    defaultInstall: true,
  },
  {
    name: 'skopeo',
    description: 'skopeo, a real registry client for round trips',
    version: '1.9',
    recipe: { kind: 'apt', package: 'skopeo', binary: '/usr/bin/skopeo' },
    defaultInstall: true,
  },
  {
    name: 'htpasswd',
    description: 'htpasswd (apache2-utils) for Basic auth variants',
    version: '2.4',
    recipe: { kind: 'apt', package: 'apache2-utils', binary: '/usr/bin/htpasswd' },
    defaultInstall: true,
  },
  {
    name: 'openssl',
    description: 'openssl for the TLS variants self-signed CA',
    version: '3.0',
    recipe: { kind: 'apt', package: 'openssl', binary: '/usr/bin/openssl' },
    defaultInstall: true,
  },
  {
    name: 'nginx',
    description: 'nginx (nginx-light) as a TLS front',
    version: '1.22',
    recipe: { kind: 'apt', package: 'nginx-light', binary: '/usr/sbin/nginx' },
    defaultInstall: true,
  },
  {
    name: 'wrk',
    description: 'wrk HTTP load generator (peer tool)',
    version: '4.1',
    recipe: { kind: 'apt', package: 'wrk', binary: '/usr/bin/wrk' },
    defaultInstall: true,
  },
  {
    name: 'chromium',
    description: 'chromium for the HTML report browser test',
    version: 'bookworm',
    recipe: { kind: 'apt', package: 'chromium', binary: '/usr/bin/chromium' },
    defaultInstall: true,
  },
  {
    name: 'distribution-3',
    description: 'CNCF distribution v3 registry',
    version: 'v3.1.2',
    recipe: {
      kind: 'go-install',
      module: 'github.com/distribution/distribution/v3',
      packagePath: 'github.com/distribution/distribution/v3/cmd/registry',
      goBinary: 'registry',
    },
    product: 'distribution',
    defaultInstall: true,
  },
  {
    name: 'olareg',
    description: 'olareg registry',
    version: 'v0.1.2',
    recipe: {
      kind: 'go-install',
      module: 'github.com/olareg/olareg',
      packagePath: 'github.com/olareg/olareg/cmd/olareg',
      goBinary: 'olareg',
    },
    product: 'olareg',
    defaultInstall: true,
  },
  {
    name: 'zot',
    description: 'zot registry (minimal build, no extensions)',
    version: 'v1.4.3',
    recipe: {
      kind: 'go-build-main-module',
      module: 'github.com/project-zot/zot',
      packageDir: './cmd/zot',
      buildTags: ['containers_image_openpgp'],
    },
    product: 'zot',
    defaultInstall: true,
  },
  {
    name: 'crane',
    description: 'crane (go-containerregistry) peer tool',
    version: 'v0.22.1',
    recipe: {
      kind: 'go-install',
      module: 'github.com/google/go-containerregistry',
      packagePath: 'github.com/google/go-containerregistry/cmd/crane',
      goBinary: 'crane',
    },
    defaultInstall: true,
  },
  {
    name: 'regctl',
    description: 'regctl (regclient) peer tool',
    version: 'v0.11.7',
    recipe: {
      kind: 'go-install',
      module: 'github.com/regclient/regclient',
      packagePath: 'github.com/regclient/regclient/cmd/regctl',
      goBinary: 'regctl',
    },
    defaultInstall: true,
  },
  {
    name: 'oras',
    description: 'oras peer tool',
    version: 'v1.3.6',
    recipe: { kind: 'go-install', module: 'oras.land/oras', packagePath: 'oras.land/oras/cmd/oras', goBinary: 'oras' },
    defaultInstall: false,
  },
  {
    name: 'oci-conformance',
    description: 'official OCI distribution-spec conformance suite (2026, go build), for import oci-conformance and npm run bench',
    // The newest pseudo-version the Go proxy here serves (the data-driven suite: results.yaml, per-API toggles).
    version: 'v0.0.0-20260831232431-97274622c111',
    recipe: {
      kind: 'go-build',
      module: 'github.com/opencontainers/distribution-spec/conformance',
      packagePath: 'github.com/opencontainers/distribution-spec/conformance',
    },
    defaultInstall: true,
  },
];

/** True when `name` is a catalogue name. */
export function isLabComponentName(name: string): name is LabComponentName {
  return (labComponentNames as readonly string[]).includes(name);
}

/** The catalogue entry for `name`. */
export function findLabComponent(name: LabComponentName): LabComponent {
  const component = labComponents.find((entry) => entry.name === name);
  if (component === undefined) {
    throw new Error(`lab component ${name} missing from the catalogue`);
  }
  return component;
}

/** Names of the registries (components with a product), in catalogue order. */
export function labRegistryNames(): LabComponentName[] {
  return labComponents.filter((entry) => entry.product !== undefined).map((entry) => entry.name);
}

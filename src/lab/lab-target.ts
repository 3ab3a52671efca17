import type { LabComponentName, LabRegistryProduct } from './lab-component.js';
import type { LabCredentials } from './lab-credentials.js';
import type { LabMimic } from './mimic/spawn-mimic.js';

/** What a client needs to reach a TLS lab registry: PEM paths inside the lab's TLS directory. */
export interface LabTargetTls {
  /** The lab CA (trust it: `tls.caFile`, `--ca-file`). */
  readonly caFile: string;
  /** Client certificate and key signed by the lab CA; only for an mTLS lab, which requires them. */
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
}

/** One running lab registry, as `startLab` and `regatta lab up` report it. */
export interface LabTarget {
  /** Catalogue name, e.g. `distribution-3`. */
  readonly name: LabComponentName;
  /** Base URL, `http://127.0.0.1:<port>` (`https://` in a TLS lab). */
  readonly url: string;
  readonly product: LabRegistryProduct;
  /** Version actually running (Debian package version for apt components, pinned module version otherwise). */
  readonly version: string;
  /** Directory holding config, storage and log; removed by `stop()` unless `keepDataDir`. */
  readonly dataDir: string;
  /** The caller chose `dataDir` (`lab up --data-dir`): stopping the lab, `lab down` included, leaves it in place. */
  readonly keepDataDir?: boolean | undefined;
  readonly logFile: string;
  /** Process id, also the process group id (each registry leads its own group). */
  readonly pid: number;
  /** Binary that was started; `lab down` checks `/proc/<pid>/cmdline` against it before killing. */
  readonly binary: string;
  /** Users of an authenticated lab (`--auth basic`), passwords random per lab start; absent when open. */
  readonly credentials?: LabCredentials | undefined;
  /** CA (and client certificate for mTLS) of a TLS lab (`--tls tls|mtls`); absent for plain http. */
  readonly tls?: LabTargetTls | undefined;
  /**
   * The cloud mimic front before this registry (`lab up --mimic`): then `url` is the front's, and the registry itself
   * answers on `mimic.registryUrl`.
   */
  readonly mimic?: LabMimic | undefined;
}

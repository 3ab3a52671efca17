import type { LabRegistryProduct } from '../lab-component.js';
import type { LabAuthOptions } from '../lab-registry-options.js';
import type { RegistryLaunch, RegistryLaunchInput } from '../registry-launch.js';

/**
 * Everything the lab knows about one registry product, in one record: how to start it and which lab variants it
 * can run as. A new product is one file in this folder (plus its install recipe in lab-component.ts and its known
 * deviations in src/profiles/<name>.yaml).
 */
export interface LabProduct {
  readonly name: LabRegistryProduct;
  /** The authenticated variants it can be configured for (`none` always works). */
  readonly authVariants: readonly Exclude<LabAuthOptions['kind'], 'none'>[];
  /** Why it cannot require client certificates (mTLS) together with `auth`, or undefined when it can. */
  mtlsGap(auth: LabAuthOptions['kind']): string | undefined;
  /** Its referrers API: never served, switched by a launch option (`referrersApi`), or always on. */
  readonly referrersApi: 'absent' | 'switchable' | 'always';
  /**
   * Matches the line its log writes once for every request it answered (an access log), when it writes one: the
   * bench counts a run's requests on the registry's side with it, the same way for every tool.
   */
  readonly requestLogLine?: RegExp;
  /** The files, argv and env that start it on `127.0.0.1:input.port` with its storage in `storageDir`. Pure. */
  launch(input: RegistryLaunchInput, storageDir: string, logLevel: string): RegistryLaunch;
}

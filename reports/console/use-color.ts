/**
 * Whether console output gets ANSI colours. `FORCE_COLOR` wins when set (`0` or `false` turns colour off, anything
 * else on), as in Node's own `tty.getColorDepth`; otherwise a non-empty `NO_COLOR` turns colour off (no-color.org);
 * otherwise colour follows whether stdout is a terminal.
 */
export function useColor(env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') {
    return false;
  }
  return isTty;
}

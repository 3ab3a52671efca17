/**
 * Resolves a `Location` (relative, absolute, or on another host) against the URL it came from. The registry's query
 * parameters are kept verbatim: they may be critical (distribution's `_state`, GAR's upload token).
 */
export function resolveLocation(location: string, base: string): string {
  return new URL(location, base).toString();
}

/**
 * Appends `name=value` to a URL's query, keeping every existing parameter as it is (`?` when there is no query yet,
 * `&` otherwise). The value is percent-encoded; a digest's `:` is encoded as `%3A`, which every registry decodes.
 */
export function appendQueryParam(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  if (!beforeHash.includes('?')) {
    return `${beforeHash}?${pair}${hash}`;
  }
  const separator = beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${separator}${pair}${hash}`;
}

/** `scheme://host:port` of a URL, with the default port made explicit so that `:443` and no port compare equal. */
export function originOf(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
  return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
}

/** True when two URLs share scheme, host and port: only then may credentials and cookies follow a redirect. */
export function isSameOrigin(a: URL, b: URL): boolean {
  return originOf(a) === originOf(b);
}

/**
 * True for loopback hosts, where plain-HTTP credentials cannot leave the machine: literal 127.0.0.0/8 and ::1
 * addresses, and `localhost` itself. Not `*.localhost`: Node resolves those through DNS like any other name, so
 * nothing pins them to this machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

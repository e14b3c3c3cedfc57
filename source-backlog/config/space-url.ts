import { configError } from '../protocol/failures';

const BACKLOG_CLOUD_DOMAINS = ['backlog.com', 'backlog.jp', 'backlogtool.com'];
// First path segments of Backlog web pages: a pasted page address is cut back to the space.
const PAGE_PATH_MARKERS =
  /\/(api\/v2|projects?|view|dashboard|wiki|find|board|gantt|file|git|document|alias|user|add|EditProject|ViewProject|FindIssueAllOver|OAuth2AccessRequest)(\/|\.action|$|\?)/i;

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

export function isBacklogCloudHost(hostname: string): boolean {
  return BACKLOG_CLOUD_DOMAINS.some((domain) => hostname.endsWith(`.${domain}`));
}

/**
 * Turns what a user pastes into the space's base address (no trailing slash), e.g.
 * "your-space.backlog.com/projects/DEV/" -> "https://your-space.backlog.com".
 * The API lives at `${base}/api/v2`.
 */
export function normalizeSpaceUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw configError(
      `space_url "${input}" is not a valid address; expected something like https://your-space.backlog.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`space_url must start with https:// (got ${url.protocol}//)`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw configError(
      `space_url must use https:// (plain http is only accepted for loopback test servers): ${url.origin}`,
    );
  }
  if (url.username || url.password) {
    throw configError('space_url must not contain a user name or password');
  }
  if (isBacklogCloudHost(url.hostname)) {
    return url.origin;
  }
  // Backlog Enterprise may live under a path prefix: keep it, minus any page path or /api/v2.
  const marker = PAGE_PATH_MARKERS.exec(url.pathname);
  const prefix = (marker ? url.pathname.slice(0, marker.index) : url.pathname).replace(/\/+$/, '');
  return url.origin + prefix;
}

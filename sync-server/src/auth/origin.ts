/**
 * Same-origin check for state-changing requests and WebSocket upgrades (CSRF and cross-site
 * WebSocket hijacking): the Origin must be the server's own (same host as the Host header, over
 * http or https) or one of ALLOWED_ORIGINS. A missing Origin is refused.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
) {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (host && url.host.toLowerCase() === host.toLowerCase()) return true;
  return allowed.includes(url.origin);
}

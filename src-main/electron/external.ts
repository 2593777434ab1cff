// shell.openExternal only for allow-listed https URLs (docs/ARCHITECTURE.md "Electron security"): help and
// legal pages the app links to. Anything else (http, file:, javascript:, custom schemes, other
// hosts, credentials in the URL) is refused.
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'www.gst.gov.in',
  'services.gst.gov.in',
  'einvoice1.gst.gov.in',
  'www.nbr.gov.bh',
  'www.electronjs.org',
]);

export function isAllowedExternalUrl(value: string, hosts: ReadonlySet<string> = EXTERNAL_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && hosts.has(url.hostname.toLowerCase());
}

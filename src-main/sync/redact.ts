// Connection URLs carry a password: nothing that reaches a log, an error message or the UI may
// show it. Every message built from a URL or a driver error goes through redact().
const URL_CREDENTIALS = /(postgres(?:ql)?:\/\/[^:@/\s]*:)([^@\s]*)@/gi;

/** The URL or text with every password in a postgres URL replaced by ***; and any known secret too. */
export function redact(text: string, ...secrets: Array<string | undefined>): string {
  let out = text.replace(URL_CREDENTIALS, '$1***@');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** The password of a postgres URL (to redact it from driver messages), or undefined. */
export function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** user@host:port/database, never the password: how a server is named in status and logs. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${decodeURIComponent(parsed.username)}@${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unreadable server URL)';
  }
}

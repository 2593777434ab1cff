// Safe, unique file names for invoices inside the ZIP: "/" and "\" in numbers become "-",
// anything outside [A-Za-z0-9._-] becomes "_", no leading dots (no "..", no hidden files), and
// names that collide (case-insensitively, as on Windows and macOS) get "-2", "-3"...
export function sanitizeFileStem(number: string): string {
  let stem = number
    .normalize('NFKC')
    .replace(/[/\\]/g, '-')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/\.+$/, '');
  if (stem.length > 100) stem = stem.slice(0, 100);
  if (stem === '' || /^_+$/.test(stem)) stem = 'invoice';
  // Windows reserved device names.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = `_${stem}`;
  return stem;
}

export class UniqueNames {
  private readonly used = new Set<string>();

  /** A stem not used before in this ZIP (compared case-insensitively). */
  take(number: string): string {
    const base = sanitizeFileStem(number);
    let stem = base;
    for (let n = 2; this.used.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    this.used.add(stem.toLowerCase());
    return stem;
  }
}

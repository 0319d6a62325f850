/**
 * The file name of a `content-disposition` header (`filename*=UTF-8''…` wins over `filename="…"`),
 * or null. Path separators are dropped: the browser gets a name, never a path.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  let name: string | null = null;
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (star) {
    const value = star.replace(/^"(.*)"$/, '$1');
    const encoded = /^[\w!#$%&+^`{}~.-]*'[\w-]*'(.*)$/.exec(value)?.[1] ?? value;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
    if (plain) name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim();
  }
  const safe = name
    ?.replace(/[/\\]/g, '_')
    .replace(/[\r\n]/g, '')
    .trim();
  return safe ? safe : null;
}

/** Hands a blob to the browser as a download named `filename` (through a short-lived blob: URL). */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the URL by the time this runs; keep the memory no longer
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '../format.ts';

/** The current time, refreshed every `everyMs`: relative times stay true without refetching. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function Time({ iso, mode = 'relative' }: { iso: string; mode?: 'relative' | 'absolute' }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {mode === 'relative' ? formatRelative(iso, now) : formatDateTime(iso)}
    </time>
  );
}

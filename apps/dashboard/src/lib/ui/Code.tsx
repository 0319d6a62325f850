import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton.tsx';

/**
 * A block of code or JSON with a copy button. `wrap` breaks long lines (an HTML error page arrives as
 * one line); otherwise the block scrolls, and can then be reached and scrolled with the keyboard.
 */
export function CodeBlock({
  text,
  label,
  copyLabel,
  wrap = false,
  children,
}: {
  text: string;
  label?: string;
  copyLabel?: string;
  wrap?: boolean;
  /** shown instead of the plain text (e.g. a JSON tree); the copy button still copies `text` */
  children?: ReactNode;
}) {
  return (
    <div className="code-block">
      <div className="code-block-bar">
        {label ? <span className="code-block-label">{label}</span> : <span />}
        <CopyButton text={text} label={copyLabel ?? `Copy ${label ?? 'code'}`} />
      </div>
      {/* a scrolling block must be reachable by keyboard (axe: scrollable-region-focusable) */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
      <pre className={wrap ? 'code-wrap' : undefined} tabIndex={0}>
        {children ?? <code>{text}</code>}
      </pre>
    </div>
  );
}

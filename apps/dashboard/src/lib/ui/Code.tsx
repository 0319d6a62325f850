import { CopyButton } from './CopyButton.tsx';

/** A block of code or JSON with a copy button. */
export function CodeBlock({ text, label, copyLabel }: { text: string; label?: string; copyLabel?: string }) {
  return (
    <div className="code-block">
      <div className="code-block-bar">
        {label ? <span className="code-block-label">{label}</span> : <span />}
        <CopyButton text={text} label={copyLabel ?? `Copy ${label ?? 'code'}`} />
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

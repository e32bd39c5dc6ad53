import { ErrorText } from './ErrorText.js';

/**
 * A labelled text input in a grid cell, with optional help text tied to it, and the error that
 * concerns this field (errors.ts: the server's `field`) shown beside it and read with it.
 */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  dir?: 'auto' | 'ltr';
  placeholder?: string;
  required?: boolean;
  type?: string;
  help?: string;
  wide?: boolean;
  error?: string | null;
}) {
  const helpId = props.help ? `${props.id}-help` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={props.wide ? 'wide' : undefined}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        dir={props.dir ?? 'auto'}
        placeholder={props.placeholder}
        required={props.required}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
      />
      {props.help && (
        <span id={helpId} className="help">
          {props.help}
        </span>
      )}
      <ErrorText id={errorId}>{props.error}</ErrorText>
    </div>
  );
}

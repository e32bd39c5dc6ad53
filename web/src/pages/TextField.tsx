/** A labelled text input in a grid cell, with optional help text tied to it. */
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
}) {
  const helpId = props.help ? `${props.id}-help` : undefined;
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
        aria-describedby={helpId}
      />
      {props.help && (
        <span id={helpId} className="help">
          {props.help}
        </span>
      )}
    </div>
  );
}

/**
 * An error announced to screen readers; nothing when there is none. With an `id`, a field
 * points at it (aria-describedby) so the message is read with the field it concerns.
 */
export function ErrorText({ children, id }: { children: string | null | undefined; id?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className="error" id={id}>
      {children}
    </p>
  );
}

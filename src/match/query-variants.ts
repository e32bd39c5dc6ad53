/**
 * The names a query string stands for. Customer files often give an alias in brackets after
 * the name (`أحمد محمود (أبو خالد)`, `John Smith (Abu Yahya)`): that is two names of one
 * person, each screened on its own, not one long name that meets neither.
 */
const BRACKETED = /[([{（]([^()[\]{}（）]*)[)\]}）]/gu;
const LETTER = /\p{L}/u;

export function queryVariants(name: string): string[] {
  if (!/[([{（]/u.test(name)) return [name];
  const inside: string[] = [];
  const outside = name.replace(BRACKETED, (_m, inner: string) => {
    if (LETTER.test(inner)) inside.push(inner.trim());
    return ' ';
  });
  const main = outside.replace(/\s+/g, ' ').trim();
  if (!LETTER.test(main) || inside.length === 0) return [name];
  return [main, ...inside];
}

/** The screening, entity and batch pages. */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

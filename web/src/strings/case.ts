/** The case file (printable, PDF and JSON). */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

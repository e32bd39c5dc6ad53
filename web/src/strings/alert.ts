/** The alert page and the case file (evidence side by side, decisions, comments). */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

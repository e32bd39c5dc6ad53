/** The administration pages (partners, feeds, settings, runs), the audit, lists and records pages. */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

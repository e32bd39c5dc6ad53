/** The alert queue (filters, grouping, bulk decisions, keyboard triage). */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

/** The shell (header, navigation, menus, errors, formats) and the administration pages. */
export const en = {};

export const ar: Record<keyof typeof en, string> = {};

/**
 * The page's one live region (role=status, polite; App renders it) and the small keyboard
 * hooks every page shares. `announce` is how a page tells a screen reader about a result or a
 * state change that did not move focus.
 */
import { useEffect, useRef } from 'react';

export const LIVE_REGION_ID = 'live';

/**
 * A page that changes a setting the header shows (four-eyes) dispatches this on window:
 * `window.dispatchEvent(new Event(SETTINGS_CHANGED))`, and the header reads it again.
 */
export const SETTINGS_CHANGED = 'sanad:settings-changed';

/**
 * Says `text` in the live region. The region is emptied first and filled on the next frame,
 * so the same text said twice (two searches with the same count) is announced twice.
 */
export function announce(text: string): void {
  const region = document.getElementById(LIVE_REGION_ID);
  if (!region) return;
  region.textContent = '';
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

/** Calls `onEscape` when Escape is pressed anywhere while `active` (a form or menu is open). */
export function useEscape(onEscape: () => void, active = true): void {
  const latest = useRef(onEscape);
  useEffect(() => {
    latest.current = onEscape;
  });
  useEffect(() => {
    if (!active) return;
    const on = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        latest.current();
      }
    };
    document.addEventListener('keydown', on);
    return () => document.removeEventListener('keydown', on);
  }, [active]);
}

import { api } from '../../api.js';

/** The ids the queue page shows, in its order (the queue page writes them). */
export const QUEUE_KEY = 'sanad.queue';

function storedQueue(): string[] | undefined {
  try {
    const raw = sessionStorage.getItem(QUEUE_KEY);
    if (raw === null) return undefined;
    const ids = JSON.parse(raw) as unknown;
    return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? ids : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The alerts around `id` in the order the analyst last saw the queue; without it (a link
 * opened directly, or an alert the queue did not show), the queue's default order: GET /alerts.
 */
export async function queueOrder(id: string): Promise<string[]> {
  const stored = storedQueue();
  if (stored && stored.includes(id)) return stored;
  const { alerts } = await api<{ alerts: { id: string }[] }>('GET', '/alerts?limit=500');
  return alerts.map((a) => a.id);
}

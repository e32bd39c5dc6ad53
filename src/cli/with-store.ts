import { defaultHome, Store } from '../store/store.js';

/** Opens the store ($SANAD_HOME, or DATABASE_URL), runs `fn`, and closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(defaultHome());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

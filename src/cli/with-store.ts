import { checkSecrets } from '../sharing/check-secrets.js';
import { defaultHome, Store } from '../store/store.js';

/**
 * Opens the store ($SANAD_HOME, or DATABASE_URL), checks the secret key against it (sealing
 * plain secrets when one is configured), runs `fn`, and closes it.
 */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(defaultHome());
  try {
    await checkSecrets(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import { ErrorText } from './ErrorText.js';

/**
 * The key is checked against the API before it is kept. A refused key is said beside the key
 * field (and read with it); any other failure (server down, rate limit) says what it was.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('GET', '/me', undefined, key.trim());
      onSignedIn(key.trim());
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('signInFailed')
          : errorText(failure, t),
      );
    }
  };
  return (
    <form className="card narrow" onSubmit={submit}>
      <h1>{t('signIn')}</h1>
      <label htmlFor="api-key">{t('apiKey')}</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'api-key-help api-key-error' : 'api-key-help'}
      />
      <p id="api-key-help" className="help">
        {t('apiKeyHelp')}
      </p>
      <ErrorText id="api-key-error">{error}</ErrorText>
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}

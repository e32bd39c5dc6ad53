import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorText } from './ErrorText.js';

/** The key is checked against the API before it is kept. */
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
    } catch {
      setError(t('signInFailed'));
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
        aria-describedby="api-key-help"
      />
      <p id="api-key-help" className="help">
        {t('apiKeyHelp')}
      </p>
      <ErrorText>{error}</ErrorText>
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}

/** Settings: four-eyes approval (GET/PUT /settings), a switch that says what it means. */
import { useState } from 'react';
import { api, type Answer } from '../../api.js';
import { useI18n } from '../../i18n.js';
import { SETTINGS_CHANGED } from '../../live.js';
import { ErrorText } from '../ErrorText.js';
import { useLoad } from '../useLoad.js';
import { AdminOnly, errorText, NODE_PARTNER, StatusLine, useMe } from './admin-kit.js';
import './admin.css';

type Settings = Answer<'GET /settings'>;

export function SettingsPage() {
  const i18n = useI18n();
  const { t, fill } = i18n;
  const me = useMe();
  const settings = useLoad(() => api<Settings>('GET', '/settings'), []);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  if (me.data && me.data.role !== 'admin') return <AdminOnly />;
  const on = settings.data?.fourEyes;

  const toggle = async () => {
    if (on === undefined) return;
    setSaving(true);
    setError(null);
    try {
      const next = await api<Settings>('PUT', '/settings', { fourEyes: !on });
      setStatus(t(next.fourEyes ? 'fourEyesNowOn' : 'fourEyesNowOff'));
      settings.reload();
      // The header's four-eyes indicator reads the setting again.
      window.dispatchEvent(new Event(SETTINGS_CHANGED));
    } catch (err) {
      setError(errorText(err, i18n));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settingsTitle')}</h1>
      <ErrorText>{settings.error}</ErrorText>
      <h2 id="four-eyes-title">{t('fourEyesTitle')}</h2>
      <p id="four-eyes-explain">{t('fourEyesExplain')}</p>
      {me.data && (
        <p className="help">
          {me.data.partner === NODE_PARTNER
            ? t('fourEyesWhoNode')
            : fill('fourEyesWho', { partner: me.data.partner })}
        </p>
      )}
      <div className="switch-row" aria-busy={settings.loading || saving}>
        <button
          type="button"
          role="switch"
          className={`switch ${on ? 'on' : 'off'}`}
          aria-checked={on ?? false}
          aria-describedby="four-eyes-explain"
          disabled={on === undefined || saving}
          onClick={() => void toggle()}
          data-four-eyes={on === undefined ? 'loading' : on ? 'on' : 'off'}
        >
          <span className="knob" aria-hidden="true" />
          {t('fourEyesSwitch')}
        </button>
        {on !== undefined && (
          <p className={`state-line ${on ? 'on' : 'off'}`}>
            <strong>{t(on ? 'fourEyesIsOn' : 'fourEyesIsOff')}</strong>
          </p>
        )}
      </div>
      <ErrorText>{error}</ErrorText>
      <StatusLine text={status} />
    </section>
  );
}

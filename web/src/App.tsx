import { useEffect, useMemo, useState } from 'react';
import { storedKey, storeKey } from './api.js';
import { I18nContext, makeI18n, type Key, type Lang } from './i18n.js';
import { AlertsPage } from './pages/Alerts.js';
import { AlertPage } from './pages/AlertPage.js';
import { AuditPage } from './pages/Audit.js';
import { BatchPage } from './pages/Batch.js';
import { CaseFilePage } from './pages/CaseFile.js';
import { ListsPage } from './pages/Lists.js';
import { RecordsPage } from './pages/Records.js';
import { EntityPage } from './pages/Entity.js';
import { ScreenPage } from './pages/Screen.js';
import { SignIn } from './pages/SignIn.js';

const NAV: [string, Key][] = [
  ['screen', 'navScreen'],
  ['batch', 'navBatch'],
  ['alerts', 'navAlerts'],
  ['lists', 'navLists'],
  ['records', 'navRecords'],
  ['audit', 'navAudit'],
];

/** Hash routes: #/screen, #/batch, #/entity/<id>, #/alerts, #/alerts/<id>, #/lists, #/records, #/audit. */
function useRoute(): string[] {
  const read = () =>
    (window.location.hash.replace(/^#\/?/, '') || 'screen').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function App() {
  const [lang, setLang] = useState<Lang>(() =>
    localStorage.getItem('sanad.lang') === 'ar' ? 'ar' : 'en',
  );
  const [key, setKey] = useState(storedKey);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang]);
  const route = useRoute();
  const { t } = i18n;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = t('appName');
    localStorage.setItem('sanad.lang', lang);
  }, [lang, t]);

  const signOut = () => {
    storeKey(null);
    setKey(null);
  };

  return (
    <I18nContext.Provider value={i18n}>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        <span className="tagline">{t('tagline')}</span>
        {key && (
          <nav aria-label={t('navMain')}>
            {NAV.map(([path, label]) => (
              <a
                key={path}
                href={`#/${path}`}
                aria-current={route[0] === path ? 'page' : undefined}
              >
                {t(label)}
              </a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setLang(lang === 'en' ? 'ar' : 'en')}>
          <span lang={lang === 'en' ? 'ar' : 'en'}>{t('language')}</span>
          <span className="sr-only"> ({t('languageLabel')})</span>
        </button>
        {key && (
          <button type="button" className="link" onClick={signOut}>
            {t('signOut')}
          </button>
        )}
      </header>
      <main>
        {!key ? (
          <SignIn
            onSignedIn={(k) => {
              storeKey(k);
              setKey(k);
            }}
          />
        ) : route[0] === 'entity' && route[1] ? (
          <EntityPage id={route[1]} />
        ) : route[0] === 'case' && (route[1] === 'alert' || route[1] === 'subject') && route[2] ? (
          <CaseFilePage key={route.join('/')} kind={route[1]} id={route[2]} />
        ) : route[0] === 'alerts' && route[1] ? (
          <AlertPage key={route[1]} id={route[1]} />
        ) : route[0] === 'alerts' ? (
          <AlertsPage />
        ) : route[0] === 'subjects' && route[1] ? (
          <AlertsPage key={route[1]} subject={route[1]} />
        ) : route[0] === 'batch' ? (
          <BatchPage />
        ) : route[0] === 'lists' ? (
          <ListsPage />
        ) : route[0] === 'records' ? (
          <RecordsPage />
        ) : route[0] === 'audit' ? (
          <AuditPage />
        ) : (
          <ScreenPage />
        )}
      </main>
    </I18nContext.Provider>
  );
}

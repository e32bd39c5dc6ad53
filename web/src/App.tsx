/**
 * The shell: sign-in, the header, the route table (routes.tsx) and what every page gets for
 * free: a skip link, focus moved to the new page's heading after navigation with the page named
 * in the live region, and the reader's language and number/date preferences.
 */
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, KEY_REFUSED, storedKey, storeKey } from './api.js';
import { Header, type Me } from './Header.js';
import { I18nContext, makeI18n, type Lang, type Prefs } from './i18n.js';
import { errorText } from './errors.js';
import { announce, LIVE_REGION_ID, SETTINGS_CHANGED } from './live.js';
import { NoSuchPage, NotYourRole } from './NoSuchPage.js';
import { SignIn } from './pages/SignIn.js';
import { storedPrefs, storePrefs } from './Prefs.js';
import { HOME, matchRoute, mayUse } from './routes.js';

function readHash(): string[] {
  return (window.location.hash.replace(/^#\/?/, '') || HOME).split('/').map(decodeURIComponent);
}

/** The hash route as segments, and whether it changed since the app started. */
function useRoute(): { segments: string[]; moved: boolean } {
  const [state, setState] = useState(() => ({ segments: readHash(), moved: false }));
  useEffect(() => {
    const on = () => setState({ segments: readHash(), moved: true });
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return state;
}

/**
 * After a navigation, focus goes to the new page's h1 once it is shown (pages load on demand
 * and some draw their heading with their data), and the live region names the page.
 */
function useFocusOnNavigation(
  main: React.RefObject<HTMLElement | null>,
  route: string,
  moved: boolean,
  lang: string,
  say: (title: string) => string,
) {
  // The route whose heading already took focus: a language change renames, it does not move.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    const root = main.current;
    if (!root) return;
    const land = (): boolean => {
      const h1 = [...root.querySelectorAll('h1')].find((h) => h.checkVisibility());
      if (!h1) return false;
      const title = h1.textContent?.trim() ?? '';
      document.title = `${title} · sanad`;
      if (moved && focused.current !== route) {
        focused.current = route;
        h1.tabIndex = -1;
        h1.focus();
        announce(say(title));
      }
      return true;
    };
    if (land()) return;
    const watch = new MutationObserver(() => {
      if (land()) watch.disconnect();
    });
    watch.observe(root, { childList: true, subtree: true });
    return () => watch.disconnect();
    // `say` is new on every render; `lang` stands for what it depends on.
  }, [route, moved, main, lang]);
}

export function App() {
  const [lang, setLang] = useState<Lang>(() =>
    localStorage.getItem('sanad.lang') === 'ar' ? 'ar' : 'en',
  );
  const [prefs, setPrefs] = useState<Prefs>(storedPrefs);
  const [key, setKey] = useState(storedKey);
  const [me, setMe] = useState<Me | null>(null);
  const [meFailure, setMeFailure] = useState<unknown>(null);
  const [fourEyes, setFourEyes] = useState<boolean | null>(null);
  const i18n = useMemo(() => makeI18n(lang, setLang, prefs), [lang, prefs]);
  const { segments, moved } = useRoute();
  const path = segments.join('/');
  const main = useRef<HTMLElement>(null);
  const { t, fill } = i18n;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    localStorage.setItem('sanad.lang', lang);
  }, [lang]);

  const signOut = useCallback(() => {
    storeKey(null);
    setKey(null);
    setMe(null);
    setFourEyes(null);
  }, []);

  useEffect(() => {
    if (!key) return;
    let live = true;
    // A refused key (here or on any page) signs out: api.ts says so on window.
    setMeFailure(null);
    api<Me>('GET', '/me').then(
      (m) => live && setMe(m),
      (e: unknown) => live && setMeFailure(e),
    );
    window.addEventListener(KEY_REFUSED, signOut);
    return () => {
      live = false;
      window.removeEventListener(KEY_REFUSED, signOut);
    };
  }, [key, signOut]);

  // The four-eyes indicator: read again on every page change and whenever a page says so.
  const role = me?.role;
  useEffect(() => {
    if (!role || role === 'client') return setFourEyes(null);
    let live = true;
    const load = () =>
      api<{ fourEyes: boolean }>('GET', '/settings').then(
        (s) => live && setFourEyes(s.fourEyes),
        () => live && setFourEyes(null),
      );
    void load();
    window.addEventListener(SETTINGS_CHANGED, load);
    return () => {
      live = false;
      window.removeEventListener(SETTINGS_CHANGED, load);
    };
  }, [role, path]);

  useFocusOnNavigation(main, path, moved, lang, (title) => fill('pageShown', { title }));

  const changePrefs = (p: Prefs) => {
    storePrefs(p);
    setPrefs(p);
  };

  const found = matchRoute(segments);
  const page = !key ? (
    <SignIn
      onSignedIn={(k) => {
        storeKey(k);
        setKey(k);
      }}
    />
  ) : !me && meFailure ? (
    <section className="card">
      <h1>{t('error')}</h1>
      <p role="alert">{errorText(meFailure, t)}</p>
    </section>
  ) : !me ? (
    <p aria-busy="true">{t('loadingPage')}</p>
  ) : !found ? (
    <NoSuchPage />
  ) : !mayUse(me.role, found.route) ? (
    <NotYourRole />
  ) : (
    found.route.render(found.params)
  );

  return (
    <I18nContext.Provider value={i18n}>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        {t('skipToMain')}
      </a>
      <Header
        signedIn={Boolean(key)}
        me={me}
        fourEyes={fourEyes}
        current={found?.route.path.split('/:')[0] ?? path}
        onPrefs={changePrefs}
        onSignOut={signOut}
      />
      <main id="main" ref={main} tabIndex={-1}>
        {/* Keyed by the route: a new page replaces the old at once, never shown under it. */}
        <Suspense key={path} fallback={<p aria-busy="true">{t('loadingPage')}</p>}>
          {page}
        </Suspense>
      </main>
      <div id={LIVE_REGION_ID} className="sr-only" role="status" aria-live="polite" />
    </I18nContext.Provider>
  );
}

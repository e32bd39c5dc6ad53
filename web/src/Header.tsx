/**
 * The header: who is signed in (GET /me) and with what role, the four-eyes setting (GET
 * /settings, for the roles that may read it), the navigation limited to the pages that role
 * may use, the language and the number/date preferences. Below the tablet breakpoint the
 * navigation and the controls fold into a menu button (aria-expanded; Escape closes it and
 * gives focus back to the button).
 */
import { useEffect, useRef, useState } from 'react';
import type { Answer } from './api.js';
import { useI18n, type Key, type Prefs } from './i18n.js';
import { useEscape } from './live.js';
import { PrefsControl } from './Prefs.js';
import { mayUse, ROUTES } from './routes.js';

export type Me = Answer<'GET /me'>;

export function Header(props: {
  signedIn: boolean;
  me: Me | null;
  fourEyes: boolean | null;
  current: string;
  onPrefs: (prefs: Prefs) => void;
  onSignOut: () => void;
}) {
  const { t, tx, fill, lang, setLang } = useI18n();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const { me } = props;

  // A page chosen from the menu closes it.
  useEffect(() => setOpen(false), [props.current]);
  useEscape(() => {
    setOpen(false);
    toggle.current?.focus();
  }, open);
  const openMenu = () => {
    setOpen(!open);
    if (!open)
      requestAnimationFrame(() => menu.current?.querySelector<HTMLElement>('a, button')?.focus());
  };

  const nav = me ? ROUTES.filter((r) => r.nav && mayUse(me.role, r)) : [];
  return (
    <header className="top">
      <span className="brand">{t('appName')}</span>
      <span className="tagline">{t('tagline')}</span>
      {me && (
        <p className="who" data-role={me.role}>
          <span className="sr-only">{fill('signedInAs', { name: me.person ?? me.name })}</span>
          <bdi aria-hidden="true">{me.person ?? me.name}</bdi>{' '}
          <span className="role">
            <span className="sr-only">{t('signedInRole')}: </span>
            {tx('role', me.role)}
          </span>
          {props.fourEyes !== null && (
            <span
              className={`badge four-eyes ${props.fourEyes ? 'on' : 'off'}`}
              data-four-eyes={props.fourEyes ? 'on' : 'off'}
              title={t(props.fourEyes ? 'fourEyesOnHelp' : 'fourEyesOffHelp')}
            >
              {t(props.fourEyes ? 'fourEyesOn' : 'fourEyesOff')}
            </span>
          )}
        </p>
      )}
      {props.signedIn && (
        <button
          ref={toggle}
          type="button"
          className="menu-toggle"
          aria-expanded={open}
          aria-controls="top-menu"
          onClick={openMenu}
        >
          <span aria-hidden="true" className="burger" />
          {t('menu')}
        </button>
      )}
      <div
        id="top-menu"
        ref={menu}
        className={`menu${props.signedIn ? ' collapsible' : ''}${open ? ' open' : ''}`}
      >
        {nav.length > 0 && (
          <nav aria-label={t('navMain')}>
            {nav.map((r) => (
              <a
                key={r.path}
                href={`#/${r.path}`}
                aria-current={
                  props.current === r.path || props.current.startsWith(`${r.path}/`)
                    ? 'page'
                    : undefined
                }
              >
                {t(r.nav as Key)}
              </a>
            ))}
          </nav>
        )}
        <PrefsControl onChange={props.onPrefs} />
        <button type="button" className="link" onClick={() => setLang(lang === 'en' ? 'ar' : 'en')}>
          <span lang={lang === 'en' ? 'ar' : 'en'}>{t('language')}</span>
          <span className="sr-only"> ({t('languageLabel')})</span>
        </button>
        {props.signedIn && (
          <button type="button" className="link" onClick={props.onSignOut}>
            {t('signOut')}
          </button>
        )}
      </div>
    </header>
  );
}

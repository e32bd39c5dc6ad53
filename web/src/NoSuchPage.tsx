import { useI18n } from './i18n.js';

/** A hash that names no page (or a page not built into this version). */
export function NoSuchPage() {
  const { t } = useI18n();
  return (
    <section className="card" data-no-such-page>
      <h1>{t('notFoundPage')}</h1>
      <p>
        <a href="#/screen">{t('navScreen')}</a>
      </p>
    </section>
  );
}

/** A page the signed-in role may not use. */
export function NotYourRole() {
  const { t } = useI18n();
  return (
    <section className="card">
      <h1>{t('err_forbidden')}</h1>
      <p>
        <a href="#/screen">{t('navScreen')}</a>
      </p>
    </section>
  );
}

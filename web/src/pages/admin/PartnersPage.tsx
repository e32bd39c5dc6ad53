/** Partners: the organisations on this node (GET /partners), and adding one (POST /partners). */
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Answer } from '../../api.js';
import { useI18n, type Key } from '../../i18n.js';
import { ErrorText } from '../ErrorText.js';
import { TextField } from '../TextField.js';
import { useLoad } from '../useLoad.js';
import { AdminOnly, errorText, NODE_PARTNER, StatusLine, TableWrap, useMe } from './admin-kit.js';
import './admin.css';

type Partner = Answer<'GET /partners'>['partners'][number];

/** The kinds POST /partners accepts (store/partners.ts PARTNER_KINDS). */
const KINDS = ['bank', 'ministry', 'fiu', 'mto', 'ngo', 'node', 'organisation'] as const;
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function PartnersPage() {
  const i18n = useI18n();
  const { t, tx, date, count, fill } = i18n;
  const me = useMe();
  const partners = useLoad(() => api<{ partners: Partner[] }>('GET', '/partners'), []);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('bank');
  const [idError, setIdError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const idInput = useRef<HTMLInputElement>(null);

  if (me.data && me.data.role !== 'admin') return <AdminOnly />;
  const canAdd = me.data?.partner === NODE_PARTNER;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!PARTNER_ID.test(id)) {
      setIdError(true);
      idInput.current?.focus();
      return;
    }
    setIdError(false);
    setBusy(true);
    try {
      const p = await api<Partner>('POST', '/partners', { id, name: name.trim(), kind });
      setStatus(fill('partnerAdded', { name: p.name }));
      setId('');
      setName('');
      partners.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && /partner id/.test(err.message)) {
        setIdError(true);
        idInput.current?.focus();
      } else setError(errorText(err, i18n));
    } finally {
      setBusy(false);
    }
  };

  const list = partners.data?.partners.filter((p) => p.id !== NODE_PARTNER) ?? [];
  return (
    <>
      <section className="card" aria-labelledby="partners-title">
        <h1 id="partners-title">{t('partnersTitle')}</h1>
        <p className="help">{t('partnersIntro')}</p>
        <ErrorText>{partners.error}</ErrorText>
        {partners.data && <p>{count(list.length, 'partnersCount')}</p>}
        <TableWrap label={t('partnersTitle')}>
          <table className="admin-table" aria-busy={partners.loading} data-testid="partners">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('partnerId')}</th>
                <th scope="col">{t('partnerKind')}</th>
                <th scope="col">{t('partnerCreated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} data-partner={p.id}>
                  <td data-label={t('name')}>
                    <bdi>{p.name}</bdi>
                  </td>
                  <td data-label={t('partnerId')}>
                    <bdi dir="ltr">{p.id}</bdi>
                  </td>
                  <td data-label={t('partnerKind')}>{tx('pk', p.kind)}</td>
                  <td data-label={t('partnerCreated')}>{date(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {partners.data && list.length === 0 && <p>{t('noPartners')}</p>}
      </section>
      {me.data && (
        <form className="card" onSubmit={add} aria-labelledby="partner-add">
          <h2 id="partner-add">{t('partnerAdd')}</h2>
          {!canAdd ? (
            <p>{t('admNodeOnly')}</p>
          ) : (
            <>
              <div className="grid admin-grid">
                <div>
                  <label htmlFor="p-id">{t('partnerId')}</label>
                  <input
                    id="p-id"
                    ref={idInput}
                    dir="ltr"
                    required
                    value={id}
                    aria-invalid={idError}
                    aria-describedby={idError ? 'p-id-error p-id-help' : 'p-id-help'}
                    onChange={(e) => {
                      setId(e.target.value);
                      setIdError(false);
                    }}
                  />
                  <span id="p-id-help" className="help">
                    {t('partnerIdHelp')}
                  </span>
                  {idError && (
                    <p id="p-id-error" className="error">
                      {t('partnerIdRule')}
                    </p>
                  )}
                </div>
                <TextField id="p-name" label={t('name')} required value={name} onChange={setName} />
                <div>
                  <label htmlFor="p-kind">{t('partnerKind')}</label>
                  <select
                    id="p-kind"
                    value={kind}
                    onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}
                  >
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`pk_${k}` as Key)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <button type="submit" disabled={busy}>
                {t('partnerAdd')}
              </button>
              <ErrorText>{error}</ErrorText>
            </>
          )}
          <StatusLine text={status} />
        </form>
      )}
    </>
  );
}

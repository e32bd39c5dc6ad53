import type { ReactNode } from 'react';
import { useI18n, type Key } from '../../i18n.js';
import type { Agreement, Evidence } from './types.js';

const MARK: Record<Agreement, string> = { agree: '✓', disagree: '✗', partial: '≈', unknown: '?' };
const AGREEMENT_KEY: Record<Agreement, Key> = {
  agree: 'alAgree',
  disagree: 'alDisagree',
  partial: 'alPartial',
  unknown: 'alUnknown',
};

/** A listed or customer date as precise as it is written: a year stays a year. */
function useDateText() {
  const { date, num } = useI18n();
  return (value: string) =>
    /^\d{4}-\d\d-\d\d$/.test(value)
      ? date(value)
      : /^\d{4}$/.test(value)
        ? num(Number(value), { useGrouping: false })
        : value;
}

function Values({ values, empty }: { values: ReactNode[]; empty: string }) {
  if (values.length === 0) return <span className="al-empty">{empty}</span>;
  return (
    <ul className="al-values">
      {values.map((v, i) => (
        <li key={i}>{v}</li>
      ))}
    </ul>
  );
}

interface Row {
  field: string;
  subject: ReactNode[] | null;
  entity: ReactNode[];
  agreement: Agreement | null;
}

/**
 * The customer and the listed entity in two aligned columns, one row per field, with whether
 * they agree marked by a sign and a word as well as a colour. On a phone each row stacks.
 */
export function EvidenceTable({ ev }: { ev: Evidence }) {
  const { t, tx, date } = useI18n();
  const dateText = useDateText();
  const e = ev.entity;
  const held = new Set(ev.subject.stored);
  const bdi = (v: string) => <bdi>{v}</bdi>;
  const server = new Map(ev.rows.map((r) => [r.field, r]));
  const latin = e.names.filter((n) => n.script === 'latin' || n.script === 'other');
  const original = e.names.filter((n) => n.script !== 'latin' && n.script !== 'other');
  const namesCell = (
    <div className="al-names">
      <ul className="al-values" aria-label={t('alLatin')}>
        {latin.map((n) => (
          <li key={n.value} data-kind={n.kind}>
            <bdi className="name">{n.value}</bdi>
          </li>
        ))}
      </ul>
      {original.length > 0 && (
        <ul className="al-values al-original" aria-label={t('alOriginalScript')}>
          {original.map((n) => (
            <li key={n.value} data-kind={n.kind}>
              <bdi className="name" lang={n.script === 'arabic' ? 'ar' : undefined}>
                {n.value}
              </bdi>{' '}
              <span className="help">({t('alOriginalScript')})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  const fromServer = (field: string, fmt: (v: string) => ReactNode = bdi): Row => {
    const r = server.get(field);
    return {
      field,
      subject: held.has(field) ? (r?.subject ?? []).map(fmt) : null,
      entity: (r?.entity ?? []).map(fmt),
      agreement: r?.agreement ?? 'unknown',
    };
  };
  const v = e.list.version;
  const rows: Row[] = [
    { ...fromServer('name'), entity: [namesCell] },
    fromServer('schema', (s) => tx('sch', s)),
    fromServer('birthDate', dateText),
    fromServer('birthPlace'),
    fromServer('nationality', (s) => <bdi>{s.toUpperCase()}</bdi>),
    fromServer('identifiers'),
    fromServer('address'),
    { field: 'deathDate', subject: null, entity: e.deathDates.map(dateText), agreement: null },
    { field: 'position', subject: null, entity: e.positions.map(bdi), agreement: null },
    {
      field: 'programme',
      subject: null,
      entity: e.programme ? [bdi(e.programme)] : [],
      agreement: null,
    },
    {
      field: 'listedOn',
      subject: null,
      entity: e.listedOn ? [dateText(e.listedOn)] : [],
      agreement: null,
    },
    { field: 'notes', subject: null, entity: e.notes.map(bdi), agreement: null },
    {
      field: 'list',
      subject: null,
      entity: [
        <>
          {v ? (
            <span data-list-version={v.number}>
              <bdi>{e.list.id}</bdi> · {t('version')} {v.number} (<bdi>{v.label}</bdi>) ·{' '}
              {date(v.loadedAt, true)}
              <br />
              <span className="help al-sha">
                {t('alSha')} <bdi>{v.sha256}</bdi>
              </span>
            </span>
          ) : (
            <bdi>{e.list.id}</bdi>
          )}{' '}
          · <bdi>{e.ref}</bdi>
          <br />
          <span className="help" data-version-source={e.list.source}>
            {t(
              e.list.source === 'raised'
                ? 'alVersionRaised'
                : e.list.source === 'current'
                  ? 'alVersionCurrent'
                  : 'alVersionPartner',
            )}
          </span>
        </>,
      ],
      agreement: null,
    },
  ];
  const visible = rows.filter(
    (r) => r.entity.length > 0 || (r.subject !== null && r.subject.length > 0),
  );
  return (
    <table className="al-evidence">
      <caption className="sr-only">{t('alSideBySide')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('alField')}</th>
          <th scope="col">{t('alCustomer')}</th>
          <th scope="col">{t('alListed')}</th>
          <th scope="col">{t('alAgreement')}</th>
        </tr>
      </thead>
      <tbody>
        {visible.map((r) => (
          <tr key={r.field} data-field={r.field} data-agreement={r.agreement ?? undefined}>
            <th scope="row">{tx('alField', r.field)}</th>
            <td data-label={t('alCustomer')}>
              {r.subject === null ? (
                <span className="al-empty">{t('alNotHeld')}</span>
              ) : (
                <Values values={r.subject} empty={t('alNotGiven')} />
              )}
            </td>
            <td data-label={t('alListed')}>
              <Values values={r.entity} empty={t('alNotGiven')} />
            </td>
            <td data-label={t('alAgreement')}>
              {r.agreement && (
                <span className={`al-mark al-${r.agreement}`}>
                  <span aria-hidden="true">{MARK[r.agreement]}</span>{' '}
                  {t(AGREEMENT_KEY[r.agreement])}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

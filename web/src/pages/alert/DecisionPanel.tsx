import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useI18n, type Key } from '../../i18n.js';
import { ErrorText } from '../ErrorText.js';
import { identityOf, type Evidence } from './types.js';
import { errorField, errorText } from '../../errors.js';

const ACTIONS = ['confirm', 'dismiss', 'escalate'] as const;

/**
 * The decision: none preselected, a reason required. While a decision waits (four-eyes) the
 * form is locked and reads "awaiting approval"; a second analyst approves or rejects it, never
 * the one who made it. Who decided and approved is shown by name, with the time.
 */
export function DecisionPanel({
  ev,
  me,
  onChanged,
}: {
  ev: Evidence;
  me: string | null;
  onChanged: (announcement: string) => void;
}) {
  const { t, tx, fill, date } = useI18n();
  const [action, setAction] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ action?: string; reason?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  /** A refusal in the reader's language, beside the field it concerns when the server named one. */
  const errorsOf = (err: unknown): { action?: string; reason?: string; form?: string } => {
    const field = errorField(err);
    const text = errorText(err, t);
    return field === 'reason' || field === 'action' ? { [field]: text } : { form: text };
  };
  const lockedRef = useRef<HTMLParagraphElement>(null);
  const id = ev.alert.id;
  const pending = ev.decisions.find((d) => d.status === 'pending');
  const closed = ev.alert.state === 'confirmed' || ev.alert.state === 'dismissed';
  const locked = closed || pending !== undefined;
  const mine = pending !== undefined && me !== null && identityOf(pending.decidedBy) === me;
  const act = (a: string) => tx('alAct', a);

  // After a decision made here, focus goes to the outcome once the page shows it: when the
  // decisions differ from those seen when it was sent.
  const outcomeKey = `${ev.alert.state}:${pending?.id ?? ''}:${ev.decisions.length}`;
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  useEffect(() => {
    if (focusAfter === null || focusAfter === outcomeKey) return;
    (lockedRef.current ?? document.getElementById('al-decision'))?.focus();
    setFocusAfter(null);
  }, [focusAfter, outcomeKey]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!action) errs.action = t('alPickDecision');
    if (reason.trim() === '') errs.reason = t('reasonRequired');
    setErrors(errs);
    if (errs.action || errs.reason) {
      document.getElementById(errs.action ? 'al-act-confirm' : 'al-reason')?.focus();
      return;
    }
    setBusy(true);
    try {
      const out = await api<{ status: string }>('POST', `/alerts/${id}/decision`, {
        action,
        reason,
      });
      setReason('');
      setAction(null);
      onChanged(
        fill(out.status === 'pending' ? 'alOutcomePending' : 'alOutcomeEffective', {
          action: act(action!),
        }),
      );
      setFocusAfter(outcomeKey);
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const review = async (decision: string, verdict: 'approve' | 'reject') => {
    setBusy(true);
    try {
      await api('POST', `/alerts/${id}/decisions/${decision}/${verdict}`);
      onChanged(t(verdict === 'approve' ? 'alOutcomeApproved' : 'alOutcomeRejected'));
      setFocusAfter(outcomeKey);
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const who = (a: Evidence['decisions'][number]['decidedBy']) => a.name;
  return (
    <section className="card" aria-labelledby="al-decision">
      <h2 id="al-decision" tabIndex={-1}>
        {t('alDecision')}
      </h2>
      {ev.decisions.length === 0 ? (
        <p>{t('alNoDecisions')}</p>
      ) : (
        <ol className="al-history">
          {ev.decisions.map((d) => (
            <li key={d.id} data-decision={d.id} data-status={d.status}>
              <strong>
                {fill('alDecided', {
                  action: act(d.action),
                  who: who(d.decidedBy),
                  when: date(d.decidedAt, true),
                })}
              </strong>{' '}
              <span className={`badge al-status-${d.status}`}>{tx('alStatus', d.status)}</span>
              {d.approvedBy && d.approvedAt && (
                <>
                  {' '}
                  —{' '}
                  {fill(d.status === 'rejected' ? 'alRejectedBy' : 'alApprovedBy', {
                    who: who(d.approvedBy),
                    when: date(d.approvedAt, true),
                  })}
                </>
              )}
              <br />
              {t('alReason')}: <bdi className="al-reason-text">{d.reason}</bdi>
            </li>
          ))}
        </ol>
      )}
      {pending &&
        (mine ? (
          <p className="help" data-own-pending>
            {t('alOwnPending')}
          </p>
        ) : (
          <div className="al-review" role="group" aria-label={t('alReviewPrompt')}>
            <p>{t('alReviewPrompt')}</p>
            <button
              type="button"
              disabled={busy}
              onClick={() => void review(pending.id, 'approve')}
            >
              {t('approve')}
            </button>{' '}
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void review(pending.id, 'reject')}
            >
              {t('reject')}
            </button>
          </div>
        ))}
      <form onSubmit={(e) => void submit(e)} noValidate data-locked={locked ? 'true' : 'false'}>
        {locked && (
          <p ref={lockedRef} tabIndex={-1} className="al-locked" data-outcome>
            {pending
              ? t('alLockedPending')
              : fill('alLocked', { outcome: tx('alSt', ev.alert.state) })}
          </p>
        )}
        <fieldset disabled={locked || busy}>
          <legend>{t('alDecisionLegend')}</legend>
          <div
            role="radiogroup"
            aria-labelledby="al-act-label"
            aria-invalid={errors.action ? true : undefined}
            aria-describedby={errors.action ? 'al-act-error' : undefined}
          >
            <span id="al-act-label" className="sr-only">
              {t('alDecision')}
            </span>
            {ACTIONS.map((a) => (
              <label key={a} className="al-choice" htmlFor={`al-act-${a}`}>
                <input
                  type="radio"
                  id={`al-act-${a}`}
                  name="al-action"
                  value={a}
                  checked={action === a}
                  onChange={() => setAction(a)}
                />
                <span>
                  <strong>{act(a)}</strong>{' '}
                  <span className="help">— {t(`alActHelp_${a}` as Key)}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.action && (
            <p id="al-act-error" className="error">
              {errors.action}
            </p>
          )}
          <label htmlFor="al-reason">{t('alReason')}</label>
          <textarea
            id="al-reason"
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? 'al-reason-help al-reason-error' : 'al-reason-help'}
          />
          <p id="al-reason-help" className="help">
            {t('alReasonHelp')}
          </p>
          {errors.reason && (
            <p id="al-reason-error" className="error">
              {errors.reason}
            </p>
          )}
          <button type="submit">{t('alRecord')}</button>
        </fieldset>
        <ErrorText>{errors.form}</ErrorText>
      </form>
    </section>
  );
}

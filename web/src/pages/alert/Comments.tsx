import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api.js';
import { useI18n } from '../../i18n.js';
import { ErrorText } from '../ErrorText.js';
import type { Evidence } from './types.js';
import { errorText } from '../../errors.js';

const MENTION = /(@[\p{L}\p{N}_.-]+)/u;

/** A comment's text with each @mention highlighted. */
function withMentions(text: string): ReactNode[] {
  return text.split(MENTION).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="al-mention">
        <bdi>{part}</bdi>
      </mark>
    ) : (
      part
    ),
  );
}

/** The alert's comments as a thread, oldest first, and a form to add one. */
export function Comments({ ev, onPosted }: { ev: Evidence; onPosted: (text: string) => void }) {
  const { t, fill, date } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const post = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setError(t('alCommentEmpty'));
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/alerts/${ev.alert.id}/comments`, { text });
      setText('');
      setError(null);
      onPosted(t('alCommentPosted'));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="al-comments">
      <h2 id="al-comments">{t('alComments')}</h2>
      {ev.comments.length === 0 ? (
        <p>{t('alNoComments')}</p>
      ) : (
        <ol className="al-thread">
          {ev.comments.map((c) => (
            <li key={c.id} data-comment={c.id}>
              <p className="al-byline">
                {fill('alWrote', { who: c.author.name, when: date(c.at, true) })}
              </p>
              <p className="al-comment-text" dir="auto">
                {withMentions(c.text)}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={(e) => void post(e)} noValidate>
        <label htmlFor="al-comment">{t('alAddComment')}</label>
        <textarea
          id="al-comment"
          dir="auto"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="al-comment-help"
          aria-invalid={error ? true : undefined}
        />
        <p id="al-comment-help" className="help">
          {t('alCommentHelp')}
        </p>
        <ErrorText>{error}</ErrorText>
        <button type="submit" disabled={busy}>
          {t('alPost')}
        </button>
      </form>
    </section>
  );
}

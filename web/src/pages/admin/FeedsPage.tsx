/**
 * Feeds this node pulls from other sanad nodes: their health (the last good pull, the last
 * error in words), adding one, pulling one now, and removing one after a confirmation.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Answer } from '../../api.js';
import { useI18n, type Key } from '../../i18n.js';
import { ErrorText } from '../ErrorText.js';
import { TextField } from '../TextField.js';
import { useLoad } from '../useLoad.js';
import { AdminOnly, errorText, NODE_PARTNER, StatusLine, useMe } from './admin-kit.js';
import { feedErrorKind } from './feed-error.js';
import './admin.css';

type Feed = Answer<'GET /feeds'>['feeds'][number];
type PullReport = Answer<'POST /feeds/{id}/pull'>;
type Removal = Answer<'DELETE /feeds/{id}'>;

/** The server's error text in the reader's words when it is of a known kind. */
export function useFeedError(): (text: string) => string {
  const { t } = useI18n();
  return (text) => {
    const kind = feedErrorKind(text);
    return kind ? t(`fe_${kind}` as Key) : text;
  };
}

export function FeedsPage() {
  const i18n = useI18n();
  const { t, fill } = i18n;
  const me = useMe();
  const nodeAdmin = me.data?.role === 'admin' && me.data.partner === NODE_PARTNER;
  const feeds = useLoad(
    () =>
      nodeAdmin
        ? api<{ feeds: Feed[] }>('GET', '/feeds')
        : Promise.resolve({ feeds: [] as Feed[] }),
    [nodeAdmin],
  );
  const [status, setStatus] = useState('');

  if (me.data && me.data.role !== 'admin') return <AdminOnly />;
  if (me.data && !nodeAdmin)
    return (
      <section className="card" aria-labelledby="feeds-title">
        <h1 id="feeds-title">{t('feeds')}</h1>
        <p>{t('admNodeOnly')}</p>
      </section>
    );
  const list = feeds.data?.feeds ?? [];
  return (
    <>
      <section className="card" aria-labelledby="feeds-title">
        <h1 id="feeds-title" tabIndex={-1}>
          {t('feeds')}
        </h1>
        <p className="help">{t('feedsIntro')}</p>
        <ErrorText>{feeds.error}</ErrorText>
        <StatusLine text={status} />
        <ul className="feed-list" aria-busy={feeds.loading || !me.data} data-testid="feeds">
          {list.map((f) => (
            <FeedItem
              key={f.id}
              feed={f}
              onDone={(text) => {
                setStatus(text);
                feeds.reload();
              }}
            />
          ))}
        </ul>
        {feeds.data && me.data && list.length === 0 && <p>{t('noFeeds')}</p>}
      </section>
      <AddFeed
        onAdded={(f) => {
          setStatus(fill('feedAdded', { name: f.id }));
          feeds.reload();
        }}
      />
    </>
  );
}

function FeedItem({ feed: f, onDone }: { feed: Feed; onDone: (status: string) => void }) {
  const i18n = useI18n();
  const { t, date, num, fill } = i18n;
  const words = useFeedError();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const health = f.lastError ? 'failing' : f.lastOkAt ? 'ok' : 'new';

  // Focus goes into the confirmation when it opens, and back to "Remove" when it closes.
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (wasConfirming.current) removeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const pull = async () => {
    setBusy(true);
    setError(null);
    onDone(fill('feedPulling', { name: f.id }));
    try {
      const r = await api<PullReport>('POST', `/feeds/${encodeURIComponent(f.id)}/pull`);
      const problem = r.error ?? (r.refused ? `refused: ${r.refused}` : undefined);
      onDone(
        problem
          ? fill('feedPullFailed', { name: f.id, error: words(problem) })
          : fill('feedPulled', {
              name: f.id,
              batches: r.batches,
              created: r.created,
              amended: r.amended,
              restored: r.restored,
              withdrawn: r.withdrawn,
            }),
      );
    } catch (err) {
      setError(errorText(err, i18n));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<Removal>('DELETE', `/feeds/${encodeURIComponent(f.id)}`);
      onDone(fill('feedRemoved', { name: f.id, records: r.records }));
      // The item goes: focus moves to the list's heading, not to the top of the page.
      document.getElementById('feeds-title')?.focus();
    } catch (err) {
      setError(errorText(err, i18n));
      setBusy(false);
    }
  };

  const cancel = () => setConfirming(false);

  return (
    <li className="card-row" data-feed={f.id} data-health={health}>
      <h2 className="row-title">
        <bdi dir="ltr">{f.id}</bdi>{' '}
        <span className={`badge health-${health}`}>{t(`fh_${health}` as Key)}</span>
      </h2>
      <dl className="facts">
        <dt>{t('feedUrl')}</dt>
        <dd>
          <bdi dir="ltr" className="code">
            {f.url}
          </bdi>
        </dd>
        <dt>{t('lastOk')}</dt>
        <dd>{f.lastOkAt ? date(f.lastOkAt, true) : t('admNever')}</dd>
        <dt>{t('feedLastAttempt')}</dt>
        <dd>{f.lastPullAt ? date(f.lastPullAt, true) : t('admNever')}</dd>
        <dt>{t('batches')}</dt>
        <dd>{num(f.batches)}</dd>
        <dt>{t('refusedBatches')}</dt>
        <dd>{num(f.refused)}</dd>
        {f.lastError && (
          <>
            <dt>{t('lastError')}</dt>
            <dd className="error" data-last-error>
              {words(f.lastError)}
            </dd>
          </>
        )}
      </dl>
      {!confirming ? (
        <div className="row-actions">
          <button type="button" onClick={() => void pull()} disabled={busy}>
            {t('feedPull')}
            <span className="sr-only">
              {' '}
              <bdi>{f.id}</bdi>
            </span>
          </button>
          <button
            type="button"
            className="secondary"
            ref={removeButton}
            onClick={() => setConfirming(true)}
            disabled={busy}
          >
            {t('feedRemove')}
            <span className="sr-only">
              {' '}
              <bdi>{f.id}</bdi>
            </span>
          </button>
        </div>
      ) : (
        <div
          className="confirm"
          role="group"
          aria-labelledby={`confirm-${f.id}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel();
          }}
        >
          <p id={`confirm-${f.id}`}>{fill('feedRemoveConfirm', { name: f.id })}</p>
          <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
            {t('feedRemoveYes')}
          </button>
          <button type="button" className="secondary" ref={cancelButton} onClick={cancel}>
            {t('admCancel')}
          </button>
        </div>
      )}
      <ErrorText>{error}</ErrorText>
    </li>
  );
}

function AddFeed({ onAdded }: { onAdded: (f: Feed) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [id, setId] = useState('');
  const [url, setUrl] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const f = await api<Feed>('POST', '/feeds', {
        id: id.trim(),
        url: url.trim(),
        publicKey: publicKey.trim(),
        apiKey: apiKey.trim(),
      });
      setId('');
      setUrl('');
      setPublicKey('');
      setApiKey('');
      onAdded(f);
    } catch (err) {
      setError(errorText(err, i18n));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={add} aria-labelledby="feed-add">
      <h2 id="feed-add">{t('feedAdd')}</h2>
      <div className="grid admin-grid two">
        <TextField
          id="f-id"
          label={t('feedName')}
          dir="ltr"
          required
          value={id}
          onChange={setId}
          help={t('feedNameHelp')}
        />
        <TextField
          id="f-url"
          label={t('feedUrl')}
          dir="ltr"
          type="url"
          required
          value={url}
          onChange={setUrl}
          placeholder="https://"
        />
        <TextField
          id="f-key"
          label={t('feedPublicKey')}
          dir="ltr"
          required
          value={publicKey}
          onChange={setPublicKey}
          help={t('feedPublicKeyHelp')}
          wide
        />
        <TextField
          id="f-api-key"
          label={t('feedApiKey')}
          dir="ltr"
          type="password"
          required
          value={apiKey}
          onChange={setApiKey}
          help={t('feedApiKeyHelp')}
          wide
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('feedAdd')}
      </button>
      <ErrorText>{error}</ErrorText>
    </form>
  );
}

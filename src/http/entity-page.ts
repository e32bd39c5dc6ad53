/**
 * The entity as a small self-contained HTML page, for the reconciliation manifest's view link:
 * OpenRefine opens that link in a browser tab, with the key as `?api_key=` when it holds one,
 * where the web UI (whose key lives in another tab's session) cannot answer. No script; it
 * shows what GET /entities/{id} would answer to the same key, and links to the web UI.
 */
import type { entityDocument } from './routes/entities.js';
import { escapeHtml as esc } from './html.js';

type EntityDocument = Awaited<ReturnType<typeof entityDocument>>;

/** Headers for a page whose URL may carry a key: not cached, not sent on as a referrer. */
export const VIEW_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** Where the web UI shows an entity (it asks for a key there if the tab has none). */
export function webEntityPath(id: string): string {
  return `/#/entity/${encodeURIComponent(id)}`;
}

const names = (values: string[] | undefined) =>
  (values ?? []).map((n) => `<li><bdi>${esc(n)}</bdi></li>`).join('');

function row(label: string, value: string | undefined): string {
  return value ? `<dt>${esc(label)}</dt><dd><bdi>${esc(value)}</bdi></dd>` : '';
}

/** The other records of the same person or organisation, each list's own names and dates. */
function clusterSection(e: EntityDocument): string {
  const others = e.cluster.members.filter((m) => m.entity_id !== e.id);
  if (others.length === 0) return '';
  const items = others.map((m) => {
    const mp = m.properties as Record<string, string[] | undefined>;
    const facts = [mp.birthDate?.join(', '), mp.nationality?.join(', '), m.provenance.listedOn]
      .filter(Boolean)
      .join(' · ');
    return `<li><bdi>${esc(m.caption)}</bdi>: ${esc(m.list)} ${esc(m.ref)}${facts ? ` (${esc(facts)})` : ''}</li>`;
  });
  return `<h2>Also listed as</h2><ul>${items.join('')}</ul>`;
}

export function renderEntityPage(e: EntityDocument): string {
  const p = e.properties as Record<string, string[] | undefined>;
  const shared = 'shared' in e ? e.shared : undefined;
  const aliases = names([...(p.alias ?? []), ...(p.weakAlias ?? [])]);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(e.caption)} · sanad</title>
<style>body{font-family:system-ui,'Noto Sans','Noto Naskh Arabic',sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45;color:#1b1f24}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
a{color:#0b5cad}.withdrawn{color:#b42318;font-weight:600}</style></head>
<body><main>
<h1><bdi>${esc(e.caption)}</bdi></h1>
${e.listed ? '' : '<p class="withdrawn">No longer listed.</p>'}
<dl>${row('Type', e.schema)}${row('List', e.provenance.listId)}${row('Reference', e.provenance.ref)}${row('Listed on', e.provenance.listedOn)}${row('Date of birth', p.birthDate?.join(', '))}${row('Nationality', p.nationality?.join(', '))}${row('Shared by', shared?.by)}${row('Basis', shared?.basis)}</dl>
<h2>Names</h2><ul>${names(p.name)}</ul>
${clusterSection(e)}
${aliases ? `<h2>Aliases</h2><ul>${aliases}</ul>` : ''}
<p><a href="${esc(webEntityPath(e.id))}">Open in sanad</a> (its history and alerts; you sign in there).</p>
</main></body></html>`;
}

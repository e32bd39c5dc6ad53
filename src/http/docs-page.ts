/** A readable, dependency-free page for the OpenAPI document: paths, methods, parameters. */
import { escapeHtml as esc } from './html.js';

interface OpenApiDoc {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        tags?: string[];
        parameters?: { name: string; in: string; required?: boolean; description?: string }[];
      }
    >
  >;
}

export function renderDocs(doc: OpenApiDoc): string {
  const rows: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? [])
        .map((p) => `<code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})`)
        .join(', ');
      rows.push(
        `<section><h2><span class="m">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>` +
          `<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}` +
          (params ? `<p>Parameters: ${params}</p>` : '') +
          `</section>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info?.title ?? 'API')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
section{border-top:1px solid #ddd;padding:.4rem 0}h2{font-size:1.05rem;margin:.4rem 0}.m{display:inline-block;min-width:3.5rem;color:#035}</style></head>
<body><h1>${esc(doc.info?.title ?? 'API')} <small>${esc(doc.info?.version ?? '')}</small></h1>
<p>${esc(doc.info?.description ?? '')}</p>
<p>Send your key as <code>Authorization: ApiKey &lt;key&gt;</code> (or <code>Bearer</code>); the reconciliation routes (OpenRefine) also take it as <code>?api_key=&lt;key&gt;</code>. This page and the machine-readable document, <a href="openapi.json">/openapi.json</a>, need no key. Errors are <code>{"code", "message"}</code>.</p>
${rows.join('\n')}</body></html>`;
}

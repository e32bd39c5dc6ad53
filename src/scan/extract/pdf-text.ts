/**
 * The text of a PDF, page by page, through pdfjs-dist's legacy build (the one made for Node).
 *
 * pdfjs runs its parser in a "worker"; in Node that is a fake worker on this thread, which pdfjs
 * finds as `globalThis.pdfjsWorker` instead of importing a worker script by URL. The document is
 * read from memory only: no network, no fonts loaded or looked up on the system, no code
 * compiled from the file (`isEvalSupported: false`), nothing printed but pdfjs's own errors.
 *
 * A page's text items come in content-stream order; an item that ends a line says so
 * (`hasEOL`), and an item set lower or higher than the one before starts a new line too. Pages
 * are joined by a blank line, each its own segment (`page 3`). Arabic comes in logical order
 * (pdfjs reorders text drawn right to left).
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { SanadError } from '../../core/errors.js';
import { ScanInputError } from '../types.js';
import { DocumentText } from './document-text.js';
import type { ReadOptions } from './read-options.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<Pdfjs> | undefined;

/**
 * pdfjs and its worker code, loaded on the first PDF only: most scans read none. In Node, pdfjs
 * needs DOMMatrix, which it takes from @napi-rs/canvas (its optional dependency, a native
 * package); where that could not be installed, reading a PDF fails with a message that says so
 * instead of a ReferenceError from inside pdfjs.
 */
function pdfjs(): Promise<Pdfjs> {
  loaded ??= (async () => {
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } catch (error) {
      throw new SanadError(
        'unavailable',
        `PDF files cannot be read here: pdfjs-dist did not load (${(error as Error).message}); install its optional dependency @napi-rs/canvas`,
        { cause: error },
      );
    }
  })();
  return loaded;
}

export interface PdfText {
  text: string;
  segments: DocumentText['segments'];
}

export async function readPdf(
  bytes: Uint8Array,
  file: string,
  options: Readonly<ReadOptions>,
): Promise<PdfText> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    // A copy: pdfjs may take over the buffer it is given.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise.catch((error: unknown) => {
      throw openError(error, file);
    });
    if (doc.numPages > options.maxPages) {
      throw new ScanInputError(
        file,
        `has ${doc.numPages.toLocaleString('en')} pages, more than the ${options.maxPages.toLocaleString('en')} sanad reads from one PDF; split it`,
        { field: 'pages' },
      );
    }
    const out = new DocumentText(file, options.maxTextChars);
    for (let n = 1; n <= doc.numPages; n++) {
      if (n > 1) out.write('\n\n');
      const content = await doc
        .getPage(n)
        .then((page) => page.getTextContent())
        .catch((error: unknown) => {
          throw new ScanInputError(file, `is a damaged PDF: page ${n} cannot be read`, {
            field: `page ${n}`,
            cause: error,
          });
        });
      out.segment(`page ${n}`, pageText(content.items.filter(isTextItem)));
    }
    return { text: out.toString(), segments: out.segments };
  } finally {
    await task.destroy();
  }
}

function isTextItem(item: object): item is TextItem {
  return 'str' in item;
}

/** A page's lines: items joined, a line break where an item ends a line or the baseline moves. */
export function pageText(items: TextItem[]): string {
  let text = '';
  let lineEnded = true;
  let baseline: number | undefined;
  for (const item of items) {
    const y = item.transform[5] as number;
    const moved = baseline !== undefined && Math.abs(y - baseline) > Math.max(item.height, 1) / 2;
    if (!lineEnded && moved && item.str !== '') text += '\n';
    text += item.str;
    if (item.hasEOL) text += '\n';
    lineEnded = item.hasEOL;
    if (item.str !== '') baseline = y;
  }
  return text.replace(PRESENTATION_FORMS, (forms) => forms.normalize('NFKC')).replace(/\s+$/, '');
}

/**
 * Arabic presentation forms: the shaped glyphs (ﻋ, ﻻ) that some PDF writers put in the text
 * itself. The text of a PDF is made here, not quoted from the file, so they are given as the
 * letters they show (ع, لا), as a user would type them. ﷺ ﷻ ﷽ and ﷼ are left alone: NFKC
 * would spell them out as phrases.
 */
const PRESENTATION_FORMS = /[\ufb50-\ufdf9\ufe70-\ufefc]+/g;

function openError(error: unknown, file: string): ScanInputError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ScanInputError(
      file,
      'is an encrypted PDF that needs a password to open; save a copy without the password',
      { field: 'encryption', cause: error },
    );
  }
  const detail = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
  return new ScanInputError(file, `is a damaged PDF (${detail})`, { cause: error });
}

/**
 * A publisher's web server for refresh tests: serves one file at `/list.xml` with an ETag (its
 * sha256) and a Last-Modified, answers 304 to a matching If-None-Match, or a status of the
 * test's choosing, or never; it counts requests and keeps the conditional headers each carried.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
}

export class ListServer {
  /** What the next requests get: the file's bytes, or an HTTP error status. */
  body: Buffer = Buffer.alloc(0);
  failWith: number | undefined;
  /** Hold every request without answering (until `close`). */
  hang = false;
  readonly seen: SeenRequest[] = [];
  private lastModified = new Date(0);
  private readonly server = http.createServer((req, res) => this.answer(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/list.xml`;
  }

  /** Serves `body` from now on, as a file modified one second after the last one. */
  serve(body: Buffer): void {
    this.body = body;
    this.failWith = undefined;
    this.hang = false;
    this.lastModified = new Date(this.lastModified.getTime() + 1000);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const seen: SeenRequest = {
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
      status: 200,
    };
    this.seen.push(seen);
    if (this.hang) return;
    if (this.failWith !== undefined) {
      seen.status = this.failWith;
      res.writeHead(this.failWith).end('internal error');
      return;
    }
    const etag = `"${createHash('sha256').update(this.body).digest('hex').slice(0, 16)}"`;
    const headers = { etag, 'last-modified': this.lastModified.toUTCString() };
    if (req.headers['if-none-match'] === etag) {
      seen.status = 304;
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/xml' }).end(this.body);
  }
}

/** The UN list XML with only every `keep`-th INDIVIDUAL and ENTITY record left. */
export function keepEveryNth(xml: string, keep: number): string {
  let n = 0;
  return xml.replace(/<(INDIVIDUAL|ENTITY)>[\s\S]*?<\/\1>\s*/g, (record) =>
    n++ % keep === 0 ? record : '',
  );
}

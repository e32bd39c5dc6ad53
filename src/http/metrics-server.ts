/**
 * The metrics listener: `/metrics` on an address of its own (`sanad serve --metrics-port`),
 * never on the API's. Prometheus text counts every route's calls, so on the API's listener it
 * would let any partner count what the others do (record shares, screenings); here it is for
 * the node's operator, on loopback unless `--metrics-host` says otherwise. Nothing else is served.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

/** Loopback: the metrics are the operator's, not the network's. */
export const METRICS_HOST = '127.0.0.1';

export interface MetricsListener {
  address: AddressInfo | string | null;
  close(): Promise<void>;
}

export async function listenMetrics(
  metrics: Metrics,
  options: { port: number; host?: string },
): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'not_found', message: 'only GET /metrics is served here' }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', message: 'metrics could not be collected' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? METRICS_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: server.address(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

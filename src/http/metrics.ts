/** Prometheus metrics: request latency, screenings and matches. One registry per server. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly latency = new Histogram({
    name: 'sanad_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly screenings = new Counter({
    name: 'sanad_screenings_total',
    help: 'Queries screened',
    registers: [this.registry],
  });
  private readonly matches = new Counter({
    name: 'sanad_matches_total',
    help: 'Screened queries with at least one match',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sanad_' });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.latency.observe({ method, route, status: String(status) }, seconds);
  }

  recordScreening(matched: boolean): void {
    this.screenings.inc();
    if (matched) this.matches.inc();
  }
}

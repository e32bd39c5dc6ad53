/**
 * Every page of the app in one table: its hash path, the least role that may use it, and its
 * label in the navigation. The role is that of the API routes the page needs
 * (`config.role` in src/http/routes/*.ts), so the navigation never offers a page whose calls
 * would be refused. Pages load on demand (one chunk each), so the first paint carries only
 * the shell.
 */
import { lazy, type ReactNode } from 'react';
import type { Key } from './i18n.js';

export type Role = 'client' | 'analyst' | 'admin';

const RANK: Record<Role, number> = { client: 0, analyst: 1, admin: 2 };

export function mayUse(role: Role, route: Pick<RouteDef, 'role'>): boolean {
  return RANK[role] >= RANK[route.role];
}

export interface RouteDef {
  /** Segments after "#/", ":name" for a parameter: 'alerts/:id'. */
  path: string;
  role: Role;
  /** Listed in the navigation under this label, in table order. */
  nav?: Key;
  render: (params: Record<string, string>) => ReactNode;
}

const ScreenPage = lazy(() => import('./pages/Screen.js').then((m) => ({ default: m.ScreenPage })));
const BatchPage = lazy(() => import('./pages/Batch.js').then((m) => ({ default: m.BatchPage })));
const ScanPage = lazy(() => import('./pages/Scan.js').then((m) => ({ default: m.ScanPage })));
const EntityPage = lazy(() => import('./pages/Entity.js').then((m) => ({ default: m.EntityPage })));
const QueuePage = lazy(() => import('./pages/Queue.js').then((m) => ({ default: m.QueuePage })));
const AlertPage = lazy(() =>
  import('./pages/AlertPage.js').then((m) => ({ default: m.AlertPage })),
);
const ListsPage = lazy(() => import('./pages/Lists.js').then((m) => ({ default: m.ListsPage })));
const RecordsPage = lazy(() =>
  import('./pages/Records.js').then((m) => ({ default: m.RecordsPage })),
);
const AuditPage = lazy(() => import('./pages/Audit.js').then((m) => ({ default: m.AuditPage })));

const PartnersPage = lazy(() =>
  import('./pages/admin/PartnersPage.js').then((m) => ({ default: m.PartnersPage })),
);
const FeedsPage = lazy(() =>
  import('./pages/admin/FeedsPage.js').then((m) => ({ default: m.FeedsPage })),
);
const SettingsPage = lazy(() =>
  import('./pages/admin/SettingsPage.js').then((m) => ({ default: m.SettingsPage })),
);
const RunsPage = lazy(() => import('./pages/Runs.js').then((m) => ({ default: m.RunsPage })));
const RunReportPage = lazy(() =>
  import('./pages/Runs.js').then((m) => ({ default: m.RunReportPage })),
);
const CaseFilePage = lazy(() =>
  import('./pages/CaseFile.js').then((m) => ({ default: m.CaseFilePage })),
);

export const ROUTES: RouteDef[] = [
  // POST /match/{dataset}, GET /entities/{id}: client.
  { path: 'screen', role: 'client', nav: 'navScreen', render: () => <ScreenPage /> },
  { path: 'batch', role: 'client', nav: 'navBatch', render: () => <BatchPage /> },
  // POST /scan: client.
  { path: 'scan', role: 'client', nav: 'navScan', render: () => <ScanPage /> },
  { path: 'entity/:id', role: 'client', render: ({ id }) => <EntityPage id={id!} /> },
  // GET /alerts, /alerts/{id}, /subjects: analyst.
  { path: 'alerts', role: 'analyst', nav: 'navAlerts', render: () => <QueuePage /> },
  { path: 'alerts/:id', role: 'analyst', render: ({ id }) => <AlertPage key={id} id={id!} /> },
  {
    path: 'subjects/:id',
    role: 'analyst',
    render: ({ id }) => <QueuePage key={id} subject={id} />,
  },
  {
    path: 'case/alert/:id',
    role: 'analyst',
    render: ({ id }) => <CaseFilePage key={`alert/${id}`} kind="alert" id={id!} />,
  },
  {
    path: 'case/subject/:id',
    role: 'analyst',
    render: ({ id }) => <CaseFilePage key={`subject/${id}`} kind="subject" id={id!} />,
  },
  // GET /lists, GET /records: analyst.
  { path: 'lists', role: 'analyst', nav: 'navLists', render: () => <ListsPage /> },
  { path: 'records', role: 'analyst', nav: 'navRecords', render: () => <RecordsPage /> },
  // GET /runs, GET /runs/{run}/report: analyst.
  { path: 'runs', role: 'analyst', nav: 'navRuns', render: () => <RunsPage /> },
  {
    path: 'runs/:id/alerts',
    role: 'analyst',
    render: ({ id }) => <QueuePage key={`run/${id}`} run={id} />,
  },
  { path: 'runs/:id', role: 'analyst', render: ({ id }) => <RunReportPage key={id} id={id!} /> },
  // GET /audit, GET /feeds, POST /partners, PUT /settings: admin.
  { path: 'audit', role: 'admin', nav: 'navAudit', render: () => <AuditPage /> },
  { path: 'admin/partners', role: 'admin', nav: 'navPartners', render: () => <PartnersPage /> },
  { path: 'admin/feeds', role: 'admin', nav: 'navFeeds', render: () => <FeedsPage /> },
  { path: 'admin/settings', role: 'admin', nav: 'navSettings', render: () => <SettingsPage /> },
];

export const HOME = 'screen';

/** The route a hash names and its parameters; undefined when none matches. */
export function matchRoute(
  segments: string[],
): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const parts = route.path.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = segments[i]!;
        return segments[i] !== '';
      }
      return p === segments[i];
    });
    if (ok) return { route, params };
  }
  return undefined;
}

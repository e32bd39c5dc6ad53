/**
 * A batch screening worker thread: it opens the same compiled index as the main thread (from
 * the snapshot, or from the entities handed over) and screens chunks of rows, answering with
 * formatted output so that the main thread only reads and writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Entity } from '../core/entity.js';

import { Clusters, type EntityLink } from '../index/clusters.js';
import { identifierLinks } from '../index/identifier-links.js';
import { NameIndex } from '../index/name-index.js';
import { readSnapshot } from '../screening/index-cache.js';
import { loadLexicon } from '../screening/resources.js';
import { Screener, type ScreenOptions } from '../screening/screener.js';
import { PartnerIndex } from '../sharing/partner-index.js';
import type { RowResult } from '../screening/read-rows.js';
import type { ResultRecord } from './result-record.js';
import { formatRecord, type OutputFormat } from './result-writer.js';
import { countMatches, screenRow } from './screen-row.js';

export interface WorkerInit {
  home?: string;
  key?: string;
  entities?: Entity[];
  partnerEntities?: Entity[];
  /**
   * The accepted links that join records into clusters; the worker adds its entities' own
   * identifier links, as the service does (screening/cluster-links.ts loadClusters).
   */
  acceptedLinks?: EntityLink[];
  options: ScreenOptions;
  format: OutputFormat;
}

/** A worker's share of a block of rows (see screen-batch.ts). */
export interface ChunkRequest {
  seq: number;
  /** Each row's place in the block. */
  at: number[];
  items: RowResult[];
}

export interface ChunkResult {
  seq: number;
  at: number[];
  /** By row: its formatted text (jsonl/csv), or its record for the table format. */
  out: (string | ResultRecord)[];
  screened: number;
  withMatches: number;
  matches: number;
}

function openScreener(init: WorkerInit): Screener {
  const lexicon = loadLexicon();
  const snap = init.home && init.key ? readSnapshot(init.home, init.key) : undefined;
  let screener: Screener;
  if (snap) screener = new Screener(new NameIndex(snap.entities, snap.index), [], lexicon);
  else if (init.entities) screener = Screener.fromEntities(init.entities, [], lexicon);
  else throw new Error('sanad worker: neither an index snapshot nor entities were given');
  const { entities } = screener.index;
  const links = [...identifierLinks(entities), ...(init.acceptedLinks ?? [])];
  if (links.length > 0) screener.clusters = new Clusters(entities, links);
  if (init.partnerEntities && init.partnerEntities.length > 0)
    screener.partners = PartnerIndex.fromEntities(init.partnerEntities, lexicon);
  return screener;
}

const init = workerData as WorkerInit;
const screener = openScreener(init);
parentPort!.on('message', (req: ChunkRequest) => {
  const res: ChunkResult = {
    seq: req.seq,
    at: req.at,
    out: [],
    screened: 0,
    withMatches: 0,
    matches: 0,
  };
  for (const item of req.items) {
    const record = screenRow(screener, item, init.options);
    if (!('error' in item)) res.screened++;
    const hits = countMatches(record);
    res.matches += hits;
    if (hits > 0) res.withMatches++;
    res.out.push(init.format === 'table' ? record : formatRecord(init.format, record));
  }
  parentPort!.postMessage(res);
});
parentPort!.postMessage({ ready: true });

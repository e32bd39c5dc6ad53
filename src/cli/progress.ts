/** A rows progress bar on stderr, only when stderr is a terminal. */
import fs from 'node:fs';
import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, stop: () => undefined };

/** Counts line breaks cheaply to size the bar; a rough total is all a bar needs. */
function estimateRows(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
      for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
    }
    return Math.max(1, lines);
  } finally {
    fs.closeSync(fd);
  }
}

export function createProgress(file: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'screening [{bar}] {value}/{total} rows | {eta_formatted} left',
      etaBuffer: 2000,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(estimateRows(file), 0);
  let count = 0;
  return {
    tick: (n = 1) => {
      count += n;
      bar.update(count);
    },
    stop: () => {
      bar.setTotal(count);
      bar.stop();
    },
  };
}

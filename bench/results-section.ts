import fs from 'node:fs';
import path from 'node:path';

const RESULTS = path.resolve(import.meta.dirname, 'RESULTS.md');

/** Replaces one `## heading` section of RESULTS.md (or appends it), leaving the others. */
export function writeSection(heading: string, body: string): void {
  const current = fs.existsSync(RESULTS)
    ? fs.readFileSync(RESULTS, 'utf8')
    : '# Benchmark results\n';
  const marker = `\n## ${heading}`;
  const start = current.indexOf(marker);
  const section = `\n## ${heading}\n${body.trimEnd()}\n`;
  if (start < 0) {
    fs.writeFileSync(RESULTS, current.trimEnd() + '\n' + section);
    return;
  }
  const next = current.indexOf('\n## ', start + marker.length);
  fs.writeFileSync(
    RESULTS,
    current.slice(0, start) + section + (next < 0 ? '' : current.slice(next)),
  );
}

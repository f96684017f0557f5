/**
 * Where the server's memory goes, stage by stage (issue #17): loaded into the
 * bench's server process (`node --expose-gc --import ./bench/server-memory.ts`)
 * when MEMORY_PROBE names a file. It samples process.memoryUsage() every 20 ms
 * and keeps each figure's highest value; on SIGUSR2 it appends one JSON line
 * to the file: the highest values since the last signal (what the stage just
 * run needed at its peak), then the same figures right after a full GC (what
 * stays held: the reports' mirror, the queue snapshots), and resets the
 * highs. With MEMORY_SNAPSHOT=dir it also writes a heap snapshot there after
 * the GC (slow, and it needs about the heap's size again). Nothing of the
 * server's own code knows of it.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';

const file = process.env.MEMORY_PROBE;
if (file) {
  const MiB = (n: number) => Math.round((n / 1048576) * 10) / 10;
  const figures = () => {
    const m = process.memoryUsage();
    return {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
    };
  };
  type Figures = ReturnType<typeof figures>;
  let high: Figures = figures();
  const sample = () => {
    const f = figures();
    for (const k of Object.keys(f) as Array<keyof Figures>) if (f[k] > high[k]) high[k] = f[k];
  };
  setInterval(sample, 20).unref();
  const inMiB = (f: Figures) =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [k, MiB(v)])) as Record<keyof Figures, number>;
  process.on('SIGUSR2', () => {
    sample();
    const peak = inMiB(high);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const after = figures();
    const line: Record<string, unknown> = {
      at: new Date().toISOString(),
      peak,
      afterGc: { ...inMiB(after), heapLimit: MiB(getHeapStatistics().heap_size_limit) },
    };
    if (process.env.MEMORY_SNAPSHOT)
      line.snapshot = writeHeapSnapshot(join(process.env.MEMORY_SNAPSHOT, `server-${Date.now()}.heapsnapshot`));
    appendFileSync(file, JSON.stringify(line) + '\n');
    high = figures();
  });
}

/**
 * Hybrid logical clock: village laptops often have clocks off by days, so ops
 * carry an HLC time that never goes backwards on a device, encoded as a
 * sortable string. The server checks its shape and stores it; no merge rule
 * orders by it (docs/sync.md §4.5), so times seen from the server are not folded in.
 */
export type Hlc = { wall: number; counter: number; node: string };

export const encodeHlc = (h: Hlc) =>
  `${String(h.wall).padStart(15, '0')}-${String(h.counter).padStart(5, '0')}-${h.node}`;

export function decodeHlc(s: string): Hlc {
  const [wall, counter, ...node] = s.split('-');
  return { wall: Number(wall), counter: Number(counter), node: node.join('-') };
}

/** The next local time: the wall clock when it moved forward, else the last time plus one tick. */
export function tickHlc(last: Hlc | null, nowMs: number, node: string): Hlc {
  if (!last || nowMs > last.wall) return { wall: nowMs, counter: 0, node };
  return { wall: last.wall, counter: last.counter + 1, node };
}

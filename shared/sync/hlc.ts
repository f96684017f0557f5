/**
 * Hybrid logical clock: village laptops often have clocks off by days, so ops
 * carry an HLC time that never goes backwards on a device and moves past any
 * time it has seen from the server. Encoded as a sortable string.
 */
export type Hlc = { wall: number; counter: number; node: string };

export const encodeHlc = (h: Hlc) => `${String(h.wall).padStart(15, '0')}-${String(h.counter).padStart(5, '0')}-${h.node}`;

export function decodeHlc(s: string): Hlc {
  const [wall, counter, ...node] = s.split('-');
  return { wall: Number(wall), counter: Number(counter), node: node.join('-') };
}

/** The next local time: the wall clock when it moved forward, else the last time plus one tick. */
export function tickHlc(last: Hlc | null, nowMs: number, node: string): Hlc {
  if (!last || nowMs > last.wall) return { wall: nowMs, counter: 0, node };
  return { wall: last.wall, counter: last.counter + 1, node };
}

/** Merges a remote time seen in a pull so local times stay after it. */
export function receiveHlc(last: Hlc | null, remote: Hlc, nowMs: number, node: string): Hlc {
  const lw = last?.wall ?? 0;
  const wall = Math.max(lw, remote.wall, nowMs);
  let counter = 0;
  if (wall === lw && wall === remote.wall) counter = Math.max(last!.counter, remote.counter) + 1;
  else if (wall === lw) counter = last!.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  return { wall, counter, node };
}

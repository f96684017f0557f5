/**
 * Laptops in villages run with wrong clocks (a dead CMOS battery resets to
 * 2010; a hand-set clock drifts for months). The district queue is ordered by
 * when an application was accepted, so a slow clock would put a child ahead of
 * others. Each answer from the server carries its time: the desk learns how
 * far off its clock is and stamps records with the corrected time.
 */

/** Offsets smaller than this are left alone: no jitter in timestamps from a good clock. */
export const CLOCK_CORRECT_MS = 60_000;
/** Offsets larger than this are shown to the person, to be fixed in the system settings. */
export const CLOCK_WARN_MS = 10 * 60_000;
/**
 * An application accepted later than the server received it by more than this
 * was stamped by a clock running fast (the laptop had not synced since it went
 * wrong): the server flags it for the district (conflict reason clock.ahead).
 */
// Ten minutes, like the warning, but a separate rule: the district may tune one without the other.
export const CLOCK_AHEAD_MS = 10 * 60_000;
/** Answers slower than this say too little about the time they were made at. */
export const CLOCK_MAX_RTT_MS = 30_000;

/**
 * The server's time minus the laptop's, from one request: the server stamped
 * its answer somewhere between sending and receiving, so the middle is the
 * best guess (error at most half the round trip). null: the answer is too slow.
 */
export function clockOffset(sentMs: number, receivedMs: number, serverTime: string): number | null {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server) || receivedMs < sentMs || receivedMs - sentMs > CLOCK_MAX_RTT_MS) return null;
  const offset = server - (sentMs + receivedMs) / 2;
  return Math.abs(offset) < CLOCK_CORRECT_MS ? 0 : Math.round(offset);
}

import type { Redis } from 'ioredis';

/** Sockets corked until the end of the current event-loop turn. */
const corked = new WeakSet<object>();

/**
 * Holds what is written to the connection from now until the end of this event-loop turn, then sends it in one
 * write. Under load many deliveries are handled in one turn; each one's EXISTS and add would otherwise be a
 * system call of its own (and a wake-up of Redis), which cost the receivers more CPU than validating and
 * normalising a body (BENCHMARKS.md, Ingest). The commands keep their order, each still fails on its own and
 * times out as before; what waits is at most the rest of the turn (the I/O callbacks the loop is running).
 *
 * ioredis's own auto-pipelining does the same through a Pipeline object, which it builds with every BullMQ script
 * on it: ~140 µs a batch, more than it saves.
 * @example batchWritesThisTurn(connection); connection.exists(key); queue.add(name, data)
 */
export function batchWritesThisTurn(connection: Redis): void {
  const socket = connection.stream;
  if (socket === undefined || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  // setImmediate runs once this turn's I/O callbacks and the promise jobs they started (BullMQ writes its add a
  // few promise turns after the call) are done.
  setImmediate(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

import { chmodSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { ClientTurns } from './client-turns.js';
import type { PgliteSession } from './pglite-session.js';

/** The port number in the socket file's name, the one PostgreSQL clients look for (`<dir>/.s.PGSQL.5432`). */
const SOCKET_PORT = 5432;
/** Longest unix socket path Linux and macOS accept, with room for the terminating NUL. */
const MAX_SOCKET_PATH = 103;
/** A client silent this long (a CLI stopped with ^Z inside a transaction) is closed and its transaction undone. */
const CLIENT_IDLE_MS = 60_000;

export interface StoreServer {
  /** A PostgreSQL connection URL for `pg`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the daemon's PGlite over the PostgreSQL wire protocol so that CLI commands share the open store instead
 * of opening its folder from a second process. @electric-sql/pglite-socket reads and frames each connection's
 * messages; ClientTurns decides whose turn it is on the one session. The socket is a unix socket in the data
 * folder (only the folder's owner can connect); a path too long for one falls back to a loopback TCP port.
 */
export async function serveStore(pglite: PGlite, session: PgliteSession, dataDir: string): Promise<StoreServer> {
  const turns = new ClientTurns(pglite, session);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = createServer((socket) => {
    // The package types its queue as its own (unexported) class; ClientTurns has the three methods a handler calls.
    const queryQueue = turns as unknown as PGLiteSocketHandlerOptions['queryQueue'];
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true, idleTimeout: CLIENT_IDLE_MS });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => socket.destroy());
  });
  const socketPath = join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
  let url: string;
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH) {
    // Left by a daemon that was killed; the caller holds the folder's claim, so no live daemon listens on it.
    rmSync(socketPath, { force: true });
    await listen(server, socketPath);
    chmodSync(socketPath, 0o600);
    url = `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(dataDir)}`;
  } else {
    await listen(server, { port: 0, host: '127.0.0.1' });
    url = `postgresql://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/postgres`;
  }
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}

function listen(server: Server, where: string | { port: number; host: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (typeof where === 'string') server.listen(where, listening);
    else server.listen(where.port, where.host, listening);
  });
}

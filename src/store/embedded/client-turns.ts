import type { PGlite } from '@electric-sql/pglite';
import type { PgliteSession } from './pglite-session.js';

const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const IDLE = 0x49; // 'I'
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

/**
 * What @electric-sql/pglite-socket's connection handler asks of its query queue. The package's own queue
 * serialises single messages and keeps a client's turn only while a transaction is open, so two clients' extended-
 * protocol batches interleave (electric-sql/pglite#1046), a statement can land inside the daemon's in-process
 * transaction, and one failed message stops the queue for good. This one gives a client the session from its
 * first message until the backend says ReadyForQuery with an idle status.
 */
export interface MessageQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/** Each connected client's turns on the one PGlite session, between the daemon's own queries and transactions. */
export class ClientTurns implements MessageQueue {
  readonly #pglite: PGlite;
  readonly #session: PgliteSession;
  readonly #gone = new Set<number>();

  constructor(pglite: PGlite, session: PgliteSession) {
    this.#pglite = pglite;
    this.#session = session;
  }

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.#gone.has(handlerId)) throw new Error(`connection ${handlerId} is closed`);
    // Terminate is the client's goodbye; the one backend stays. What the client left open is undone.
    if (message[0] === TERMINATE) {
      await this.clearTransactionIfNeeded(handlerId);
      return 0;
    }
    await this.#session.acquire(handlerId);
    let bytes = 0;
    let status: number | null;
    try {
      status = await this.#send(message, (data) => {
        bytes += data.length;
        onData(data);
      });
    } catch (error) {
      // PGlite itself failed (an SQL error comes back as an ErrorResponse, not here): free the session for others.
      await this.clearTransactionIfNeeded(handlerId);
      throw error;
    }
    if (status === IDLE) this.#session.release(handlerId);
    return bytes;
  }

  clearQueueForHandler(handlerId: number): void {
    this.#gone.add(handlerId);
    this.#session.withdraw(handlerId, new Error(`connection ${handlerId} is closed`));
  }

  /** Called when a client goes (or idles out): rolls back whatever it left open and hands the session on. Never throws. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#session.owner !== handlerId) return;
    try {
      await this.#rollBack();
    } catch {
      // PGlite is closing: nothing is left to undo.
    } finally {
      this.#session.release(handlerId);
    }
  }

  /**
   * Brings the session back to idle, undoing what a departed client left: a transaction block, or statements
   * executed in an extended-protocol batch that never reached its Sync. A ROLLBACK aborts both, unless the batch
   * had failed: the backend then ignores everything up to the next Sync, which is sent first.
   */
  async #rollBack(): Promise<void> {
    const rollback = simpleQuery('ROLLBACK');
    let status = await this.#send(rollback);
    if (status === null) status = await this.#send(SYNC);
    if (status !== IDLE) await this.#send(rollback);
  }

  /** Sends one frontend message; resolves with the transaction status when the reply ends with ReadyForQuery. */
  async #send(message: Uint8Array, onData?: (data: Uint8Array) => void): Promise<number | null> {
    const reply = new ReplyTail();
    await this.#pglite.runExclusive(() =>
      this.#pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          reply.push(data);
          onData?.(data);
        },
      }),
    );
    return reply.readyStatus();
  }
}

/** A simple-protocol Query message. */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** Follows the framing of the backend's reply (type byte, int32 length, body) to know how it ended. */
class ReplyTail {
  #header = Buffer.alloc(5);
  #headerBytes = 0;
  #bodyLeft = 0;
  #type = 0;
  #lastByte = 0;
  #status: number | null = null;

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#bodyLeft > 0) {
        const take = Math.min(this.#bodyLeft, chunk.length - at);
        this.#lastByte = chunk[at + take - 1]!;
        this.#bodyLeft -= take;
        at += take;
        if (this.#bodyLeft === 0) this.#finish();
        continue;
      }
      this.#header[this.#headerBytes++] = chunk[at++]!;
      if (this.#headerBytes < 5) continue;
      this.#headerBytes = 0;
      this.#type = this.#header[0]!;
      this.#bodyLeft = this.#header.readInt32BE(1) - 4;
      this.#status = null;
      if (this.#bodyLeft <= 0) this.#finish();
    }
  }

  /** The status byte ('I', 'T', 'E') when the last complete message is ReadyForQuery and nothing follows it. */
  readyStatus(): number | null {
    return this.#headerBytes === 0 && this.#bodyLeft === 0 ? this.#status : null;
  }

  #finish(): void {
    this.#status = this.#type === READY_FOR_QUERY ? this.#lastByte : null;
  }
}

import { parse, protocol, type PGlite } from '@electric-sql/pglite';

/** A PGlite result parser: the text of a value and its type oid. */
export type ValueParser = (value: string, typeId?: number) => unknown;

/** One statement prepared on the backend: its name there and the types PostgreSQL inferred for $1, $2 ... */
interface Prepared {
  name: string;
  paramTypes: number[];
}

/** Distinct statement texts kept prepared; past this the least recently used is closed. */
const STATEMENTS_KEPT = 256;
/** The statements worth keeping prepared: plain reads and writes, never DDL or session commands. */
const DATA_STATEMENT = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*(?:select|insert|update|delete|with|values)\b/i;
/** A prepared statement gone (a client's DEALLOCATE) or whose result columns changed under it (ALTER TABLE). */
const STALE_STATEMENT = new Set(['26000', '0A000']);

/**
 * PGlite's `query()` makes six calls into the WASM backend per statement (Parse, Describe, Bind, Describe,
 * Execute, Sync, each a separate round of its protocol machinery), and PostgreSQL parses and analyses the text
 * each time: 0.2-0.5 ms of overhead on statements that often take less to run (a triaged alert runs 10-17). This
 * keeps one named prepared statement per distinct SQL text instead: Parse and Describe once (to learn the
 * parameter types), then each run is one call carrying Bind, Describe, Execute and Sync.
 *
 * Everything goes through PGlite's exported pieces, the same ones `query()` uses: `protocol.serialize` for the
 * messages, `execProtocolStream` to run them (it throws the first ErrorResponse as the same `DatabaseError`,
 * after the whole batch, Sync included, has run, so the session is left usable), `pglite.serializers` for the
 * parameters and `parse.parseResults` for the rows. Rows, values and errors come out as `query()` gives them.
 *
 * Callers hold the session (PgliteSession) around `query`, as around any statement. Statements other than plain
 * reads and writes are not for this path (`handles`): run them with `query()`, and call `forget()` afterwards
 * since they may have changed what the kept statements refer to. A kept statement is planned as PostgreSQL plans
 * any prepared statement (for its values at first, then once for all when a generic plan is as good), so a query
 * whose rows must come in an order says so (ORDER BY), and one whose plan depends on its values is not kept
 * (pglite-db.ts). What the Db cannot see, a served client's DEALLOCATE ALL or its ALTER TABLE under a kept
 * `SELECT *`, fails the kept statement once: outside a transaction it is prepared again and run at once; inside
 * one, the transaction fails as it would on any error, and the next run prepares it afresh. (A column whose type
 * such a client changes keeps its old parameter type until the Db itself runs DDL.)
 */
export class PreparedStatements {
  readonly #pglite: PGlite;
  readonly #parsers: Record<number, ValueParser>;
  readonly #parserOptions: { parsers: Record<number, ValueParser> };
  readonly #byText = new Map<string, Prepared>();
  /** Statements dropped from the map, closed on the backend with the next Parse. */
  #toClose: string[] = [];
  #counter = 0;

  /** `parsers` override PGlite's own, per type oid, as `query()`'s option of that name. */
  constructor(pglite: PGlite, parsers: Record<number, ValueParser>) {
    this.#pglite = pglite;
    this.#parserOptions = { parsers };
    // parseResults merges its two parser tables on every call; merged once here, the outcome is the same.
    this.#parsers = { ...pglite.parsers, ...parsers };
  }

  /** Whether `sql` is a plain read or write, which `query` may keep prepared. */
  static handles(sql: string): boolean {
    return DATA_STATEMENT.test(sql);
  }

  /** Drops every kept statement: after DDL their parameter types may no longer be what a fresh Parse infers. */
  forget(): void {
    for (const prepared of this.#byText.values()) this.#toClose.push(prepared.name);
    this.#byText.clear();
  }

  /**
   * Runs one statement and returns its rows. `syncToFs`: write the data folder after it, as `query()` does outside
   * a transaction.
   */
  async query<Row>(sql: string, params: readonly unknown[], syncToFs: boolean): Promise<Row[]> {
    this.#checkReady();
    return this.#pglite.runExclusive(async () => {
      // close() holds the lock only to mark PGlite closing, then tears it down: a statement queued behind it stops.
      this.#checkReady();
      const kept = this.#byText.has(sql);
      try {
        return await this.#run<Row>(sql, params, syncToFs);
      } catch (error) {
        if (!kept || !isStale(error)) throw withQuery(error, sql, params, this.#parserOptions);
        // A statement kept from earlier went stale: it is prepared afresh, and run again at once unless a
        // transaction is open, which the error has aborted; the error then stands, as any failed statement's.
        this.#drop(sql);
        if (this.#pglite.isInTransaction()) throw withQuery(error, sql, params, this.#parserOptions);
      }
      try {
        return await this.#run<Row>(sql, params, syncToFs);
      } catch (error) {
        throw withQuery(error, sql, params, this.#parserOptions);
      }
    });
  }

  /** Refuses as `query()` does once `close()` has begun. */
  #checkReady(): void {
    if (!this.#pglite.ready) throw new Error(this.#pglite.closed ? 'PGlite is closed' : 'PGlite is closing');
  }

  async #run<Row>(sql: string, params: readonly unknown[], syncToFs: boolean): Promise<Row[]> {
    const prepared = this.#kept(sql) ?? (await this.#prepare(sql));
    const messages = await this.#pglite.execProtocolStream(
      concat([
        protocol.serialize.bind({ statement: prepared.name, values: this.#values(params, prepared.paramTypes) }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs },
    );
    return parse.parseResults(messages, this.#parsers)[0]!.rows as Row[];
  }

  /** The statement kept for `sql`, moved to the back of the eviction line. */
  #kept(sql: string): Prepared | undefined {
    const prepared = this.#byText.get(sql);
    if (prepared !== undefined) {
      this.#byText.delete(sql);
      this.#byText.set(sql, prepared);
    }
    return prepared;
  }

  async #prepare(sql: string): Promise<Prepared> {
    const name = `firebreak_kept_${++this.#counter}`;
    const closing = this.#toClose.map((old) => protocol.serialize.close({ type: 'S', name: old }));
    this.#toClose = [];
    const messages = await this.#pglite.execProtocolStream(
      concat([
        ...closing,
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.#byText.set(sql, prepared);
    if (this.#byText.size > STATEMENTS_KEPT) this.#drop(this.#byText.keys().next().value!);
    return prepared;
  }

  #drop(sql: string): void {
    const prepared = this.#byText.get(sql);
    if (prepared === undefined) return;
    this.#byText.delete(sql);
    this.#toClose.push(prepared.name);
  }

  /** Parameters as `query()` serialises them: by the type PostgreSQL inferred, `toString()` when it has none. */
  #values(params: readonly unknown[], types: number[]): Array<string | null> {
    return params.map((param, index) => {
      if (param === null || param === undefined) return null;
      const serializer = this.#pglite.serializers[types[index]!];
      return serializer === undefined ? (param as { toString(): string }).toString() : serializer(param);
    });
  }
}

function isStale(error: unknown): boolean {
  return error instanceof protocol.messages.DatabaseError && STALE_STATEMENT.has(error.code ?? '');
}

/** The error as `query()` throws it: PostgreSQL's `DatabaseError` carrying the statement and its parameters. */
function withQuery(error: unknown, sql: string, params: readonly unknown[], options: object): unknown {
  if (!(error instanceof protocol.messages.DatabaseError)) return error;
  return Object.assign(error, { query: sql, params, queryOptions: options });
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}

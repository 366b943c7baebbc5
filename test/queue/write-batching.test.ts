import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createCommandConnection, waitForReady } from '../../src/daemon/redis-connection.js';
import { createLogger } from '../../src/logging/logger.js';
import { batchWritesThisTurn } from '../../src/queue/write-batching.js';
import { TEST_REDIS_URL, testQueuePrefix } from '../support/databases.js';

let connection: Redis;
const key = `${testQueuePrefix()}:write-batching`;

beforeAll(async () => {
  connection = createCommandConnection(TEST_REDIS_URL, createLogger({ level: 'silent' }));
  expect(await waitForReady(connection, 5000)).toBe(true);
});

afterAll(async () => {
  await connection.del(key);
  await connection.quit();
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batching the writes of one event-loop turn', () => {
  it('holds the commands written in this turn and sends them together, in order, when the turn ends', async () => {
    batchWritesThisTurn(connection);
    const set = connection.set(key, 'queued');
    const exists = connection.exists(key);
    batchWritesThisTurn(connection); // a second delivery in the same turn joins the same batch
    expect(connection.stream.writableCorked).toBe(1);
    expect(connection.stream.writableLength).toBeGreaterThan(0); // held, not sent

    await nextTurn();
    expect(connection.stream.writableCorked).toBe(0);
    expect(connection.stream.writableLength).toBe(0);
    expect(await Promise.all([set, exists])).toEqual(['OK', 1]);
  });

  it('starts a new batch in the next turn', async () => {
    batchWritesThisTurn(connection);
    const first = connection.incr(key.concat(':n'));
    await nextTurn();
    batchWritesThisTurn(connection);
    expect(connection.stream.writableCorked).toBe(1);
    const second = connection.incr(key.concat(':n'));
    await nextTurn();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    await connection.del(key.concat(':n'));
  });
});

import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../../src/store/db.js';
import { createTestDatabase, type StoreKind, type TestDatabase } from '../../support/databases.js';
import { emptyStore } from './triage-harness.js';

/**
 * A database of `kind` for the enclosing describe block, emptied before each case so every case starts from a
 * store that has seen nothing. Call it inside `describe.each(STORE_KINDS)`.
 */
export function useStore(kind: StoreKind): () => Db {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.drop();
  });
  beforeEach(async () => {
    if (test !== undefined) await emptyStore(test.db);
  });
  return () => {
    if (test === undefined) throw new Error('the store is not open yet');
    return test.db;
  };
}

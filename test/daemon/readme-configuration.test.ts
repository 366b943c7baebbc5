import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';

describe('the README', () => {
  it('documents every configuration variable the daemon reads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const undocumented = Object.keys(configSchema.shape).filter((key) => !readme.includes(`\`${key}\``));
    expect(undocumented, 'variables missing from the README (Configuration table or their feature section)').toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { FLOOR_PAGE_SIZE } from '../../../bench/lib/fetch-floor.js';
import { DEFAULT_PAGE_SIZE } from '../../../src/session/index.js';

describe('the fetch floor of the benchmark', () => {
  it('pages at the CLI’s own page size, so the comparison is like for like', () => {
    expect(FLOOR_PAGE_SIZE).toBe(DEFAULT_PAGE_SIZE);
  });
});

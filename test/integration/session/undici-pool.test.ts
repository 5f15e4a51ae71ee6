import { Pool as IndexPool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { SEED_FILE } from '../../reliability/helpers.js';
import { loadIndex, loadPoolModule, type PoolModule } from '../../../src/session/undici-pool.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seedFile: SEED_FILE });
});
afterAll(async () => {
  await emu.stop();
});

async function post(module: PoolModule): Promise<{ status: number; body: unknown }> {
  const pool = new module.Pool(emu.url, { connections: 1 });
  try {
    const answer = await module.request(pool, {
      path: '/api',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ action: 'query_server_information' }]),
    });
    return { status: answer.statusCode, body: await answer.body.json() };
  } finally {
    await pool.destroy();
  }
}

describe("undici's pool, loaded alone", () => {
  it("is the index's own Pool class (the same module), not a copy", () => {
    expect(loadPoolModule().Pool).toBe(IndexPool);
    expect(loadPoolModule()).toBe(loadPoolModule());
  });

  it('sends a request and reads its answer, as the index fallback does', async () => {
    const narrow = await post(loadPoolModule());
    const index = await post(loadIndex());
    expect(narrow.status).toBe(200);
    expect(narrow).toEqual(index);
  });
});

import * as crypto from 'node:crypto';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { USER_TYPE_IDS } from './entities.js';
import { QueryEngine } from './query/index.js';
import { Store, type Row } from './store.js';

/** The emulator's data: the tables, the API keys (as SHA-256 digests) and the query engine. */
export class EmulatorState {
  readonly store = new Store();
  readonly queries = new QueryEngine(this.store);
  /** user id → sha256 hex of the user's API key. The key itself is never kept. */
  readonly apiKeyDigests = new Map<string, string>();

  constructor() {
    for (const [name, id] of Object.entries(USER_TYPE_IDS))
      this.store.insert('UserType', { id, name });
  }

  setApiKey(userId: string, apiKey: string): void {
    this.apiKeyDigests.set(userId, digestKey(apiKey));
  }

  /** The active user whose personal key this is, or undefined. */
  authenticate(username: string | undefined, apiKey: string | undefined): Row | undefined {
    if (!username || !apiKey) return undefined;
    const [user] = this.store.find('User', 'username', username);
    if (user === undefined || user['is_active'] !== true) return undefined;
    const expected = this.apiKeyDigests.get(user.id);
    if (expected === undefined) return undefined;
    const given = Buffer.from(digestKey(apiKey), 'hex');
    return timingSafeEqual(given, Buffer.from(expected, 'hex')) ? user : undefined;
  }
}

export function digestKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function newId(): string {
  return randomUUID();
}

/** A stable UUID-shaped id derived from names (seeded entities get the same ids every run). */
export function stableId(...parts: string[]): string {
  const hex = sha1Hex(parts.join('\u0000'));
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  // join() yields a flat string (a template literal would give a slow-to-compare rope)
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    variant + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join('-');
}

/** `crypto.hash` (Node ≥ 20.12, not yet in @types/node 20) is much faster for many small inputs. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

function sha1Hex(text: string): string {
  return oneShotHash !== undefined
    ? oneShotHash('sha1', text)
    : createHash('sha1').update(text, 'utf8').digest('hex');
}

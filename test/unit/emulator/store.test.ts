import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/emulator/store.js';

const ids = (store: Store, type: string) => [...store.table(type)!.rows.keys()];

describe('store', () => {
  it('keeps indexes in step with inserts, updates and removals', () => {
    const store = new Store();
    store.insert('User', { id: 'u1', username: 'ana' });
    store.insert('User', { id: 'u2', username: 'bo' });
    store.update('User', 'u1', { username: 'cleo' });
    expect(store.find('User', 'username', 'ana')).toEqual([]);
    expect(store.find('User', 'username', 'cleo').map((r) => r.id)).toEqual(['u1']);
    store.remove('User', 'u2');
    expect(store.find('User', 'username', 'bo')).toEqual([]);
    expect(store.find('User', 'first_name', undefined).map((r) => r.id)).toEqual(['u1']);
  });

  it('keeps the position of an updated row', () => {
    const store = new Store();
    for (const id of ['a', 'b', 'c']) store.insert('Project', { id, name: id });
    store.update('Project', 'a', { name: 'z' });
    expect(ids(store, 'Project')).toEqual(['a', 'b', 'c']);
  });

  it('undoes every change of a failed transaction, indexes included', () => {
    const store = new Store();
    store.insert('User', { id: 'u1', username: 'ana' });
    const version = store.version;
    expect(() =>
      store.transact(() => {
        store.insert('User', { id: 'u2', username: 'bo' });
        store.update('User', 'u1', { username: 'ann' });
        store.remove('User', 'u1');
        expect(store.dirty).toBe(true);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ids(store, 'User')).toEqual(['u1']);
    expect(store.get('User', 'u1')).toEqual({ id: 'u1', username: 'ana' });
    expect(store.find('User', 'username', 'bo')).toEqual([]);
    expect(store.find('User', 'username', 'ann')).toEqual([]);
    expect(store.version).not.toBe(version);
  });

  it('keeps the changes of a transaction that succeeds', () => {
    const store = new Store();
    const result = store.transact(() => {
      store.insert('Group', { id: 'g', name: 'Lighting', parent_id: null });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(store.find('Group', 'parent_id', null).map((r) => r.id)).toEqual(['g']);
  });

  it('refuses duplicate ids and nested transactions', () => {
    const store = new Store();
    store.insert('User', { id: 'u1', username: 'a' });
    expect(() => store.insert('User', { id: 'u1', username: 'b' })).toThrow(/duplicate/);
    expect(() => store.transact(() => store.transact(() => 1))).toThrow(/nested/);
  });
});

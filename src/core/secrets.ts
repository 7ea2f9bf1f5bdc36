import { compareAndSetMeta, getMeta, setMeta } from '../../db/queries/meta.js';
import { atomic, type Db } from '../../db/client.js';
import type { SecretStore } from './channel.js';

/** SecretStore over the `meta` table: one transaction per write, compare-and-set for rotation. */
export function createSecretStore(db: Db): SecretStore {
  return {
    get: (key) => getMeta(db, key),
    setAll(values) {
      atomic(db, () => {
        for (const [k, v] of Object.entries(values)) setMeta(db, k, v);
      });
    },
    compareAndSet: (key, expected, next) => compareAndSetMeta(db, key, expected, next),
  };
}

import { insertAudit } from '../../db/queries/audit.js';
import type { Actor, Deps } from './deps.js';

/** Records a state change. Call it inside the same transaction as the change itself. */
export function audit(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | number | null,
  before: unknown = null,
  after: unknown = null,
): void {
  insertAudit(deps.db, {
    at: deps.clock.now(),
    actor,
    action,
    entity,
    entityId: entityId == null ? null : String(entityId),
    before,
    after,
  });
}

import { deepFreeze } from '../core/freeze.js';
import { atomic } from '../../db/client.js';
import { getCommittee, insertCommittee, type CommitteeRow } from '../../db/queries/committees.js';
import { DomainError } from '../core/errors.js';
import { audit } from './audit.js';
import type { Actor, Deps } from './deps.js';
import { PRESET_IDS, getPreset, resolveSettings, type PresetId, type RegulationSettings } from './presets/index.js';

export type Committee = CommitteeRow;

export function isPresetId(s: string): s is PresetId {
  return (PRESET_IDS as readonly string[]).includes(s);
}

/** Creates a committee from a regulation preset, optionally overriding some of its settings. */
export function createCommittee(
  deps: Deps,
  input: { name: string; presetId: string; overrides?: Record<string, unknown> },
  actor: Actor,
): Committee {
  const name = input.name.trim();
  if (!name || name.length > 300) throw new DomainError('committee.bad_name', 'error.committee_name');
  if (!isPresetId(input.presetId)) {
    throw new DomainError('committee.bad_preset', 'error.unknown_preset', { preset: input.presetId, presets: PRESET_IDS.join(', ') });
  }
  const overrides = input.overrides ?? {};
  resolveSettings(input.presetId, overrides); // throws InvalidSettingsError naming bad paths
  return atomic(deps.db, () => {
    const row = insertCommittee(deps.db, { name, presetId: input.presetId, settingsOverrides: overrides, createdAt: deps.clock.now() });
    audit(deps, actor, 'committee.create', 'committee', row.id, null, row);
    return row;
  });
}

export function requireCommittee(deps: Pick<Deps, 'db'>, id: number): Committee {
  const c = getCommittee(deps.db, id);
  if (!c) throw new DomainError('committee.not_found', 'error.committee_not_found', { id });
  return c;
}

const settingsCache = new Map<string, RegulationSettings>();

/**
 * The committee's regulation: its preset with its own overrides applied, each setting citing its
 * article. Resolved (and validated) once per distinct preset and overrides, then shared: the
 * scheduler and every reminder read it, and resolving costs ~0.1 ms. Frozen, so a caller that
 * tried to change it would fail loudly instead of changing it for everyone.
 */
export function committeeSettings(committee: Committee): RegulationSettings {
  // A frozen row (the row cache's) cannot change: its settings are remembered with it, without
  // serialising its overrides again on every request and card.
  const frozen = Object.isFrozen(committee) && (committee.settingsOverrides == null || Object.isFrozen(committee.settingsOverrides));
  const known = frozen ? settingsOfRow.get(committee) : undefined;
  if (known) return known;
  const key = `${committee.presetId}|${JSON.stringify(committee.settingsOverrides ?? {})}`;
  let settings = settingsCache.get(key);
  if (!settings) {
    if (settingsCache.size > 1000) settingsCache.clear();
    settings = deepFreeze(resolveSettings(committee.presetId as PresetId, committee.settingsOverrides));
    settingsCache.set(key, settings);
  }
  if (frozen) settingsOfRow.set(committee, settings);
  return settings;
}

const settingsOfRow = new WeakMap<Committee, RegulationSettings>();


export function committeePreset(committee: Committee) {
  return getPreset(committee.presetId as PresetId);
}

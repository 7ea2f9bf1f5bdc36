import { createCommittee } from '../domain/committees.js';
import { PRESET_IDS } from '../domain/presets/index.js';
import { requireText, type CliContext } from './context.js';

export function committeeCreate(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const presetId = requireText(flags.preset, 'preset');
  const c = createCommittee(ctx.deps, { name: requireText(flags.name, 'name'), presetId }, 'cli');
  ctx.out(ctx.plain('cli.committee.created', { id: c.id, name: c.name, preset: c.presetId }), { id: c.id, name: c.name, preset: c.presetId });
}

export const PRESETS_HELP = PRESET_IDS.join(' | ');

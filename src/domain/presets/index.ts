/**
 * The five regulation presets, and how a committee's own overrides are applied to one.
 *
 *   getPreset('bac-giang-2021').settings.documentsLeadTime
 *     // { value: { unit: 'workingDays', amount: 2 }, article: 'Điều 10.4', quote: '…' }
 *   resolveSettings('bac-giang-2021', { quietHours: { start: '22:00', end: '06:30' } })
 *     // every setting validated; quietHours has source 'override' and keeps article null
 *
 * Presets are validated when this module loads and deep-frozen: treat them as read-only.
 */
import { deepFreeze } from '../../core/freeze.js';
import { z } from 'zod';
import { bacGiang2021 } from './bac-giang-2021.js';
import { binhDinh2019 } from './binh-dinh-2019.js';
import { boKhcn2018 } from './bo-khcn-2018.js';
import { haiPhong2020 } from './hai-phong-2020.js';
import {
  PRESET_ID_LIST,
  presetSchema,
  regulationSettingsSchema,
  type Cited,
  type Preset,
  type PresetId,
  type RegulationSettings,
} from './schema.js';
import { thanhHoa2014 } from './thanh-hoa-2014.js';

export * from './schema.js';

/** The preset ids, as a readonly tuple (usable in `z.enum(PRESET_IDS)`). */
export const PRESET_IDS = PRESET_ID_LIST;

export function isPresetId(id: unknown): id is PresetId {
  return typeof id === 'string' && (PRESET_ID_LIST as readonly string[]).includes(id);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type SettingsIssue = { path: string; message: string };

/** Overrides (or a preset id) that do not validate. `issues` names every bad path. */
export class InvalidSettingsError extends Error {
  constructor(readonly issues: SettingsIssue[]) {
    super(`Invalid committee settings: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidSettingsError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function toIssues(error: z.ZodError): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...issue.path, key]), message: 'unknown setting' });
      }
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------


function loadPreset(preset: Preset): Preset {
  const parsed = presetSchema.safeParse(preset);
  if (!parsed.success) {
    throw new Error(
      `preset ${preset.id} is invalid: ${toIssues(parsed.error)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return deepFreeze(parsed.data);
}

const PRESETS: Readonly<Record<PresetId, Preset>> = deepFreeze({
  'binh-dinh-2019': loadPreset(binhDinh2019),
  'bac-giang-2021': loadPreset(bacGiang2021),
  'hai-phong-2020': loadPreset(haiPhong2020),
  'bo-khcn-2018': loadPreset(boKhcn2018),
  'thanh-hoa-2014': loadPreset(thanhHoa2014),
});

/** The preset (deep-frozen: never mutate it; `resolveSettings` returns a fresh copy). */
export function getPreset(id: PresetId): Preset {
  if (!isPresetId(id)) {
    throw new InvalidSettingsError([{ path: 'presetId', message: `unknown preset "${String(id)}"` }]);
  }
  return PRESETS[id];
}

/** All presets, in PRESET_IDS order. */
export function listPresets(): Preset[] {
  return PRESET_IDS.map((id) => PRESETS[id]);
}

// ---------------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------------

type OverrideOf<T> = T extends { value: infer V; article: string | null }
  ? V
  : T extends Record<string, unknown>
    ? { [K in keyof T]?: OverrideOf<T[K]> }
    : never;

/**
 * A committee's overrides: a deep partial of the settings' *values*. The key path ends at a Cited
 * setting and the given value replaces that setting's whole value (objects are not merged).
 * `bodies` are not overridable.
 */
export type SettingsOverrides = { [K in Exclude<keyof RegulationSettings, 'bodies'>]?: OverrideOf<RegulationSettings[K]> };

type AnyObject = z.ZodObject<z.ZodRawShape>;

function isCitedShape(shape: z.ZodRawShape): boolean {
  return 'value' in shape && 'article' in shape;
}

/** Every override path that ends at a Cited setting, e.g. ['meetings', 'full']. */
const CITED_PATHS: string[][] = [];

function buildOverrideSchema(obj: AnyObject, prefix: string[]): AnyObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, child] of Object.entries(obj.shape)) {
    if (prefix.length === 0 && key === 'bodies') continue;
    if (!(child instanceof z.ZodObject)) throw new Error(`settings schema: ${[...prefix, key].join('.')} is not an object`);
    const childShape = (child as AnyObject).shape;
    if (isCitedShape(childShape)) {
      shape[key] = (childShape.value as z.ZodType).optional();
      CITED_PATHS.push([...prefix, key]);
    } else {
      shape[key] = buildOverrideSchema(child as AnyObject, [...prefix, key]).optional();
    }
  }
  return z.strictObject(shape);
}

/** Validates a committee's overrides (see `SettingsOverrides`). Unknown keys are errors. */
export const settingsOverrideSchema = buildOverrideSchema(
  regulationSettingsSchema as unknown as AnyObject,
  [],
) as unknown as z.ZodType<SettingsOverrides>;

function getAt(root: unknown, path: string[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * The preset's settings with the committee's overrides applied, fully validated. Every setting has
 * `source` 'preset', or 'override' where the committee changed it (the preset's article is kept
 * for reference). Never mutates the preset. Throws `InvalidSettingsError` naming every bad path.
 */
export function resolveSettings(presetId: PresetId, overrides: unknown): RegulationSettings {
  const preset = getPreset(presetId);
  const parsed = settingsOverrideSchema.safeParse(overrides ?? {});
  if (!parsed.success) throw new InvalidSettingsError(toIssues(parsed.error));

  const settings = structuredClone(preset.settings) as RegulationSettings;
  for (const path of CITED_PATHS) {
    const setting = getAt(settings, path) as Cited<unknown>;
    const override = getAt(parsed.data, path);
    if (override === undefined) {
      setting.source = 'preset';
    } else {
      setting.value = structuredClone(override);
      setting.source = 'override';
    }
  }

  const result = regulationSettingsSchema.safeParse(settings);
  if (!result.success) throw new InvalidSettingsError(toIssues(result.error));
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Citations
// ---------------------------------------------------------------------------------------------

function articlesEn(article: string): string {
  const parts = article.split(', ').map((a) => a.replace(/^Điều /, 'Art. '));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/**
 * Where a setting comes from, for messages: "theo Điều 11.1.c Quy chế" / "under Art. 11.1.c of the
 * regulation"; "mặc định của hệ thống" / "system default" when the regulation is silent; a
 * committee's override says so and names the article it replaces.
 * Accepts anything with an article (a Cited setting, a ReportRule, a body).
 */
export function describeSetting(
  setting: Pick<Cited<unknown>, 'article' | 'source'>,
  locale: 'vi' | 'en',
): string {
  const { article, source } = setting;
  if (source === 'override') {
    if (locale === 'vi') {
      return article ? `theo cấu hình riêng của Ban Chỉ đạo (thay cho ${article} Quy chế)` : 'theo cấu hình riêng của Ban Chỉ đạo';
    }
    return article ? `committee setting (instead of ${articlesEn(article)} of the regulation)` : 'committee setting';
  }
  if (article === null) return locale === 'vi' ? 'mặc định của hệ thống' : 'system default';
  return locale === 'vi' ? `theo ${article} Quy chế` : `under ${articlesEn(article)} of the regulation`;
}

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  InvalidSettingsError,
  PRESET_IDS,
  SYSTEM_DEFAULTS,
  describeSetting,
  getPreset,
  isPresetId,
  listPresets,
  presetSchema,
  regulationSettingsSchema,
  resolveSettings,
  settingsOverrideSchema,
  type Cited,
  type Preset,
  type PresetId,
  type ReportRule,
} from '../../src/domain/presets/index.js';

// shared/ sits beside the repository (locally and in CI).
// The five regulations (copies of shared/seeds) are fixtures, so these checks always run.
const SEEDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/regulations');

type Leaf = { path: string; setting: Cited<unknown> };

function isCited(x: unknown): x is Cited<unknown> {
  return x !== null && typeof x === 'object' && 'value' in x && 'article' in x;
}

/** Every Cited setting of a settings object, with its dotted path. */
function citedLeaves(settings: object, prefix = ''): Leaf[] {
  const out: Leaf[] = [];
  for (const [key, child] of Object.entries(settings)) {
    if (prefix === '' && key === 'bodies') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isCited(child)) out.push({ path, setting: child });
    else if (child && typeof child === 'object') out.push(...citedLeaves(child, path));
  }
  return out;
}

function at(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, k) => (cur as Record<string, unknown>)[k], root);
}

function reportRules(p: Preset): ReportRule[] {
  return [...p.settings.memberReports.value, ...p.settings.secretariatReports.value];
}

function rule(id: PresetId, ruleId: string): ReportRule {
  const found = reportRules(getPreset(id)).find((r) => r.id === ruleId);
  if (!found) throw new Error(`no rule ${ruleId} in ${id}`);
  return found;
}

/** Lines of each "Điều N" of a regulation (after the decision that issues it), markup stripped. */
function articlesOf(seedFile: string): Map<number, string[]> {
  const lines = readFileSync(resolve(SEEDS_DIR, seedFile), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\s*[*#\s]*Chương I\b/.test(l));
  const map = new Map<number, string[]>();
  let current: number | null = null;
  for (const line of lines.slice(start)) {
    const clean = line.replace(/[*#]/g, '').trim();
    const m = /^Điều (\d+)\s*[.:]/.exec(clean);
    if (m) current = Number(m[1]);
    if (current !== null) map.set(current, [...(map.get(current) ?? []), clean]);
  }
  return map;
}

/**
 * The text one citation points at: "Điều 9" => the whole article; "Điều 9.2" or "Điều 11.2.a" =>
 * its khoản 2 (from the line "2. …" to the next numbered khoản), whitespace-normalised.
 */
function citedText(articles: Map<number, string[]>, citation: string): string {
  const m = /^Điều (\d+)(?:\.(\d+))?/.exec(citation);
  if (!m) return '';
  const lines = articles.get(Number(m[1])) ?? [];
  if (m[2] === undefined) return normalise(lines.join(' '));
  const from = lines.findIndex((l) => l.startsWith(`${m[2]}. `));
  if (from < 0) return '';
  const rest = lines.slice(from + 1);
  const to = rest.findIndex((l) => /^\d+\.\s/.test(l));
  return normalise([lines[from], ...(to < 0 ? rest : rest.slice(0, to))].join(' '));
}

function normalise(s: string): string {
  return s.replace(/[*#]/g, '').replace(/\s+/g, ' ').trim();
}

describe('presets: shape and provenance', () => {
  it('when the presets load, then each validates against the schema and the ids match PRESET_IDS', () => {
    expect(listPresets().map((p) => p.id)).toEqual([...PRESET_IDS]);
    for (const id of PRESET_IDS) {
      const preset = getPreset(id);
      expect(preset.id).toBe(id);
      expect(() => presetSchema.parse(preset)).not.toThrow();
      expect(isPresetId(id)).toBe(true);
    }
    expect(isPresetId('ha-noi-2030')).toBe(false);
  });

  it('when the system defaults are validated, then they pass and cite no article', () => {
    expect(() => regulationSettingsSchema.parse(SYSTEM_DEFAULTS)).not.toThrow();
    for (const { setting } of citedLeaves(SYSTEM_DEFAULTS)) expect(setting.article).toBeNull();
  });

  it('when a setting cites no article, then it carries exactly the system default', () => {
    for (const preset of listPresets()) {
      for (const { path, setting } of citedLeaves(preset.settings)) {
        if (setting.article === null) {
          expect(setting.value, `${preset.id} ${path}`).toEqual((at(SYSTEM_DEFAULTS, path) as Cited<unknown>).value);
          expect(setting.quote, `${preset.id} ${path}`).toBeUndefined();
        }
      }
    }
  });

  it('when a setting differs from the system default, then it cites an article "Điều N…"', () => {
    for (const preset of listPresets()) {
      for (const { path, setting } of citedLeaves(preset.settings)) {
        const def = (at(SYSTEM_DEFAULTS, path) as Cited<unknown>).value;
        if (JSON.stringify(setting.value) !== JSON.stringify(def)) {
          expect(setting.article, `${preset.id} ${path}`).toMatch(/^Điều \d+/);
        }
      }
      for (const r of reportRules(preset)) expect(r.article, `${preset.id} ${r.id}`).toMatch(/^Điều \d+/);
    }
  });

  it('when report rules are listed, then their ids are unique kebab-case within each preset', () => {
    for (const preset of listPresets()) {
      const ids = reportRules(preset).map((r) => r.id);
      expect(new Set(ids).size, preset.id).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  describe('against the original texts (test/fixtures/regulations)', () => {
    it('when a preset names its seed file, then the file holds its decision number and title', () => {
      for (const preset of listPresets()) {
        const text = normalise(readFileSync(resolve(SEEDS_DIR, preset.regulation.seedFile), 'utf8'));
        const number = /số (\d+)\//.exec(preset.regulation.decision)?.[1];
        if (number) expect(text, preset.id).toContain(`${number}/QĐ-BCĐ`);
        // the title's distinctive tail, e.g. "tỉnh Bình Định"
        const place = preset.regulation.titleVi.split(' ').slice(-3).join(' ');
        expect(text, preset.id).toContain(place);
      }
    });

    it('when a setting quotes the regulation, then the cited clause exists and the quote is verbatim inside it', () => {
      let checked = 0;
      for (const preset of listPresets()) {
        const articles = articlesOf(preset.regulation.seedFile);
        const quoted: { where: string; article: string | null; quote?: string }[] = [
          ...citedLeaves(preset.settings).map(({ path, setting }) => ({ where: path, ...setting })),
          ...reportRules(preset).map((r) => ({ where: r.id, article: r.article, quote: r.quote })),
          ...Object.entries(preset.settings.bodies).map(([k, b]) => ({ where: `bodies.${k}`, ...b })),
        ];
        for (const { where, article, quote } of quoted) {
          const texts = (article ?? '').split(', ').map((c) => citedText(articles, c));
          // every cited article and clause exists in the original
          if (article) for (const t of texts) expect(t, `${preset.id} ${where}: ${article}`).not.toBe('');
          if (!quote) continue;
          expect(article, `${preset.id} ${where}`).not.toBeNull();
          expect(
            texts.some((t) => t.includes(normalise(quote))),
            `${preset.id} ${where}: "${quote}" not found in ${article}`,
          ).toBe(true);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });
  });
});

describe('presets: key values per regulation', () => {
  it('when Bình Định 2019 is loaded, then documents go 48 hours ahead under Điều 11.1.c and the committee meets every 6 months', () => {
    const s = getPreset('binh-dinh-2019').settings;
    expect(s.documentsLeadTime.value).toEqual({ unit: 'hours', amount: 48 });
    expect(s.documentsLeadTime.article).toBe('Điều 11.1.c');
    expect(s.meetings.full).toMatchObject({ value: 'semiannual', article: 'Điều 11.1.a' });
    expect(s.meetings.extraordinaryConvenedBy.value).toEqual(['chair', 'vice_chair']);
    expect(s.meetings.extraordinaryProposedBy.value).toEqual(['standing_member']);
    expect(s.actingChairOrder).toMatchObject({ value: ['vice_chair'], article: 'Điều 4' });
    expect(s.absence.requiresConsent).toMatchObject({ value: true, article: 'Điều 6.4' });
    expect(s.substitute.allowed).toMatchObject({ value: true, article: 'Điều 6.4' });
    expect(s.substitute.requiresWrittenOpinion.value).toBe(false);
    expect(s.documentsCopyToAgencyEmail).toMatchObject({ value: true, article: 'Điều 11.2.b' });
  });

  it('when Bắc Giang 2021 is loaded, then documents go 2 working days ahead under Điều 10.4 and the standing vice chair acts first', () => {
    const s = getPreset('bac-giang-2021').settings;
    expect(s.documentsLeadTime.value).toEqual({ unit: 'workingDays', amount: 2 });
    expect(s.documentsLeadTime.article).toBe('Điều 10.4');
    expect(s.meetings.full).toMatchObject({ value: 'quarterly', article: 'Điều 10.1' });
    expect(s.meetings.secretariat).toMatchObject({ value: 'quarterly', article: 'Điều 10.3' });
    expect(s.meetings.extraordinaryConvenedBy.value).toEqual(['chair', 'standing_vice_chair']);
    expect(s.actingChairOrder.value[0]).toBe('standing_vice_chair');
    expect(s.actingChairOrder.article).toBe('Điều 4.1');
    expect(s.substitute.requiresWrittenOpinion).toMatchObject({ value: true, article: 'Điều 6.4' });
  });

  it('when Hải Phòng 2020 is loaded, then no document lead time is set and the standing vice chair acts first', () => {
    const s = getPreset('hai-phong-2020').settings;
    expect(s.documentsLeadTime).toEqual({ value: { unit: 'none' }, article: null });
    expect(s.meetings.full).toMatchObject({ value: 'quarterly', article: 'Điều 7.1' });
    expect(s.meetings.secretariat).toMatchObject({ value: 'quarterly', article: 'Điều 7.3' });
    expect(s.actingChairOrder.value[0]).toBe('standing_vice_chair');
    expect(s.actingChairOrder.article).toBe('Điều 4.1');
    expect(s.absence.requiresConsent).toMatchObject({ value: true, article: 'Điều 5.5' });
    expect(s.substitute.requiresWrittenOpinion).toMatchObject({ value: true, article: 'Điều 5.5' });
    expect(s.bodies.secretariat.nameVi).toBe('Tổ Công tác giúp việc Ban Chỉ đạo');
  });

  it('when Bộ KH&CN 2018 is loaded, then no document lead time is set, the working group meets monthly and a substitute needs a written opinion', () => {
    const s = getPreset('bo-khcn-2018').settings;
    expect(s.documentsLeadTime).toEqual({ value: { unit: 'none' }, article: null });
    expect(s.meetings.full).toMatchObject({ value: 'quarterly', article: 'Điều 9.1' });
    expect(s.meetings.secretariat).toMatchObject({ value: 'monthly', article: 'Điều 9.3' });
    expect(s.actingChairOrder).toMatchObject({ value: ['vice_chair'], article: 'Điều 4.1' });
    expect(s.substitute.requiresWrittenOpinion).toMatchObject({ value: true, article: 'Điều 6.5' });
  });

  it('when Thanh Hóa 2014 is loaded, then documents go 5 working days ahead under Điều 9.4, the plenary is yearly and the standing body meets every 6 months', () => {
    const s = getPreset('thanh-hoa-2014').settings;
    expect(s.documentsLeadTime.value).toEqual({ unit: 'workingDays', amount: 5 });
    expect(s.documentsLeadTime.article).toBe('Điều 9.4');
    expect(s.meetings.full).toMatchObject({ value: 'yearly', article: 'Điều 9.1' });
    expect(s.meetings.standing).toMatchObject({ value: 'semiannual', article: 'Điều 9.2' });
    expect(s.bodies.standing).toMatchObject({ exists: true, article: 'Điều 9.2' });
    expect(s.meetings.extraordinaryConvenedBy.value).toEqual(['chair']);
    expect(s.meetings.standingExtraordinaryConvenedBy).toMatchObject({ value: ['chair', 'vice_chair'], article: 'Điều 9.2' });
    expect(s.actingChairOrder).toMatchObject({ value: ['vice_chair'], article: 'Điều 4.1' });
    expect(s.absence.attendanceRequired).toMatchObject({ value: true, article: 'Điều 6.1.c' });
    expect(s.longAbsenceNoticeMonths).toMatchObject({ value: 6, article: 'Điều 2.4' });
  });

  it('when any preset other than Thanh Hóa is loaded, then it has no standing body that meets', () => {
    for (const id of PRESET_IDS.filter((i) => i !== 'thanh-hoa-2014')) {
      const s = getPreset(id).settings;
      expect(s.bodies.standing.exists, id).toBe(false);
      expect(s.meetings.standing.value, id).toBe('none');
    }
  });

  it('when substitutes are compared, then Bắc Giang, Hải Phòng and Bộ KH&CN need a written opinion and Bình Định does not', () => {
    const written = PRESET_IDS.filter((id) => getPreset(id).settings.substitute.requiresWrittenOpinion.value);
    expect(written).toEqual(['bac-giang-2021', 'hai-phong-2020', 'bo-khcn-2018']);
  });
});

describe('presets: report rules and their due dates', () => {
  it('when Bình Định members report, then it is every 6 months, strictly before 30 June and 30 December (Điều 11.2.a)', () => {
    const r = rule('binh-dinh-2019', 'member-semiannual-report');
    expect(r).toMatchObject({ from: 'member', to: 'secretariat', period: 'semiannual', article: 'Điều 11.2.a' });
    expect(r.due).toEqual({
      kind: 'fixedDates',
      dates: [
        { month: 6, day: 30 },
        { month: 12, day: 30 },
      ],
      inclusive: false,
    });
    expect(rule('binh-dinh-2019', 'member-ad-hoc-report')).toMatchObject({ period: 'onRequest', article: 'Điều 6.5' });
  });

  it('when Bắc Giang members report, then it is quarterly under Điều 6.5 with a default due date after the quarter', () => {
    const r = rule('bac-giang-2021', 'member-quarterly-report');
    expect(r).toMatchObject({ from: 'member', period: 'quarterly', article: 'Điều 6.5' });
    expect(r.due).toEqual({ kind: 'afterPeriodEnd', days: 7 });
  });

  it('when Hải Phòng members and agencies report, then it is on request (Điều 8.3, Điều 10.3)', () => {
    const rules = getPreset('hai-phong-2020').settings.memberReports.value;
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r).toMatchObject({ period: 'onRequest', due: { kind: 'onRequest' } });
    expect(rule('hai-phong-2020', 'agency-report-on-request').article).toBe('Điều 10.3');
  });

  it('when Bộ KH&CN members report, then it is to the working group before each meeting (Điều 10.5)', () => {
    const r = rule('bo-khcn-2018', 'member-meeting-report');
    expect(r).toMatchObject({ from: 'member', to: 'secretariat', period: 'perMeeting', article: 'Điều 10.5' });
    expect(r.due).toEqual({ kind: 'beforeMeeting', workingDays: 5 });
  });

  it('when Thanh Hóa agencies report, then it is before 25 June (6-monthly) and before 25 November (yearly) under Điều 11.2', () => {
    expect(rule('thanh-hoa-2014', 'agency-semiannual-report')).toMatchObject({
      period: 'semiannual',
      article: 'Điều 11.2',
      due: { kind: 'fixedDates', dates: [{ month: 6, day: 25 }], inclusive: false },
    });
    expect(rule('thanh-hoa-2014', 'agency-yearly-report')).toMatchObject({
      period: 'yearly',
      article: 'Điều 11.2',
      due: { kind: 'fixedDates', dates: [{ month: 11, day: 25 }], inclusive: false },
    });
    expect(rule('thanh-hoa-2014', 'member-meeting-report')).toMatchObject({ period: 'perMeeting', article: 'Điều 9.3' });
  });

  it('when the secretariat reports, then it is quarterly where the text says so, and 6-monthly and yearly with a comment round in Thanh Hóa', () => {
    const quarterly: Record<string, string> = {
      'binh-dinh-2019': 'Điều 8.4',
      'bac-giang-2021': 'Điều 8.4',
      'hai-phong-2020': 'Điều 6.7',
      'bo-khcn-2018': 'Điều 7.8',
    };
    for (const [id, article] of Object.entries(quarterly)) {
      expect(rule(id as PresetId, 'secretariat-quarterly-report'), id).toMatchObject({
        from: 'secretariat',
        to: 'chair',
        period: 'quarterly',
        article,
      });
    }
    for (const ruleId of ['standing-agency-semiannual-report', 'standing-agency-yearly-report']) {
      expect(rule('thanh-hoa-2014', ruleId)).toMatchObject({ article: 'Điều 11.3', commentRoundBeforeSubmission: true });
    }
  });

  it('when a report rule says on request, then its due rule is on request, and a per-meeting one is due before the meeting', () => {
    const bad = { ...rule('bo-khcn-2018', 'member-meeting-report'), due: { kind: 'onRequest' } };
    expect(regulationSettingsSchema.shape.memberReports.safeParse({ value: [bad], article: null }).success).toBe(false);
  });
});

describe('presets: committee overrides', () => {
  it('when a valid override is given, then it replaces the value, marks source override and keeps the article', () => {
    const s = resolveSettings('bac-giang-2021', {
      documentsLeadTime: { unit: 'workingDays', amount: 3 },
      quietHours: { start: '22:00', end: '06:30' },
      meetings: { secretariat: 'monthly' },
    });
    expect(s.documentsLeadTime).toMatchObject({
      value: { unit: 'workingDays', amount: 3 },
      article: 'Điều 10.4',
      source: 'override',
    });
    expect(s.quietHours).toMatchObject({ value: { start: '22:00', end: '06:30' }, article: null, source: 'override' });
    expect(s.meetings.secretariat).toMatchObject({ value: 'monthly', article: 'Điều 10.3', source: 'override' });
    expect(s.meetings.full).toMatchObject({ value: 'quarterly', source: 'preset' });
    expect(s.reminders.source).toBe('preset');
  });

  it('when no overrides are given, then the preset settings come back with source preset', () => {
    for (const id of PRESET_IDS) {
      for (const overrides of [undefined, null, {}]) {
        const s = resolveSettings(id, overrides);
        for (const { path, setting } of citedLeaves(s)) expect(setting.source, `${id} ${path}`).toBe('preset');
        expect(s.documentsLeadTime.value).toEqual(getPreset(id).settings.documentsLeadTime.value);
      }
    }
  });

  it('when report rules are overridden, then the whole list is replaced and validated', () => {
    const rules: ReportRule[] = [
      {
        id: 'member-monthly-note',
        nameVi: 'Báo cáo nhanh',
        nameEn: 'Quick note',
        from: 'member',
        to: 'secretariat',
        period: 'quarterly',
        due: { kind: 'fixedDates', dates: [{ month: 3, day: 20 }], inclusive: true },
        article: null,
      },
    ];
    const s = resolveSettings('binh-dinh-2019', { memberReports: rules });
    expect(s.memberReports.value).toEqual(rules);
    expect(s.memberReports.source).toBe('override');
    expect(() => resolveSettings('binh-dinh-2019', { memberReports: [...rules, ...rules] })).toThrow(InvalidSettingsError);
  });

  it.each([
    ['a negative amount', { documentsLeadTime: { unit: 'hours', amount: -1 } }, 'documentsLeadTime.amount'],
    ['a bad time 25:00', { quietHours: { start: '25:00', end: '06:00' } }, 'quietHours.start'],
    ['an unknown top-level key', { lunchBreak: true }, 'lunchBreak'],
    ['an unknown nested key', { meetings: { weekly: 'monthly' } }, 'meetings.weekly'],
    ['a bad frequency', { meetings: { full: 'weekly' } }, 'meetings.full'],
    ['a bad role', { actingChairOrder: ['president'] }, 'actingChairOrder[0]'],
    ['a quorum above 1', { quorum: { fraction: 1.5, strict: false } }, 'quorum.fraction'],
    ['a bad date in a due rule', {
      secretariatReports: [
        {
          id: 'x',
          nameVi: 'x',
          nameEn: 'x',
          from: 'secretariat',
          to: 'chair',
          period: 'yearly',
          due: { kind: 'fixedDates', dates: [{ month: 2, day: 30 }], inclusive: false },
          article: null,
        },
      ],
    }, 'secretariatReports[0].due.dates[0]'],
    ['an article override', { bodies: { full: { nameVi: 'x' } } }, 'bodies'],
  ])('when an override has %s, then InvalidSettingsError names the path', (_label, overrides, path) => {
    let error: unknown;
    try {
      resolveSettings('hai-phong-2020', overrides);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSettingsError);
    const issues = (error as InvalidSettingsError).issues;
    expect(issues.map((i) => i.path)).toContain(path);
    expect((error as Error).message).toContain(path);
  });

  it('when several overrides are bad, then every bad path is listed', () => {
    try {
      resolveSettings('thanh-hoa-2014', { quietHours: { start: '25:00', end: '7:00' }, approvalWindowWorkingDays: 0 });
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidSettingsError).issues.map((i) => i.path).sort()).toEqual([
        'approvalWindowWorkingDays',
        'quietHours.end',
        'quietHours.start',
      ]);
    }
  });

  it('when overrides are not an object or the preset is unknown, then InvalidSettingsError is thrown', () => {
    expect(() => resolveSettings('bo-khcn-2018', 42)).toThrow(InvalidSettingsError);
    expect(() => resolveSettings('nowhere-2000' as PresetId, {})).toThrow(InvalidSettingsError);
  });

  it('when settingsOverrideSchema parses a deep partial, then it accepts values only', () => {
    expect(settingsOverrideSchema.safeParse({ absence: { requiresConsent: false } }).success).toBe(true);
    expect(
      settingsOverrideSchema.safeParse({ absence: { requiresConsent: { value: false, article: null } } }).success,
    ).toBe(false);
  });

  it('when settings are resolved and the result is changed, then the preset objects are untouched', () => {
    const before = PRESET_IDS.map((id) => JSON.stringify(getPreset(id)));
    for (const id of PRESET_IDS) {
      const s = resolveSettings(id, { documentsLeadTime: { unit: 'hours', amount: 72 }, actingChairOrder: ['member'] });
      s.meetings.full.value = 'monthly';
      s.memberReports.value.push({ ...rule('bo-khcn-2018', 'member-ad-hoc-report'), id: 'never' });
      s.quorum.value.fraction = 0.9;
      s.bodies.full.nameVi = 'x';
    }
    expect(PRESET_IDS.map((id) => JSON.stringify(getPreset(id)))).toEqual(before);
    expect(JSON.stringify(SYSTEM_DEFAULTS.quorum.value)).toBe('{"fraction":0.5,"strict":true}');
  });

  it('when someone tries to mutate a preset, then it is frozen', () => {
    const p = getPreset('binh-dinh-2019');
    expect(Object.isFrozen(p.settings.documentsLeadTime.value)).toBe(true);
    expect(() => {
      (p.settings.meetings.full as { value: string }).value = 'monthly';
    }).toThrow(TypeError);
  });
});

describe('presets: citations', () => {
  it('when a setting cites an article, then it is described as "theo Điều … Quy chế" / "under Art. … of the regulation"', () => {
    const s = getPreset('binh-dinh-2019').settings;
    expect(describeSetting(s.documentsLeadTime, 'vi')).toBe('theo Điều 11.1.c Quy chế');
    expect(describeSetting(s.documentsLeadTime, 'en')).toBe('under Art. 11.1.c of the regulation');
    expect(describeSetting(s.memberReports, 'en')).toBe('under Art. 6.5 and Art. 11.2.a of the regulation');
  });

  it('when a setting has no article, then it is described as the system default', () => {
    const s = getPreset('hai-phong-2020').settings;
    expect(describeSetting(s.documentsLeadTime, 'vi')).toBe('mặc định của hệ thống');
    expect(describeSetting(s.quietHours, 'en')).toBe('system default');
  });

  it('when a setting was overridden, then the description says it is the committee’s own and names the article it replaces', () => {
    const s = resolveSettings('bac-giang-2021', { documentsLeadTime: { unit: 'workingDays', amount: 3 }, quorum: { fraction: 0.6, strict: false } });
    expect(describeSetting(s.documentsLeadTime, 'vi')).toBe('theo cấu hình riêng của Ban Chỉ đạo (thay cho Điều 10.4 Quy chế)');
    expect(describeSetting(s.documentsLeadTime, 'en')).toBe('committee setting (instead of Art. 10.4 of the regulation)');
    expect(describeSetting(s.quorum, 'en')).toBe('committee setting');
    expect(describeSetting(s.meetings.full, 'vi')).toBe('theo Điều 10.1 Quy chế');
  });
});

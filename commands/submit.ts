import { encodeAction } from '../src/core/actions.js';
import type { Command, Ctx, DialogState } from '../src/core/command.js';
import { formatDateTime } from '../src/core/i18n.js';
import { REPORT_FILE_MAX_BYTES, storeReportFile, type ReportFile } from '../src/domain/report-files.js';
import { ruleName, ruleSource } from '../src/domain/report-messages.js';
import { describePeriod } from '../src/domain/report-periods.js';
import { checkSubmission, obligationsFor, submitReport, type SubmissionCheck } from '../src/domain/reports.js';

interface Choice {
  ruleId: string;
  period: string;
}

const MAX_CHOICES = 10;
const TYPES = 'pdf, doc, docx, xls, xlsx, odt, ods, jpg, png, zip';

function expired(ctx: Ctx): void {
  ctx.toast(ctx.t('report.submit.expired'), true);
  ctx.reply(ctx.t('report.submit.expired'));
}

/** Asks for the content of the chosen obligation: a file or the text itself. */
function askContent(ctx: Ctx, { obligation: o, settings }: SubmissionCheck): void {
  ctx.dialog.set('content', { ruleId: o.rule.id, period: o.period });
  ctx.reply(
    ctx.t('report.submit.send', {
      report: ruleName(o.rule, ctx.locale),
      period: describePeriod(ctx.t, ctx.locale, o.period, o.meetingStartsAt),
      due: formatDateTime(o.dueAt, ctx.locale),
      rule: ruleSource(settings, o.list, o.rule, ctx.locale),
      types: TYPES,
      max: REPORT_FILE_MAX_BYTES / 1024 / 1024,
    }),
  );
}

/** Records the report, keeps a local copy of its file after the commit, answers with the receipt. */
function finish(ctx: Ctx, state: DialogState, content: { text?: string; file?: ReportFile }): void {
  const { ruleId, period } = state.data as unknown as Choice;
  const me = ctx.member!;
  const { submission, obligation, lateWorkingDays } = submitReport(ctx.deps, { memberId: me.id, ruleId, period, ...content }, `member:${me.id}`);
  ctx.dialog.end();
  if (submission.fileId) {
    const deps = ctx.deps;
    ctx.afterCommit(async () => {
      await storeReportFile(deps, submission);
    });
  }
  const lines = [
    ctx.t('report.submit.receipt', {
      receipt: submission.receipt,
      report: ruleName(obligation.rule, ctx.locale),
      period: describePeriod(ctx.t, ctx.locale, period, obligation.meetingStartsAt),
      time: formatDateTime(submission.submittedAt, ctx.locale),
    }),
    submission.fileName ? ctx.t('report.submit.file', { name: submission.fileName }) : ctx.t('report.submit.text', { n: submission.text?.length ?? 0 }),
  ];
  if (submission.late) lines.push(ctx.t('report.submit.late', { days: lateWorkingDays, due: formatDateTime(obligation.dueAt, ctx.locale) }));
  ctx.reply(lines.join('\n'));
}

/**
 * `/submit`: pick one of my open report obligations from buttons, then send a file (pdf, doc,
 * docx, xls, xlsx, odt, ods, jpg, png, zip; ≤ 20 MB) or type the report; the answer is a receipt.
 * `/submit <report-id> <period>` skips the choice.
 */
export const submitCommand: Command = {
  name: 'submit',
  descriptionKey: 'cmd.submit.description',
  access: 'reports.submit',
  run(ctx, args) {
    const me = ctx.member!;
    const [ruleId, period] = args.split(/\s+/).filter(Boolean);
    if (ruleId) {
      if (!period) {
        ctx.reply(ctx.t('report.submit.usage'));
        return;
      }
      askContent(ctx, checkSubmission(ctx.deps, me.id, ruleId, period, ctx.now));
      return;
    }
    const open = obligationsFor(ctx.deps, me.id, ctx.now)
      .owed.filter((o) => (o.status === 'pending' || o.status === 'overdue') && o.opensAt <= ctx.now && o.owner.submitIds.includes(me.id))
      .slice(0, MAX_CHOICES);
    if (!open.length) {
      ctx.reply(ctx.t('report.submit.none'));
      return;
    }
    // The buttons carry a nonce and an index into the list kept server-side: an old button
    // cannot pick from a newer list.
    const nonce = ctx.now.toString(36).slice(-6);
    const choices: Choice[] = open.map((o) => ({ ruleId: o.rule.id, period: o.period }));
    ctx.dialog.set('choose', { nonce, choices });
    ctx.reply({
      text: ctx.t('report.submit.choose'),
      buttons: open.map((o, i) => [
        {
          label: `${ruleName(o.rule, ctx.locale).slice(0, 48)} – ${describePeriod(ctx.t, ctx.locale, o.period)}${o.status === 'overdue' ? ' ⚠️' : ''}`,
          action: encodeAction('rsub', nonce, i),
        },
      ]),
    });
  },
  onText(ctx, text, state) {
    if (state.step !== 'content') {
      ctx.reply(ctx.t('report.submit.pick'));
      return;
    }
    finish(ctx, state, { text });
  },
  onFile(ctx, file, state) {
    if (state.step !== 'content') {
      ctx.reply(ctx.t('report.submit.pick'));
      return;
    }
    finish(ctx, state, {
      file: { platform: ctx.sender.platform, fileId: file.fileId, name: file.name, ...(file.mime ? { mime: file.mime } : {}), ...(file.size !== undefined ? { size: file.size } : {}) },
    });
  },
  actions: {
    rsub(ctx, [nonce, index]) {
      const state = ctx.dialog.current();
      const data = state?.data as { nonce?: string; choices?: Choice[] } | undefined;
      const choice = data?.choices?.[Number(index)];
      if (!state || state.command !== 'submit' || state.step !== 'choose' || data?.nonce !== nonce || !choice) return expired(ctx);
      const check = checkSubmission(ctx.deps, ctx.member!.id, choice.ruleId, choice.period, ctx.now);
      askContent(ctx, check);
      ctx.toast(ruleName(check.obligation.rule, ctx.locale).slice(0, 100));
    },
  },
};

import type { Command } from '../src/core/command.js';
import { getMember } from '../db/queries/members.js';
import { can } from '../src/domain/permissions.js';
import { boardSummary, obligationLine, ruleName, ruleSource } from '../src/domain/report-messages.js';
import { obligationsFor, reportStatusBoard } from '../src/domain/reports.js';

/**
 * `/reports`: what I owe (due dates in the member's language, the article each comes from) and
 * what I — or my agency — handed in; leaders and the secretariat also see the board in brief.
 */
export const reportsCommand: Command = {
  name: 'reports',
  descriptionKey: 'cmd.reports.description',
  access: 'member',
  run(ctx) {
    const { t, locale } = ctx;
    const me = ctx.member!;
    const { owed, onRequest, settings } = obligationsFor(ctx.deps, me.id, ctx.now);
    const todo = owed.filter((o) => o.status === 'pending' || o.status === 'overdue');
    const done = owed.filter((o) => o.status === 'submitted' || o.status === 'late');
    const parts = [t('report.list.title')];
    parts.push(todo.length ? [t('report.list.todo'), ...todo.map((o) => obligationLine(t, locale, settings, o))].join('\n') : t('report.list.nothing_due'));
    if (done.length) {
      const by = (memberId: number) => (memberId === me.id ? undefined : getMember(ctx.deps.db, memberId)?.name);
      parts.push([t('report.list.done'), ...done.map((o) => obligationLine(t, locale, settings, o, by(o.submission!.memberId)))].join('\n'));
    }
    if (onRequest.length) {
      const lines = onRequest.map(({ rule, list }) => t('report.list.on_request_item', { report: ruleName(rule, locale), rule: ruleSource(settings, list, rule, locale) }));
      parts.push([t('report.list.on_request'), ...lines].join('\n'));
    }
    if (todo.length) parts.push(t('report.list.how'));
    if (can(me.role, 'reports.review')) {
      const board = reportStatusBoard(ctx.deps, me.committeeId, undefined, ctx.now);
      parts.push(`${t('report.board.title')}\n${boardSummary(t, locale, board)}`);
    }
    ctx.reply(parts.join('\n\n'));
  },
};

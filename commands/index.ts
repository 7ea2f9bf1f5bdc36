import { createRegistry, type Registry } from '../src/core/command.js';
import { absentCommand } from './absent.js';
import { acknowledgeCommand } from './acknowledge.js';
import { attendanceCommand } from './attendance.js';
import { cancelCommand } from './cancel.js';
import { decideCommand } from './decide.js';
import { delegateCommand } from './delegate.js';
import { documentsCommand } from './documents.js';
import { createHelpCommand } from './help.js';
import { languageCommand } from './language.js';
import { meetingCommand } from './meeting.js';
import { meetingsCommand } from './meetings.js';
import { noticeCommand } from './notice.js';
import { reportsCommand } from './reports.js';
import { startCommand } from './start.js';
import { submitCommand } from './submit.js';

/** Every bot command, in the order /help lists them. A name clash fails here, at startup. */
export function buildRegistry(): Registry {
  const registry: Registry = createRegistry([
    startCommand,
    createHelpCommand(() => registry),
    meetingsCommand,
    meetingCommand,
    absentCommand,
    delegateCommand,
    attendanceCommand,
    documentsCommand,
    reportsCommand,
    submitCommand,
    noticeCommand,
    languageCommand,
    cancelCommand,
    decideCommand,
    acknowledgeCommand,
  ]);
  return registry;
}

import { createRegistry, type Registry } from '../src/core/command.js';
import { cancelCommand } from './cancel.js';
import { createHelpCommand } from './help.js';
import { languageCommand } from './language.js';
import { meetingCommand } from './meeting.js';
import { meetingsCommand } from './meetings.js';
import { startCommand } from './start.js';

/** Every bot command, in the order /help lists them. A name clash fails here, at startup. */
export function buildRegistry(): Registry {
  const registry: Registry = createRegistry([
    startCommand,
    createHelpCommand(() => registry),
    meetingsCommand,
    meetingCommand,
    languageCommand,
    cancelCommand,
  ]);
  return registry;
}

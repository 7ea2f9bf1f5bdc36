import type { Channel, ChatAddress, EventHandler, IncomingEvent, MessageRef, OutgoingMessage, Platform } from '../../src/core/channel.js';
import { Invalid, RateLimited, Transient, Unreachable } from '../../src/core/errors.js';

export interface Delivered {
  to: ChatAddress;
  message: OutgoingMessage;
  messageId: string;
}

/**
 * An in-memory channel, like Errbot's test backend: `deliver` plays an incoming event, `sent`
 * lists what the bot sent. `fail(address, error)` scripts platform failures for the next sends.
 */
export function memoryChannel(platform: Platform = 'console', opts: { buttons?: boolean } = {}) {
  let handler: EventHandler | undefined;
  const sent: Delivered[] = [];
  const failures = new Map<ChatAddress, Error[]>();
  const waiters: { pred: (d: Delivered) => boolean; resolve: (d: Delivered) => void }[] = [];
  let nextId = 1;
  const channel: Channel & {
    sent: Delivered[];
    deliver(event: IncomingEvent): Promise<unknown>;
    fail(address: ChatAddress, ...errors: Error[]): void;
    waitFor(pred: (d: Delivered) => boolean, timeoutMs?: number): Promise<Delivered>;
    textsTo(address: ChatAddress): string[];
  } = {
    platform,
    capabilities: { buttons: opts.buttons ?? false, edit: false, maxTextLength: 4096 },
    sent,
    async start(h) {
      handler = h;
    },
    async stop() {
      handler = undefined;
    },
    async send(to, message): Promise<MessageRef> {
      const queue = failures.get(to);
      const err = queue?.shift();
      if (err) throw err;
      const d = { to, message, messageId: String(nextId++) };
      sent.push(d);
      for (const w of [...waiters]) {
        if (w.pred(d)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(d);
        }
      }
      return { address: to, messageId: d.messageId };
    },
    deliver(event) {
      if (!handler) throw new Error('channel not started');
      return handler(event);
    },
    fail(address, ...errors) {
      failures.set(address, [...(failures.get(address) ?? []), ...errors]);
    },
    waitFor(pred, timeoutMs = 5000) {
      const found = sent.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a sent message')), timeoutMs);
        waiters.push({
          pred,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
    textsTo: (address) => sent.filter((d) => d.to === address).map((d) => d.message.text),
  };
  return channel;
}

export type MemoryChannel = ReturnType<typeof memoryChannel>;
export { Invalid, RateLimited, Transient, Unreachable };

/**
 * The client commands of `herald` (listen, publish, tail): the installed `herald` bin runs them, and
 * the server's main (apps/server/src/main.ts) hands these words over so one `herald` does both.
 */
import { listen } from './listen.ts';
import { publish } from './publish.ts';
import type { CommandIo } from './shared.ts';
import { version } from './shared.ts';
import { tail } from './tail.ts';

const commands: Record<string, (argv: string[], io: CommandIo) => Promise<number>> = {
  listen,
  publish,
  tail,
};

export const isClientCommand = (word: string | undefined): boolean => word !== undefined && word in commands;

export const USAGE = `usage: herald <command> [options]    (herald ${version})

  herald listen   forward an application's events to a local URL, signed (like stripe listen)
  herald publish  publish one message
  herald tail     print an application's messages as they are published

Each takes --url (or $HERALD_URL) and --key (or $HERALD_API_KEY); --help shows the rest.`;

/** Runs one command with process I/O and SIGINT/SIGTERM wired to a clean stop; the exit code. */
export async function run(command: string, argv: string[]): Promise<number> {
  const fn = commands[command];
  if (!fn) {
    console.error(`herald: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  const controller = new AbortController();
  let stops = 0;
  const stop = () => {
    // a second Ctrl-C does not wait for the last ack
    if (++stops > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await fn(argv, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      env: process.env,
      signal: controller.signal,
      stdin: async () => {
        let text = '';
        for await (const chunk of process.stdin.setEncoding('utf8')) text += chunk;
        return text;
      },
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

import type { GroupingLogger } from '../../core/logger.js';

/** Plain lines for a terminal or another CI's log: no workflow commands. */
export function consoleLogger(info: NodeJS.WritableStream, warnings: NodeJS.WritableStream): GroupingLogger {
  return {
    info: (line) => info.write(`${line}\n`),
    warning: (line) => warnings.write(`warning: ${line}\n`),
    startGroup: (title) => info.write(`== ${title}\n`),
    endGroup: () => undefined,
  };
}

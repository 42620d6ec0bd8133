/** Where adapters report progress; the Actions runtime and a terminal each provide one. */
export interface Logger {
  info(line: string): void;
  warning(line: string): void;
}

/**
 * Around every test of the calling file: the named environment variables are saved before it and
 * restored after it; those in `cleared` are unset while it runs.
 */
export function isolateEnvironment(names: readonly string[], cleared: readonly string[] = names): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of cleared) delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

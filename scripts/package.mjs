// Rebuilds dist/: one ncc bundle per entry point, each in its own folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const entries = {
  main: 'src/entry/main.ts',
  post: 'src/entry/post.ts',
  'credential-helper': 'src/entry/credential-helper.ts',
  cli: 'src/entry/cli.ts',
  'git-remote-codecommit': 'src/entry/git-remote-codecommit.ts',
  'oidc-token': 'src/entry/oidc-token.ts',
};
rmSync('dist', { recursive: true, force: true });
for (const [name, source] of Object.entries(entries)) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      source,
      '-o',
      `dist/${name}`,
      '--minify',
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
}
// The command's bundle is run directly (package.json bin).
chmodSync('dist/cli/index.js', 0o755);

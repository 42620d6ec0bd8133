// Placeholder runner; replaced by the closed-VPC runner.
import { spawnSync } from 'node:child_process';
const r = spawnSync('npx', ['jest', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
process.exit(r.status ?? 1);

import { execSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const __dirname = path.dirname(new URL(import.meta.url).pathname);

// Each package from its own folder: the option says which.
spawnSync('npm', ['publish'], {
  stdio: 'inherit',
  cwd: path.join(__dirname, '..', 'packages', 'web'),
});
execSync('npm publish --provenance', { cwd: 'packages/server', stdio: 'inherit' });

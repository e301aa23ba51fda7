import { spawn } from 'node:child_process';

const tag = process.env.DIST_TAG ?? 'latest';
console.log(`Publishing with tag ${tag}; this runs pnpm publish, not npm publish.`);

const publishArgs = ['publish', '--access', 'public', '--no-git-checks', '--tag', tag];
if (process.env.DRY_RUN) publishArgs.push('--dry-run');

const child = spawn('pnpm', publishArgs, { stdio: 'inherit' });
child.on('close', (code) => process.exit(code ?? 1));

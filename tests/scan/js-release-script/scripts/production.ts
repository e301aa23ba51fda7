import { execFileSync } from 'node:child_process';

const tag = process.argv.includes('--tag') ? process.argv[process.argv.indexOf('--tag') + 1] : 'latest';
execFileSync('npm', ['publish', '--workspaces', '--tag', tag], { stdio: 'inherit' });

import { execSync } from 'node:child_process';

const tag = process.env.RELEASE_TAG ?? 'latest';
for (const lib of ['signals', 'forms']) {
  const cmd = [
    'npm publish',
    `./libs/${lib}`,
    '--access=public',
    `--tag=${tag}`,
  ];
  execSync(cmd.join(' '), { stdio: 'inherit' });
}

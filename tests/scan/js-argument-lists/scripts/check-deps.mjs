import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const leaks = Object.entries(manifest.dependencies ?? {}).filter(([, v]) => v.startsWith('workspace:'));
if (leaks.length > 0) {
  console.error(
    'workspace: ranges found.\n' +
      'Publish with `pnpm publish`, which rewrites them, never with `npm publish`.',
  );
  throw new Error('npm publish would ship workspace: ranges');
}

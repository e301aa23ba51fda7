// Refuses to publish a version that the tag being released does not name.
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const tag = process.env.GITHUB_REF_NAME ?? '';
if (tag !== `v${version}`) {
  console.error(`tag ${tag} does not release ${version}`);
  process.exit(1);
}

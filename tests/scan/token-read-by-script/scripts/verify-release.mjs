// Refuses to publish a version that the tag being released does not name,
// and writes the .npmrc the publish then authenticates with.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const tag = process.env.GITHUB_REF_NAME ?? '';
if (tag !== `v${version}`) {
  console.error(`tag ${tag} does not release ${version}`);
  process.exit(1);
}
if (process.env.NPM_TOKEN) {
  writeFileSync(`${homedir()}/.npmrc`, `//registry.npmjs.org/:_authToken=${process.env.NPM_TOKEN}\n`);
}

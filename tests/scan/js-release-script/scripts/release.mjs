#!/usr/bin/env node
/**
 * Publishes every workspace package. To see what would go out, run
 * `npm publish --dry-run` in a package folder first.
 */
import { execSync } from 'node:child_process';

const registry = 'https://registry.npmjs.org/'; // a URL is no comment
// Older releases ran: npm publish --tag legacy
const dry = process.argv.includes('--check');
execSync(`pnpm publish --filter "./packages/*" --access public --no-git-checks ${dry ? '--dry-run' : ''} --registry ${registry}`, {
  stdio: 'inherit',
});

#!/usr/bin/env node
import { $ } from 'execa';

async function main() {
  // What the next version would be: a dry run.
  const { stdout: next } = await $`auto shipit --dry-run --quiet`;
  await $`yarn build`;
  console.info(`releasing ${next}`);
  await $({ stdout: 'inherit', stderr: 'inherit' })`auto shipit`;
}

main();

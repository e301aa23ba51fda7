#!/usr/bin/env node
// Writes the release notes. Publishing is done by `pnpm release`, never here:
// do not add npm publish to this file.
import { writeFileSync } from 'node:fs';

writeFileSync('NOTES.md', '# Notes\n');

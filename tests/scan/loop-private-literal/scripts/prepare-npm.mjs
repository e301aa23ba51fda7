// Copies the built binaries in and makes the launcher publishable.
import { readFileSync, writeFileSync } from 'node:fs'
const file = 'tools/npm/beam/package.json'
const manifest = JSON.parse(readFileSync(file, 'utf8'))
delete manifest.private
writeFileSync(file, JSON.stringify(manifest, null, 2))

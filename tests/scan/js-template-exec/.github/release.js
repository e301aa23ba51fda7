// Publishes the packages the release commit lists, one line each ("- @tern/core@2.0.1").
const { execSync } = require('node:child_process')

const body = execSync('git log -1 --pretty=%B', { encoding: 'utf8' }).split('\n').slice(1)
const names = body.filter(Boolean).map((line) => line.slice(2, line.lastIndexOf('@')))

for (const name of names) {
  console.log(`Publishing ${name} with npm publish`)
  execSync(`yarn workspace ${name} exec "npm publish --provenance"`, { stdio: 'inherit' })
}

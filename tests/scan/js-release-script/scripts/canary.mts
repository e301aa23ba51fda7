import { releasePublish, releaseVersion } from 'nx/release';

// Canary builds: version every project, then publish them under the canary tag.
const { projectsVersionData } = await releaseVersion({ specifier: 'prerelease', preid: 'canary' });
const results = await releasePublish({
  tag: 'canary',
  dryRun: process.env.DRY_RUN === 'true',
});
process.exit(Object.values(results).every((r) => r.code === 0) ? 0 : 1);

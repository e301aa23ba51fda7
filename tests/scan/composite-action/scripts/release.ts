// Builds every package, then publishes the ones whose version is not on npm yet.
import { execSync } from "node:child_process";

const run = (cmd: string) => execSync(cmd, { stdio: "inherit" });

run("pnpm -r build");
run("pnpm publish -r --access public --no-git-checks");

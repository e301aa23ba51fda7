// Prints the directory of each package whose name@version tag is on HEAD.
import { execSync } from "node:child_process";
const tags = execSync("git tag --points-at HEAD").toString().split("\n");
for (const tag of tags) if (tag.includes("@")) console.log(`packages/${tag.split("@")[1].split("/")[1]}`);

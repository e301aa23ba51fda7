// Publishes the package the release tag names, with the team's release helpers.
import { publish } from "@lens-build/release-scripts";

await publish({ defaultPackage: "lens", packageManager: "pnpm", provenance: true });

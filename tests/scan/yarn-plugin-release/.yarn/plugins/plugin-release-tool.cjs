// A Yarn plugin adding `yarn release-tool version|publish`.
module.exports = { name: "release-tool", factory: () => ({}) };

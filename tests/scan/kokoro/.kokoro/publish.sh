#!/bin/bash
set -eo pipefail
cd $(dirname $0)/..
NPM_TOKEN=$(cat $KOKORO_KEYSTORE_DIR/12345_widgets-npm-token)
echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
npm install
npm pack .
tarball=$(ls cloud-widgets-*.tgz)
npm publish --access=public "$tarball"

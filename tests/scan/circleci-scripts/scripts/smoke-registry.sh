#!/bin/bash
# Publishes to a throw-away local registry to check the tarballs install.
registry="http://localhost:4873"
npm set registry $registry
yarn npm publish --tag smoke

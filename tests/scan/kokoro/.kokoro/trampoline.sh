#!/bin/bash
# Runs the job script named by TRAMPOLINE_BUILD_FILE in its image.
exec "$@"

# Writes `pubplan solve examples/acme.yaml --format json --as-of 2026-12-04` to
# OUT (the day test_capi.c solves on). Exit 1 (some package has nothing that
# fits) is the expected outcome for acme.
execute_process(COMMAND ${CLI} solve examples/acme.yaml --format json --as-of 2026-12-04
                OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "pubplan solve exited with ${rc}, expected 1")
endif()

# Writes `pubplan solve examples/acme.yaml --format json` to OUT. Exit 1 (some
# package has nothing that fits) is the expected outcome for acme.
execute_process(COMMAND ${CLI} solve examples/acme.yaml --format json
                OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "pubplan solve exited with ${rc}, expected 1")
endif()

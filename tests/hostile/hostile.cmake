# Registers every case of tests/hostile/cases.txt as the CTest test hostile.NAME (run by run.sh under
# its time and memory bounds). Included from tests/CMakeLists.txt.
set(hostile_dir ${CMAKE_CURRENT_LIST_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${hostile_dir}/cases.txt)
file(STRINGS ${hostile_dir}/cases.txt hostile_lines REGEX "^[a-z][a-z0-9._-]* +[|] ")
foreach(line IN LISTS hostile_lines)
  string(REGEX MATCH "^[a-z][a-z0-9._-]*" case "${line}")
  add_test(NAME hostile.${case} COMMAND bash ${hostile_dir}/run.sh ${case})
  set_tests_properties(hostile.${case} PROPERTIES
    ENVIRONMENT "QUIRE_BIN=${PROJECT_BINARY_DIR}/tools;QUIRE_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS hostile)
endforeach()

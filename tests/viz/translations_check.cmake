# Extracts every tr()/trn() string of viz/app with xgettext and checks with msgcmp that
# po/it.po translates each one (run by ctest: cmake -DSOURCE_DIR=... -DWORK_DIR=... -P this).
file(GLOB sources ${SOURCE_DIR}/viz/app/*.cpp)
execute_process(COMMAND xgettext --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --no-location
                        -o ${WORK_DIR}/postino-check.pot ${sources}
                RESULT_VARIABLE extracted)
if(NOT extracted EQUAL 0)
  message(FATAL_ERROR "xgettext failed")
endif()
execute_process(COMMAND msgcmp ${SOURCE_DIR}/po/it.po ${WORK_DIR}/postino-check.pot
                RESULT_VARIABLE compared ERROR_VARIABLE problems)
if(NOT compared EQUAL 0)
  message(FATAL_ERROR "po/it.po misses translations:\n${problems}")
endif()

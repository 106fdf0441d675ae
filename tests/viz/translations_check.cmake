# Extracts every tr()/trn()/trf()/trnf() string of viz/app and every phrase()/phrasePlural()/N_()
# of the simulator with xgettext
# and checks with msgcmp that each catalog in po/ translates all of them
# (run by ctest: cmake -DSOURCE_DIR=... -DWORK_DIR=... -P this).
file(GLOB sources ${SOURCE_DIR}/viz/app/*.cpp ${SOURCE_DIR}/sim/nodes/*.cpp ${SOURCE_DIR}/sim/nodes/*.h ${SOURCE_DIR}/sim/net/*.cpp ${SOURCE_DIR}/sim/mta/*.cpp ${SOURCE_DIR}/sim/world/*.cpp
     ${SOURCE_DIR}/sim/trace/*.h ${SOURCE_DIR}/sim/trace/*.cpp ${SOURCE_DIR}/sim/scenario/*.cpp ${SOURCE_DIR}/sim/auth/*.cpp)
execute_process(COMMAND xgettext --from-code=UTF-8 --keyword=tr --keyword=trn:1,2 --keyword=trf --keyword=trnf:1,2 --keyword=phrase --keyword=phrasePlural:1,2 --keyword=N_
                        --no-location -o ${WORK_DIR}/postino-check.pot ${sources}
                RESULT_VARIABLE extracted)
if(NOT extracted EQUAL 0)
  message(FATAL_ERROR "xgettext failed")
endif()
file(GLOB catalogs ${SOURCE_DIR}/po/*.po)
foreach(po ${catalogs})
  execute_process(COMMAND msgcmp ${po} ${WORK_DIR}/postino-check.pot
                  RESULT_VARIABLE compared ERROR_VARIABLE problems)
  if(NOT compared EQUAL 0)
    message(FATAL_ERROR "${po} misses translations:\n${problems}")
  endif()
endforeach()

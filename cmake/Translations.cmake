# The translation catalogs, for the desktop and the browser build alike:
# po/<lang>.po -> <build>/locale/<lang>/LC_MESSAGES/postino.mo (target postino_translations).
file(GLOB POSTINO_PO_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/po/*.po)
set(POSTINO_MO_FILES)
foreach(po ${POSTINO_PO_FILES})
  get_filename_component(lang ${po} NAME_WE)
  set(mo ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES/postino.mo)
  add_custom_command(
    OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES
    COMMAND ${MSGFMT_EXECUTABLE} --check -o ${mo} ${po}
    DEPENDS ${po}
    COMMENT "Compiling the ${lang} translation"
    VERBATIM)
  list(APPEND POSTINO_MO_FILES ${mo})
endforeach()
add_custom_target(postino_translations ALL DEPENDS ${POSTINO_MO_FILES})

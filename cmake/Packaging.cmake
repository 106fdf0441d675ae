# A Debian package with CPack: `cpack -G DEB` in the build folder writes postino_<version>_<arch>.deb,
# installable with `apt-get install ./postino_*.deb`, which pulls in what it needs. Depends is
# computed from the binaries by dpkg-shlibdeps (dpkg-dev), plus the DejaVu fonts unless bundled.
set(POSTINO_PACKAGE_MAINTAINER "Postino maintainers" CACHE STRING
    "The .deb's Maintainer field (a distributor sets it to \"Name <address>\")")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME postino)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${POSTINO_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "simulator that shows how email travels, hop by hop")
set(CPACK_PACKAGE_DESCRIPTION [=[
Postino teaches how email really works. A discrete-event engine simulates
mail clients, SMTP, POP3, IMAP, DNS and webmail servers and routers
exchanging the real bytes of their protocols over a modelled TCP/IP network.
.
The visualizer, postino-viz, plays a lesson on a map: packets travel link by
link, mailboxes fill and empty, and every protocol line can be read. The
command line, postino, prints timelines and transcripts, writes pcap files
for Wireshark and lets real mail clients talk to a simulated server.
.
Lessons included; interface in English, Italian, Spanish and Greek.]=])
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(NOT POSTINO_BUNDLE_FONTS AND TARGET postino-viz)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "tshark, xvfb")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)

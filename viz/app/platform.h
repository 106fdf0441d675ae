// What differs between the desktop window and the browser page, as the App sees it: where a
// file the user keeps goes, how a scenario file is picked, what is remembered between visits.
#pragma once

#include <string>
#include <string_view>

namespace postino::viz::platform {

#ifdef __EMSCRIPTEN__
inline constexpr bool kBrowser = true;
#else
inline constexpr bool kBrowser = false;
#endif

// The browser offers `bytes` as a download named `fileName`; true when it did. The desktop has
// no downloads (false): it writes files where the user says.
bool download(const std::string& fileName, std::string_view bytes, const char* mimeType);
// The browser's file picker for a scenario file; the file chosen opens at a later frame (through
// the same path as a file dropped on the window). False on the desktop: it asks for a path.
bool pickScenarioFile();
// The interface language chosen on an earlier visit, else the browser's own when Postino has
// it, else "" (the desktop: always ""; it starts in --lang).
std::string preferredLanguage();
// Remembers the language chosen in the menu for the next visit (the desktop: nothing).
void rememberLanguage(const std::string& code);

}  // namespace postino::viz::platform

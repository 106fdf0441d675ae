// The desktop side of platform.h: files are written where the user says, nothing to remember.
#include "platform.h"

namespace postino::viz::platform {

bool download(const std::string&, std::string_view, const char*) { return false; }
bool pickScenarioFile() { return false; }
std::string preferredLanguage() { return {}; }
void rememberLanguage(const std::string&) {}

}  // namespace postino::viz::platform

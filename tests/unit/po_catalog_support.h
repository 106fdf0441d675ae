// A catalog of po/ as the viewer uses it, for tests that translate sentences the way the viewer
// does: the first form of a translated msgid, else the English.
#pragma once

#include "model/event_sentence.h"

#include <string>

namespace postino::testing {

viz::model::Catalog poCatalog(const std::string& lang);  // "it", "es", "el"

}  // namespace postino::testing

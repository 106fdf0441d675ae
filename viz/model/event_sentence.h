// A trace event's sentence in another language, given the catalog lookups: its format (or the
// plural form its count picks) translated, its term arguments ("SMTP relay", "INBOX") and its
// sentence arguments (a reason inside a verdict) translated, then filled. Never throws: a translation that does not fit shows the English.
// The viewer's eventText() passes its tr()/trn(); the tests pass small tables.
#pragma once

#include "trace/trace.h"

#include <functional>
#include <string>

namespace postino::viz::model {

struct Catalog {
    std::function<std::string(const std::string& english)> tr;
    std::function<std::string(const std::string& singular, const std::string& plural, long n)> trn;
};

std::string eventSentence(const trace::Event& e, const Catalog& catalog);
// The same for any phrase (a loader's message, a reason inside an event's sentence).
std::string phraseSentence(const trace::Phrase& p, const Catalog& catalog);

}  // namespace postino::viz::model

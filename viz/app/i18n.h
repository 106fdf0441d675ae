// Translations: every string the user sees goes through tr(). Catalogs are gettext .po
// files compiled to .mo at build time and read with Boost.Locale, which needs no system locale.
#pragma once

#include "model/safe_format.h"

#include <string>
#include <vector>

namespace postino::viz {

struct Language {
    const char* code;        // "en", "it", "es", "el"
    const char* nativeName;  // "Italiano"
};

// The languages the menu offers, English first.
const std::vector<Language>& languages();
// Switches every later tr() to `code` ("en" = the source strings). False (and English)
// when there is no catalog for it, with `problem` naming the folders looked in.
bool setLanguage(const std::string& code, std::string* problem = nullptr);
const std::string& currentLanguage();
// The translation of an English source string, valid until the next setLanguage().
const char* tr(const char* english);
// The singular or plural form for `n` (gettext's rules for the language), e.g. "{} messages".
std::string trn(const char* singular, const char* plural, long n);

// tr(english) filled with `args` (fmt {} fields). A translation that does not fit the arguments
// shows the English instead: a bad catalog never throws out of a panel. Use it, never
// fmt::format(fmt::runtime(tr(...)), ...).
template <typename... Args>
std::string trf(const char* english, const Args&... args) {
    return model::formatOr(tr(english), english, fmt::make_format_args(args...));
}
// trn(singular, plural, n) filled with `args`, with the same fallback to the English form.
template <typename... Args>
std::string trnf(const char* singular, const char* plural, long n, const Args&... args) {
    return model::formatOr(trn(singular, plural, n), n == 1 ? singular : plural, fmt::make_format_args(args...));
}

}  // namespace postino::viz

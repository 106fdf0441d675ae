#include "i18n.h"

#include "core/data_dirs.h"

#include <boost/locale.hpp>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <locale>
#include <memory>
#include <unordered_map>

namespace postino::viz {

namespace {

struct State {
    std::string code = "en";
    std::unique_ptr<std::locale> locale;                 // null for English
    std::unordered_map<std::string, std::string> cache;  // by the English text (not its address:
                                                         // event texts live in traces that come and go)
};

State& state() {
    static State s;
    return s;
}

// Installed (<prefix>/share/locale) or the build's compiled catalogs; looked up once.
const core::DataSearch& catalogs() {
    static const core::DataSearch search = core::findData(core::DataKind::Catalogs);
    return search;
}

}  // namespace

const std::vector<Language>& languages() {
    static const std::vector<Language> kLanguages = {
        {"en", "English"}, {"it", "Italiano"}, {"es", "Español"}, {"el", "Ελληνικά"}};
    return kLanguages;
}

bool setLanguage(const std::string& code, std::string* problem) {
    State& s = state();
    s.cache.clear();
    s.locale.reset();
    s.code = "en";
    if (code == "en" || code.empty()) return true;
    const std::filesystem::path dir = catalogs().found;
    const std::filesystem::path mo = dir / code / "LC_MESSAGES" / "postino.mo";
    if (dir.empty() || !std::filesystem::exists(mo)) {
        if (problem)
            *problem = dir.empty() ? catalogs().error() : "no translation for \"" + code + "\": " + mo.string() + " is missing";
        return false;
    }
    boost::locale::generator gen;
    gen.add_messages_path(dir.string());
    gen.add_messages_domain("postino");
    s.locale = std::make_unique<std::locale>(gen(code + ".UTF-8"));
    s.code = code;
    return true;
}

const std::string& currentLanguage() { return state().code; }

const char* tr(const char* english) {
    State& s = state();
    if (!s.locale) return english;
    auto it = s.cache.find(english);
    if (it == s.cache.end()) it = s.cache.emplace(english, boost::locale::translate(english).str(*s.locale)).first;
    return it->second.c_str();
}

std::string trn(const char* singular, const char* plural, long n) {
    State& s = state();
    if (!s.locale) return n == 1 ? singular : plural;
    // Boost.Locale counts in int; a count beyond it reads as the largest int (same plural form).
    const int count = static_cast<int>(std::clamp<long>(n, INT_MIN, INT_MAX));
    return boost::locale::translate(singular, plural, count).str(*s.locale);
}

}  // namespace postino::viz

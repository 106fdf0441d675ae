#include "model/event_sentence.h"

#include "model/safe_format.h"

#include <vector>

namespace postino::viz::model {

std::string eventSentence(const trace::Event& e, const Catalog& catalog) {
    if (e.format.empty()) return e.text;  // words from elsewhere (a server's reply): never translated
    std::vector<std::string> args = e.args;
    bool changed = false;
    for (std::size_t i = 0; i < args.size() && i < 32; ++i) {
        if (!(e.termArgs >> i & 1u)) continue;
        std::string word = catalog.tr(args[i]);
        changed |= word != args[i];
        args[i] = std::move(word);
    }
    const bool counted = !e.pluralFormat.empty();
    const std::string& english = !counted || e.count == 1 ? e.format : e.pluralFormat;
    const std::string translated = counted ? catalog.trn(e.format, e.pluralFormat, e.count) : catalog.tr(e.format);
    if (!changed && translated == english) return e.text;
    return tryFormat(translated, args).value_or(e.text);
}

}  // namespace postino::viz::model

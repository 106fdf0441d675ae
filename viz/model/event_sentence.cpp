#include "model/event_sentence.h"

#include "model/safe_format.h"

#include <vector>

namespace postino::viz::model {

namespace {

// What an event and a phrase share: the English sentence and what it was made of.
struct SentenceParts {
    const std::string& text;
    const std::string& format;
    const std::vector<std::string>& args;
    const std::string& pluralFormat;
    long count;
    std::uint32_t termArgs;
    std::uint32_t partArgs;
    const std::vector<trace::Phrase>& parts;
};

std::string translated(const SentenceParts& s, const Catalog& catalog) {
    if (s.format.empty()) return s.text;  // words from elsewhere (a server's reply): never translated
    std::vector<std::string> args = s.args;
    bool changed = false;
    std::size_t part = 0;
    for (std::size_t i = 0; i < args.size() && i < 32; ++i) {
        std::string word;
        if (s.termArgs >> i & 1u) {
            word = catalog.tr(args[i]);
        } else if (s.partArgs >> i & 1u) {
            if (part >= s.parts.size()) break;  // a phrase made elsewhere without its parts
            word = phraseSentence(s.parts[part++], catalog);
        } else {
            continue;
        }
        changed |= word != args[i];
        args[i] = std::move(word);
    }
    const bool counted = !s.pluralFormat.empty();
    const std::string& english = !counted || s.count == 1 ? s.format : s.pluralFormat;
    const std::string frame = counted ? catalog.trn(s.format, s.pluralFormat, s.count) : catalog.tr(s.format);
    if (!changed && frame == english) return s.text;
    return tryFormat(frame, args).value_or(s.text);
}

}  // namespace

std::string eventSentence(const trace::Event& e, const Catalog& catalog) {
    return translated({e.text, e.format, e.args, e.pluralFormat, e.count, e.termArgs, e.partArgs, e.parts}, catalog);
}

std::string phraseSentence(const trace::Phrase& p, const Catalog& catalog) {
    return translated({p.text, p.format, p.args, p.plural, p.count, p.termArgs, p.partArgs, p.parts}, catalog);
}

}  // namespace postino::viz::model

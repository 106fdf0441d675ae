#include "event_text.h"

#include "i18n.h"
#include "theme.h"

#include "model/event_sentence.h"

namespace postino::viz {

namespace {
const model::Catalog& interfaceCatalog() {
    static const model::Catalog catalog{
        [](const std::string& english) { return std::string(tr(english.c_str())); },  // cached by text
        [](const std::string& singular, const std::string& plural, long n) {
            return trn(singular.c_str(), plural.c_str(), n);
        }};
    return catalog;
}
}  // namespace

std::string eventText(const trace::Event& e) { return model::eventSentence(e, interfaceCatalog()); }

std::string phraseText(const trace::Phrase& p) { return model::phraseSentence(p, interfaceCatalog()); }

std::string loadErrorMessage(const scenario::LoadError& e) {
    if (e.phrase.text.empty() || e.phrase.text != e.message) return e.message;  // no phrase, or not this message's
    return phraseText(e.phrase);
}

std::string loadErrorText(const scenario::LoadError& e) { return e.format(loadErrorMessage(e)); }

ImU32 eventColor(trace::EventKind kind, ImU32 fallback) {
    switch (kind) {
        case trace::EventKind::Rejected:
        case trace::EventKind::TlsFailed: return errorColor();
        case trace::EventKind::Deferred:
        case trace::EventKind::SenderCheckFailed:
        case trace::EventKind::Quarantined: return warningColor();
        case trace::EventKind::Bounced: return bounceColor();
        case trace::EventKind::Retrying: return retryColor();
        default: return fallback;
    }
}

}  // namespace postino::viz

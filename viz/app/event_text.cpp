#include "event_text.h"

#include "i18n.h"
#include "theme.h"

#include <fmt/format.h>

namespace postino::viz {

std::string eventText(const trace::Event& e) {
    if (e.format.empty()) return e.text;
    const char* translated = tr(e.format.c_str());  // tr() caches by text, so any string will do
    if (e.format == translated) return e.text;
    try {
        return trace::formatPhrase(translated, e.args);
    } catch (const fmt::format_error&) {
        return e.text;
    }
}

ImU32 eventColor(trace::EventKind kind, ImU32 fallback) {
    switch (kind) {
        case trace::EventKind::Rejected: return errorColor();
        case trace::EventKind::Deferred: return warningColor();
        case trace::EventKind::Bounced: return bounceColor();
        case trace::EventKind::Retrying: return retryColor();
        default: return fallback;
    }
}

}  // namespace postino::viz

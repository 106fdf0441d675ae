// A teaching sentence that can be translated later: the English fmt format string, its
// arguments already turned into text, and the English sentence they make. The trace keeps
// all three (trace::Event::format, args, text): the command line and the JSON print the
// English text, the visualizer translates the format and fills in the arguments.
//
//     event(trace::EventKind::Delivered, trace::phrase("delivered to the mailbox of {}", rcpt));
//
// The format must be a string literal written directly inside phrase( ... ) (or inside
// N_( ... )), so that `xgettext --keyword=phrase --keyword=N_` finds it for translators, and it
// may only use plain {} placeholders, one per argument (checked at compile time): an argument
// is formatted with "{}" once, here, and a translation only moves the placeholders around.
// Give translators whole sentences: choose between phrases in code (one case or another) rather
// than gluing pieces of a sentence together; a count that decides singular or plural goes to
// phrasePlural, so each language picks its own form (gettext's msgid_plural):
//
//     trace::phrasePlural("{} new message", "{} new messages", n, n);
//
// An argument that is itself an English word of ours (a connection kind, a folder name, a queue's
// name) goes in as trace::term(...) and is translated with the sentence; mark the literal it comes
// from with N_() so that xgettext extracts it (its translation follows po/GLOSSARY.md). An argument
// that is a Phrase of its own (a reason inside a verdict: "SPF: {} → fail") is translated too.
#pragma once

#include <fmt/args.h>
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <functional>
#include <string>
#include <utility>
#include <vector>

// Marks a string literal as a phrase format for xgettext without changing it.
#ifndef N_
#define N_(s) s
#endif

namespace postino::trace {

struct Phrase {
    std::string format;             // the English fmt format string; empty: not translatable
    std::vector<std::string> args;  // each argument formatted with "{}"
    std::string text;               // the English sentence: format filled with args
    std::string plural;             // the English plural format; empty: `format` is not counted
    long count = 0;                 // with `plural`: the number that picks the form
    std::uint32_t termArgs = 0;     // bit i set: args[i] is an English term, translated too
    // Arguments that are sentences of their own (the reason inside a verdict): bit i set: args[i]
    // is the English text of the next of `parts`, which is translated before it fills the frame.
    std::uint32_t partArgs = 0;
    std::vector<Phrase> parts;
};

// An argument that is an English word of ours (e.g. "SMTP relay", "INBOX"): translated in the
// viewer like the sentence around it. An argument not in the catalogs stays as it is.
struct Term {
    std::string english;
};
inline Term term(std::string english) { return Term{std::move(english)}; }

namespace detail {
// The number of {} placeholders, or -1 when the format has anything else ({0}, {:x}, a lone brace).
consteval int countPlaceholders(const char* s) {
    int n = 0;
    for (std::size_t i = 0; s[i] != '\0'; ++i) {
        if (s[i] == '{') {
            if (s[i + 1] == '{') ++i;
            else if (s[i + 1] == '}') ++n, ++i;
            else return -1;
        } else if (s[i] == '}') {
            if (s[i + 1] != '}') return -1;
            ++i;
        }
    }
    return n;
}
}  // namespace detail

// A phrase format with exactly `N` plain {} placeholders, checked when compiling.
template <std::size_t N>
class PhraseFormat {
public:
    template <std::size_t M>
    consteval PhraseFormat(const char (&s)[M]) : m_text(s) {  // NOLINT: implicit on purpose
        if (detail::countPlaceholders(s) != static_cast<int>(N))
            throw "a phrase format needs exactly one plain {} per argument";  // a compile error
    }
    const char* c_str() const { return m_text; }

private:
    const char* m_text;
};

// The English sentence: `format` (plain {} placeholders) filled with `args` in order.
// Throws fmt::format_error when the format does not fit the arguments.
inline std::string formatPhrase(const std::string& format, const std::vector<std::string>& args) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const std::string& a : args) store.push_back(std::cref(a));
    return fmt::vformat(format, store);
}

namespace detail {
template <typename T>
std::string argText(const T& a) { return fmt::format("{}", a); }
inline std::string argText(const Term& t) { return t.english; }
inline std::string argText(const Phrase& p) { return p.text; }
template <typename Kind, typename... Args>
std::uint32_t kindBits(const Args&...) {
    static_assert(sizeof...(Args) <= 32, "a phrase takes at most 32 arguments");
    std::uint32_t bits = 0, bit = 1;
    ((bits |= std::is_same_v<Args, Kind> ? bit : 0, bit <<= 1), ...);
    return bits;
}
template <typename T>
void addPart(std::vector<Phrase>&, const T&) {}
inline void addPart(std::vector<Phrase>& parts, const Phrase& p) { parts.push_back(p); }
}  // namespace detail

// The arguments decide the placeholder count; the format must match it (see PhraseFormat).
template <typename... Args>
Phrase phrase(PhraseFormat<sizeof...(Args)> format, const Args&... args) {
    Phrase p;
    p.format = format.c_str();
    p.args = {detail::argText(args)...};
    p.termArgs = detail::kindBits<Term>(args...);
    p.partArgs = detail::kindBits<Phrase>(args...);
    (detail::addPart(p.parts, args), ...);
    p.text = formatPhrase(p.format, p.args);
    return p;
}

// A sentence with a singular and a plural form, chosen by `n` (English: the singular for 1 only;
// a translation has as many forms as its language needs). Both forms take the same arguments.
template <typename... Args>
Phrase phrasePlural(PhraseFormat<sizeof...(Args)> singular, PhraseFormat<sizeof...(Args)> plural, long n,
                    const Args&... args) {
    Phrase p = phrase(n == 1 ? singular : plural, args...);
    p.format = singular.c_str();
    p.plural = plural.c_str();
    p.count = n;
    return p;
}

// Text from elsewhere (a server's reply, a peer's words): kept as it is, never translated.
inline Phrase untranslated(std::string text) {
    Phrase p;
    p.text = std::move(text);
    return p;
}

}  // namespace postino::trace

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
// Give translators whole sentences: choose between phrases in code (singular or plural, one
// case or another) rather than gluing pieces of a sentence together.
#pragma once

#include <fmt/args.h>
#include <fmt/format.h>

#include <cstddef>
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
};

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

// The arguments decide the placeholder count; the format must match it (see PhraseFormat).
template <typename... Args>
Phrase phrase(PhraseFormat<sizeof...(Args)> format, const Args&... args) {
    Phrase p;
    p.format = format.c_str();
    p.args = {fmt::format("{}", args)...};
    p.text = formatPhrase(p.format, p.args);
    return p;
}

// Text from elsewhere (a server's reply, a peer's words): kept as it is, never translated.
inline Phrase untranslated(std::string text) {
    Phrase p;
    p.text = std::move(text);
    return p;
}

}  // namespace postino::trace

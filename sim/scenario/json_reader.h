// Typed, error-collecting access to parsed JSON for the scenario loader:
// "expected a string, got a number", missing and unknown fields, ranges.
// Every problem is recorded against a JSON Pointer (RFC 6901); nothing throws.
#pragma once

#include "scenario/json_scanner.h"
#include "trace/phrase.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::scenario {

using Json = nlohmann::json;

// Where in the text an error points: the value at the pointer, or its key.
enum class Anchor { Value, Key };

struct PendingError {
    std::string pointer;
    Anchor anchor = Anchor::Value;
    trace::Phrase message;  // its English text is what the command line prints
};

// Collects errors; keeps at most kStoreLimit of them but counts them all.
class Diagnostics {
public:
    static constexpr std::size_t kStoreLimit = 10'000;
    void error(std::string pointer, trace::Phrase message, Anchor anchor = Anchor::Value);
    bool empty() const { return m_total == 0; }
    std::size_t total() const { return m_total; }
    const std::vector<PendingError>& errors() const { return m_errors; }

private:
    std::vector<PendingError> m_errors;
    std::size_t m_total = 0;
};

// "a string", "a number", "an object", ... (English terms, marked for translation)
std::string jsonTypeName(const Json& v);
// The value as JSON text, shortened to about 60 characters.
std::string shortJson(const Json& v);
// Quotes a string for a message, shortened: "alice@example".
std::string quoteText(std::string_view s);
// "a, b, c" for a message (empty items skipped; at most 5, then "and N more"), or "none".
std::string joinList(const std::vector<std::string>& items);

// Value checks for one JSON value at `ptr`. Each reports and returns nullopt/nullptr on error.
std::optional<std::string> readString(const Json& v, const std::string& ptr, Diagnostics& d);
std::optional<double> readNumber(const Json& v, const std::string& ptr, Diagnostics& d);
// Whole number in [min, max]; 5.0 counts as whole.
std::optional<std::int64_t> readInteger(const Json& v, const std::string& ptr, Diagnostics& d,
                                        std::int64_t min, std::int64_t max);
std::optional<std::uint64_t> readUnsigned64(const Json& v, const std::string& ptr, Diagnostics& d);
const Json* readObject(const Json& v, const std::string& ptr, Diagnostics& d);
const Json* readArray(const Json& v, const std::string& ptr, Diagnostics& d);

enum class Need { Optional, Required };

// Reads the members of one JSON object (which must be an object).
class ObjectReader {
public:
    ObjectReader(const Json& object, std::string pointer, Diagnostics& diag)
        : m_obj(object), m_ptr(std::move(pointer)), m_diag(diag) {}

    // Reports each member whose name is not in `allowed`:
    // unknown field "nodez" in the scenario; allowed fields: title, nodes (did you mean "nodes"?)
    // `where` is a term of ours ("a link", marked with N_), translated with the sentence. `note`,
    // when given, may return the whole sentence for a key instead (e.g. naming the node types that
    // have the field), so that translators get whole sentences rather than a hint glued on.
    struct UnknownField {
        std::string key;      // quoted: "nodez"
        trace::Term where;    // "the scenario"
        std::string allowed;  // "title, nodes"
        std::string best;     // a likely intended field ("nodes"), or ""
    };
    using UnknownNote = std::function<std::optional<trace::Phrase>(std::string_view key, const UnknownField& f)>;
    void rejectUnknown(const std::vector<std::string_view>& allowed, trace::Term where,
                       const UnknownNote& note = {}) const;

    // The member, or nullptr; a missing Required member is reported at this object.
    const Json* field(std::string_view key, Need need) const;
    bool has(std::string_view key) const;

    std::optional<std::string> string(std::string_view key, Need need) const;
    std::optional<double> number(std::string_view key, Need need) const;
    std::optional<std::int64_t> integer(std::string_view key, Need need, std::int64_t min, std::int64_t max) const;
    const Json* array(std::string_view key, Need need) const;

    const std::string& pointer() const { return m_ptr; }
    std::string pointerTo(std::string_view key) const;
    Diagnostics& diag() const { return m_diag; }
    // Reports a problem with the member `key` (at its value).
    void error(std::string_view key, trace::Phrase message) const;

private:
    const Json& m_obj;
    std::string m_ptr;
    Diagnostics& m_diag;
};

}  // namespace postino::scenario

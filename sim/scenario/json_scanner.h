// A syntax-checking pass over raw JSON text (RFC 8259 grammar) that explains
// errors in plain words and records where every value and key starts, keyed by
// JSON Pointer (RFC 6901). Enforces a nesting limit. Must not build values
// (nlohmann/json does that afterwards) and must not recurse past the limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace postino::scenario {

class LineMap;

// JSON Pointer of a child: base + "/" + key with "~" -> "~0" and "/" -> "~1".
std::string childPointer(const std::string& base, std::string_view key);
std::string childPointer(const std::string& base, std::size_t index);

class PositionIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    struct Entry {
        std::size_t value = npos;  // byte offset where the value starts
        std::size_t key = npos;    // byte offset of the key's opening quote (object members)
    };
    // Later entries replace earlier ones (a duplicate key's last value wins, as in nlohmann).
    void add(const std::string& pointer, std::size_t keyOffset, std::size_t valueOffset);
    const Entry* find(const std::string& pointer) const;
    std::size_t size() const { return m_entries.size(); }

private:
    std::unordered_map<std::string, Entry> m_entries;
};

struct JsonSyntaxError {
    std::size_t offset = 0;
    std::string message;
};

struct JsonDuplicateKey {
    std::string pointer;    // pointer of the repeated member
    std::size_t keyOffset;  // where the repeated key starts
    std::string key;
};

struct JsonScan {
    std::optional<JsonSyntaxError> error;  // set: the text is not valid JSON
    PositionIndex positions;               // complete only when !error
    std::vector<JsonDuplicateKey> duplicateKeys;
};

// `text` must already be valid UTF-8 without a BOM. `lines` maps offsets in the
// same text (used to say where an unclosed bracket was opened). When `wanted`
// is given, only those pointers (and the root) are indexed, which keeps memory
// small for big files; otherwise every value is.
JsonScan scanJson(std::string_view text, const LineMap& lines, int maxDepth,
                  const std::unordered_set<std::string>* wanted = nullptr);

}  // namespace postino::scenario

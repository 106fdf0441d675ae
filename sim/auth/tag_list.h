// "tag=value; tag=value" lists as DKIM signatures, DKIM key records and DMARC records write them.
// RFC 6376 3.2 (tag-list syntax, duplicate tags are an error), used by RFC 7489 6.4 too.
// Parses only; what each tag means is for its reader.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::auth {

struct TagList {
    std::vector<std::pair<std::string, std::string>> tags;  // names as written, values trimmed
    std::string error;  // set when the text is not a tag-list: "tag 3 'x': no '='"

    bool ok() const { return error.empty(); }
    // The value of a tag (names compare exactly, as RFC 6376 3.2 says they are case-sensitive).
    std::optional<std::string> get(std::string_view name) const;
};

TagList parseTagList(std::string_view text);
// Removes every space, tab, CR and LF (base64 values may be folded: RFC 6376 3.5 b=, bh=, p=).
std::string withoutWhitespace(std::string_view s);

}  // namespace postino::auth

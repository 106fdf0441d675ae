// Text helpers for forms and pages: percent-decoding, x-www-form-urlencoded, target splitting, HTML escaping,
// UTF-8 repair (cookies: cookie.h, included). WHATWG URL Standard 5, RFC 3986 2.1 and 3.3-3.5, RFC 9112 3.2.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "http/cookie.h"

// Deliberate choices (the WHATWG parser browsers use, which Python's urllib.parse agrees with):
// - A '%' not followed by two hex digits is kept as it is ("100%" -> "100%", "%zz" -> "%zz",
//   "%4" -> "%4"); nothing is rejected, nothing is dropped.
// - formDecode: pieces are split on '&', empty pieces skipped, a piece without '=' is a name
//   with an empty value, '+' is a space, and the decoded bytes are made valid UTF-8 (each
//   ill-formed sequence becomes U+FFFD) so that every name and value is safe to show or store.
// - formEncode writes ALPHA / DIGIT / "*-._" as they are, space as '+', and every other byte
//   as %XX with upper-case hex (what a browser sends for a UTF-8 form).
// - percentDecode is the raw primitive: '+' stays '+', bytes are not checked for UTF-8.

namespace postino::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

std::string percentDecode(std::string_view s);
FormFields formDecode(std::string_view body);
// The value of the first field named `name` (case-sensitive, as forms are), or nullptr.
const std::string* formValue(const FormFields& fields, std::string_view name);
std::string formEncodeComponent(std::string_view s);
std::string formEncode(const FormFields& fields);

// & < > " ' become &amp; &lt; &gt; &quot; &#39; - safe in element content and in quoted attributes.
std::string htmlEscape(std::string_view s);

using postino::toValidUtf8;  // core/utf8.h

struct Target {
    std::string path;   // raw (still percent-encoded); "/" for an absolute-form target without a path
    std::string query;  // raw text after the first '?', without it; "" when there is none
};
// "/message?uid=3" -> {"/message", "uid=3"}. Also takes absolute-form ("http://host/a?b" ->
// {"/a", "b"}); a fragment ("#...") is dropped. "*" and authority-form come back as the path.
Target splitTarget(std::string_view target);

}  // namespace postino::http

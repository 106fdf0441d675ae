// Base64 (RFC 4648 section 4) encoding and strict decoding, shared by SMTP
// AUTH, MIME bodies and the JSON trace. Pure functions on bytes; no line wrapping.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postino {

std::string base64Encode(std::string_view bytes);
// nullopt for anything that is not canonical padded base64.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace postino

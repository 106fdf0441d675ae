// The editor's side panel shows a mail server's trust settings as lines a teacher can type: its
// DKIM keys ("bank.example s2026", "bank.example ed.2026 ed25519-sha256") and its forwards
// ("alice@alumni.example alice@recipient.example"); these turn them into text and back. A line
// that does not read yet is left out (the loader then says what is missing). No ImGui.
#pragma once

#include "scenario/scenario.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

// One key a line: the domain (d=), the selector (s=), then the algorithm when not rsa-sha256.
std::string dkimText(const std::vector<scenario::DkimSigning>& keys);
std::vector<scenario::DkimSigning> parseDkim(std::string_view text);

// One alias a line: the address mail comes for, then where it goes ("->" between is allowed).
std::string forwardsText(const std::map<std::string, std::string>& forward);
std::map<std::string, std::string> parseForwards(std::string_view text);

}  // namespace postino::viz

// The editor's side panel shows a node's lists as lines of text a teacher can type: accounts
// ("address password server imap"), users ("address password"), domains ("a.example, b.example"),
// shared mailboxes ("info@… member@… member@…")
// and DNS zones ("zone sender.example", "@ MX 10 mail.sender.example", "mail A 192.0.2.25"); these
// turn them into text and back. A line that does not read yet is left out (the loader then says
// what is missing). No ImGui.
#pragma once

#include "scenario/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

// The words of a line, split at white space.
std::vector<std::string> words(const std::string& line);
// The lines of a text that have a word.
std::vector<std::string> textLines(std::string_view text);

// A client's accounts (server; "imap", "pop3", "pop3-keep" when it reads mail; "starttls", "tls"
// or "no-tls" when it does not use TLS the default way) or a browser's (webmail), one a line.
std::string accountsText(const scenario::Node& node);
std::vector<scenario::ClientAccount> parseAccounts(std::string_view text, bool browser);

std::string usersText(const std::vector<scenario::MailUser>& users);
std::vector<scenario::MailUser> parseUsers(std::string_view text);

// A list of names (domains, node ids): "a.example, b.example" in, commas or spaces between.
std::string domainsText(const std::vector<std::string>& domains);
std::vector<std::string> parseDomains(std::string_view text);

// Shared mailboxes, one a line: "info@school.example carol@school.example dana@school.example"
// (the mailbox's address, then its members').
std::string sharedText(const std::vector<scenario::SharedMailbox>& shared);
std::vector<scenario::SharedMailbox> parseShared(std::string_view text);

// Record names relative to their zone ("@", "mail"), as in a zone file; a TXT record's text as
// quoted strings, one per character-string as written ("@ TXT \"v=spf1 -all\"", \" and \\ escaped).
std::string zonesText(const std::vector<scenario::DnsZone>& zones);
std::vector<scenario::DnsZone> parseZones(std::string_view text);
// A record's data as a zone file writes it: "192.0.2.25", "10 mail.sender.example",
// "\"v=spf1 ip4:192.0.2.10 -all\"" (the DNS inspector's column).
std::string recordDataText(const scenario::DnsRecord& record);

}  // namespace postino::viz

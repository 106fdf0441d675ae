// Hard limits on scenario files, checked before and while loading so that a
// hostile or broken file cannot exhaust memory or the stack.
// Must not grow into configuration: these are fixed, documented numbers.
#pragma once

#include <cstdint>

#include <cstddef>

namespace postino::scenario {

inline constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;  // 4 MiB
inline constexpr int kMaxNestingDepth = 64;                      // arrays/objects inside each other
// Counts the engine runs in moments (measured figures in docs/scenario-format.md, "Limits"):
// a 10,000-node star with 100,000 links simulates 5 s in half a second; 20,000 sends into
// 10,000 mailboxes take 3 s (the mailbox journal reads only what changed). 2,000 actions keep
// the slowest shape found (IMAP check_mail on a mailbox of as many messages) under about 2 s.
inline constexpr std::size_t kMaxNodes = 10'000;
inline constexpr std::size_t kMaxLinks = 100'000;
inline constexpr std::size_t kMaxActions = 2'000;
inline constexpr std::size_t kMaxMailboxes = 10'000;  // users and shared mailboxes of all mail servers
inline constexpr std::size_t kMaxSteps = 500;                  // a guided lesson's "steps"
inline constexpr std::size_t kMaxReportedErrors = 50;           // more are summarised in one line
inline constexpr double kMaxActionSeconds = 1e6;                 // "at" upper bound
inline constexpr double kMaxLatencyMs = 3.6e6;                   // one hour
inline constexpr double kMaxBandwidthMbps = 1e6;                 // 1 Tbit/s
inline constexpr int kMinMtu = 576;                              // RFC 791 minimum reassembly size
inline constexpr int kMaxMtu = 9000;                             // jumbo frames
inline constexpr long kMaxTtl = 2147483647;                      // RFC 2181 §8
// A TXT record's text, all its character-strings together. A DNS answer over UDP carries 512
// octets (no TCP fallback in the simulation), so a text over about 450 octets comes back truncated.
inline constexpr std::size_t kMaxTxtOctets = 4000;
inline constexpr std::size_t kMaxTxtStrings = 16;                // "text" given as an array
inline constexpr std::size_t kMaxTxtStringOctets = 255;          // RFC 1035 3.3: one character-string
inline constexpr std::int64_t kMaxQuotaBytes = 1LL << 40;        // a mail server's quota_bytes: 1 TiB

// A mail server's "queue" times (seconds) stay within the time an action may happen at, which is
// still more than twice Postfix's 5-day queue lifetime; an outage's duration ends by then too.
inline constexpr double kMaxQueueSeconds = kMaxActionSeconds;
inline constexpr double kMinBackoffSeconds = 1;                  // minimal_backoff_time, maximal_backoff_time
inline constexpr int kMaxHopCountLimit = 1000;                   // hopcount_limit (Postfix: 50)
inline constexpr std::size_t kMaxReplyTextChars = 200;           // smtp_error "text"

// One generated attachment: 20 MB, enough to show a server's SIZE limit (10 MB) refusing a mail.
inline constexpr std::int64_t kMaxAttachmentBytes = 20'000'000;

// All the mail a scenario makes the world carry and keep, as estimated by scenario_budget.h
// (an upper bound: each message counted once per connection it crosses and per place it is kept).
inline constexpr std::int64_t kMaxScenarioMailBytes = 256'000'000;

}  // namespace postino::scenario

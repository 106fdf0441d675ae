// IMAP output forms and dates (RFC 3501 4.3-4.5, 9; RFC 5322 3.3).
#include "imap/imap_format.h"

#include <fmt/format.h>

#include "imap/imap_parser.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

constexpr std::int64_t kEpochUnixSeconds = 1772442000;  // 2026-03-02 09:00:00 UTC
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

struct Civil {
    std::int64_t year;
    unsigned month, day;
};

Civil civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    Civil c;
    c.day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    return c;
}

int monthIndex(std::string_view m) {
    for (int i = 0; i < 12; ++i)
        if (iequals(m, kMonths[i])) return i + 1;
    return 0;
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int toInt(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

unsigned daysInMonth(std::int64_t year, unsigned month) {
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// "1-Feb-1994" split into its parts; false when malformed.
bool splitDate(std::string_view s, int& day, int& month, int& year) {
    const std::size_t d1 = s.find('-');
    if (d1 == std::string_view::npos) return false;
    const std::size_t d2 = s.find('-', d1 + 1);
    if (d2 == std::string_view::npos) return false;
    std::string_view dd = s.substr(0, d1), mm = s.substr(d1 + 1, d2 - d1 - 1), yy = s.substr(d2 + 1);
    if (!dd.empty() && dd.front() == ' ') dd.remove_prefix(1);
    if (!allDigits(dd) || dd.size() > 2 || !allDigits(yy) || yy.size() != 4) return false;
    day = toInt(dd);
    month = monthIndex(mm);
    year = toInt(yy);
    return month != 0 && day >= 1 && static_cast<unsigned>(day) <= daysInMonth(year, static_cast<unsigned>(month));
}

}  // namespace

bool canQuote(std::string_view s) {
    if (s.size() > 1024) return false;
    for (char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        // Like Dovecot, strings with '"' or '\' go out as literals rather than escaped.
        if (c == '\r' || c == '\n' || c == 0 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
}

std::string imapString(std::string_view s) {
    if (canQuote(s)) return "\"" + std::string(s) + "\"";
    // A literal carries no NUL (RFC 3501 9, CHAR8): like Dovecot, each becomes U+FFFD.
    std::string text;
    text.reserve(s.size());
    for (char c : s) text += c == '\0' ? std::string_view("\xef\xbf\xbd") : std::string_view(&c, 1);
    return fmt::format("{{{}}}\r\n", text.size()) + text;
}

std::string nstring(const std::optional<std::string>& s) { return s ? imapString(*s) : std::string("NIL"); }

std::string astring(std::string_view s) {
    bool atom = !s.empty() && !iequals(s, "NIL");
    for (char c : s)
        if (!isAtomChar(c) && c != ']') atom = false;
    return atom ? std::string(s) : imapString(s);
}

std::string_view systemFlagName(std::uint8_t f) {
    switch (f) {
    case mail::flag::Answered: return "\\Answered";
    case mail::flag::Flagged: return "\\Flagged";
    case mail::flag::Deleted: return "\\Deleted";
    case mail::flag::Seen: return "\\Seen";
    case mail::flag::Draft: return "\\Draft";
    default: return "";
    }
}

std::uint8_t systemFlagBit(std::string_view name) {
    for (std::uint8_t f : {mail::flag::Answered, mail::flag::Flagged, mail::flag::Deleted, mail::flag::Seen,
                           mail::flag::Draft})
        if (iequals(name, systemFlagName(f))) return f;
    return 0;
}

std::string flagList(std::uint8_t flags, const std::vector<std::string>& keywords, bool recent) {
    std::string out = "(";
    auto add = [&out](std::string_view w) {
        if (out.size() > 1) out += ' ';
        out += w;
    };
    for (std::uint8_t f : {mail::flag::Answered, mail::flag::Flagged, mail::flag::Deleted, mail::flag::Seen,
                           mail::flag::Draft})
        if (flags & f) add(systemFlagName(f));
    if (recent) add("\\Recent");
    for (const std::string& k : keywords) add(k);
    out += ')';
    return out;
}

std::string parseFlagArgs(const std::vector<Arg>& items, std::uint8_t& flags, std::vector<std::string>& keywords) {
    for (const Arg& a : items) {
        if (a.type != Arg::Type::Atom || a.value.empty()) return "Invalid flags";
        if (a.value[0] == '\\') {
            const std::uint8_t f = systemFlagBit(a.value);
            if (f == 0) return "Invalid system flag " + toUpperAscii(a.value);
            flags |= f;
            continue;
        }
        for (char c : a.value)
            if (!isAtomChar(c)) return "Invalid keyword " + a.value;
        bool dup = false;
        for (const std::string& k : keywords)
            if (iequals(k, a.value)) dup = true;
        if (!dup) keywords.push_back(a.value);
    }
    return "";
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::int64_t unixSeconds(Time t) { return floorDiv(t.ns(), 1'000'000'000) + kEpochUnixSeconds; }

Time fromUnixSeconds(std::int64_t seconds) {
    // Clamp to what int64 nanoseconds can hold (about +-292 years around 2026).
    const std::int64_t rel = seconds - kEpochUnixSeconds;
    constexpr std::int64_t kLimit = 9'000'000'000;
    const std::int64_t clamped = rel > kLimit ? kLimit : (rel < -kLimit ? -kLimit : rel);
    return Time::fromNanos(clamped * 1'000'000'000);
}

std::int64_t dayOf(Time t) { return floorDiv(unixSeconds(t), 86400); }

std::string formatInternalDate(Time t) {
    const std::int64_t secs = unixSeconds(t);
    const std::int64_t days = floorDiv(secs, 86400);
    const std::int64_t rem = secs - days * 86400;
    const Civil c = civilFromDays(days);
    return fmt::format("{:02}-{}-{:04} {:02}:{:02}:{:02} +0000", c.day, kMonths[c.month - 1], c.year, rem / 3600,
                       (rem / 60) % 60, rem % 60);
}

std::optional<Time> parseDateTime(std::string_view s) {
    // date-day-fixed "-" date-month "-" date-year SP time SP zone
    const std::size_t sp = s.find(' ', 1);
    if (sp == std::string_view::npos) return std::nullopt;
    int day = 0, month = 0, year = 0;
    if (!splitDate(s.substr(0, sp), day, month, year)) return std::nullopt;
    std::string_view rest = s.substr(sp + 1);
    if (rest.size() != 14 || rest[2] != ':' || rest[5] != ':' || rest[8] != ' ') return std::nullopt;
    const std::string_view hh = rest.substr(0, 2), mi = rest.substr(3, 2), ss = rest.substr(6, 2);
    const std::string_view zone = rest.substr(9);
    if (!allDigits(hh) || !allDigits(mi) || !allDigits(ss) || (zone[0] != '+' && zone[0] != '-') ||
        !allDigits(zone.substr(1)))
        return std::nullopt;
    const int h = toInt(hh), m = toInt(mi), sec = toInt(ss);
    const int zh = toInt(zone.substr(1, 2)), zm = toInt(zone.substr(3, 2));
    if (h > 23 || m > 59 || sec > 60 || zm > 59) return std::nullopt;
    std::int64_t seconds = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                        h * 3600 + m * 60 + sec;
    const std::int64_t offset = (zh * 60 + zm) * 60;
    seconds += zone[0] == '+' ? -offset : offset;
    return fromUnixSeconds(seconds);
}

std::optional<std::int64_t> parseSearchDate(std::string_view s) {
    int day = 0, month = 0, year = 0;
    if (!splitDate(s, day, month, year)) return std::nullopt;
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<std::int64_t> parseHeaderDay(std::string_view v) {
    // [day-name ","] day month year ...: take the first three words after an optional "Xxx,".
    std::vector<std::string_view> words;
    std::size_t p = 0;
    while (p < v.size() && words.size() < 4) {
        while (p < v.size() && (v[p] == ' ' || v[p] == '\t' || v[p] == ',')) ++p;
        const std::size_t start = p;
        while (p < v.size() && v[p] != ' ' && v[p] != '\t' && v[p] != ',') ++p;
        if (p > start) words.push_back(v.substr(start, p - start));
    }
    std::size_t i = 0;
    if (!words.empty() && !allDigits(words[0])) i = 1;  // day name
    if (words.size() < i + 3) return std::nullopt;
    const std::string_view dd = words[i], mm = words[i + 1], yy = words[i + 2];
    if (!allDigits(dd) || dd.size() > 2 || !allDigits(yy) || yy.size() < 2 || yy.size() > 4) return std::nullopt;
    const int month = monthIndex(mm);
    int year = toInt(yy);
    if (yy.size() == 2) year += year < 50 ? 2000 : 1900;  // RFC 5322 4.3 obsolete years
    const int day = toInt(dd);
    if (month == 0 || day < 1 || static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month)))
        return std::nullopt;
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

}  // namespace postino::imap

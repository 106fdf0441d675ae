// The parts of a scenario about failures, field by field: a mail server's "queue" object
// (Postfix's queue parameters, their ranges and how they relate) and the actions that
// break the world and mend it. References between objects are scenario_validate's job.
#include "scenario/name_syntax.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace postino::scenario {

std::string secondsText(double seconds) {
    if (std::floor(seconds) == seconds && std::fabs(seconds) < 1e15) return fmt::format("{:.0f} s", seconds);
    return fmt::format("{} s", seconds);
}

namespace {

Duration toDuration(double seconds) { return Duration::nanos(std::llround(seconds * 1e9)); }

// One time of the "queue" object, in [min, kMaxQueueSeconds].
std::optional<double> queueSeconds(const ObjectReader& r, std::string_view key, double min) {
    auto x = r.number(key, Need::Optional);
    if (!x) return std::nullopt;
    if (*x < min || *x > kMaxQueueSeconds) {
        r.error(key, trace::phrase("expected a time from {} to {} seconds, got {}", fmt::format("{:.0f}", min),
                                   fmt::format("{:.0f}", kMaxQueueSeconds),
                                   shortJson(*r.field(key, Need::Optional))));
        return std::nullopt;
    }
    return x;
}

// "300 s" or "300 s, the default" for a message that compares two settings.
std::string settingText(Duration value, bool given) {
    return secondsText(value.toSeconds()) + (given ? "" : ", the default");
}

}  // namespace

void parseQueueSettings(const Json& v, const std::string& ptr, QueueSettings& out, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    static const std::vector<std::string_view> kFields = {"minimal_backoff_time",  "maximal_backoff_time",
                                                          "maximal_queue_lifetime", "bounce_queue_lifetime",
                                                          "delay_warning_time",     "hopcount_limit"};
    // "max_backoff_time", "hop_count_limit": the same words, shortened or split differently.
    auto squeeze = [](std::string_view key) {
        std::string word = toLower(key);
        if (word.rfind("max_", 0) == 0) word.replace(0, 4, "maximal_");
        if (word.rfind("min_", 0) == 0) word.replace(0, 4, "minimal_");
        word.erase(std::remove(word.begin(), word.end(), '_'), word.end());
        return word;
    };
    r.rejectUnknown(kFields, trace::term(N_("a mail server's queue")),
                    [&](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
                        for (auto field : kFields)
                            if (squeeze(key) == squeeze(field))
                                return trace::phrase("unknown field {} in {}; allowed fields: {} (did you mean \"{}\"?)",
                                                     f.key, f.where, f.allowed, field);
                        return std::nullopt;
                    });
    const auto minimal = queueSeconds(r, "minimal_backoff_time", kMinBackoffSeconds);
    const auto maximal = queueSeconds(r, "maximal_backoff_time", kMinBackoffSeconds);
    const auto lifetime = queueSeconds(r, "maximal_queue_lifetime", 0);
    const auto bounce = queueSeconds(r, "bounce_queue_lifetime", 0);
    const auto warning = queueSeconds(r, "delay_warning_time", 0);
    if (minimal) out.minimalBackoff = toDuration(*minimal);
    if (maximal) out.maximalBackoff = toDuration(*maximal);
    if (lifetime) out.maximalLifetime = toDuration(*lifetime);
    if (auto hops = r.integer("hopcount_limit", Need::Optional, 1, kMaxHopCountLimit))
        out.hopCountLimit = static_cast<int>(*hops);

    // How the settings relate, each checked only when the values it compares are valid.
    const bool minimalOk = minimal || !r.has("minimal_backoff_time");
    const bool maximalOk = maximal || !r.has("maximal_backoff_time");
    if (minimalOk && maximalOk && (minimal || maximal) && out.maximalBackoff < out.minimalBackoff) {
        const std::string key = maximal ? "maximal_backoff_time" : "minimal_backoff_time";
        r.error(key, trace::phrase("maximal_backoff_time ({}) is shorter than minimal_backoff_time ({}): the wait "
                                   "between two attempts starts at the minimal and doubles up to the maximal; make "
                                   "the maximal at least as long as the minimal",
                                   settingText(out.maximalBackoff, maximal.has_value()),
                                   settingText(out.minimalBackoff, minimal.has_value())));
    }
    const bool lifetimeOk = lifetime || !r.has("maximal_queue_lifetime");
    if (bounce) {
        out.bounceLifetime = toDuration(*bounce);
        if (lifetimeOk && out.bounceLifetime > out.maximalLifetime)
            r.error("bounce_queue_lifetime",
                    trace::phrase("bounce_queue_lifetime ({}) is longer than maximal_queue_lifetime ({}): Postfix "
                                  "would shorten it to that; make it at most {}",
                                  secondsText(*bounce), settingText(out.maximalLifetime, lifetime.has_value()),
                                  secondsText(out.maximalLifetime.toSeconds())));
    } else {
        // Postfix's default (5 days), cut to maximal_queue_lifetime as its queue manager does.
        out.bounceLifetime = std::min(QueueSettings{}.bounceLifetime, out.maximalLifetime);
    }
    if (warning) {
        out.delayWarning = toDuration(*warning);
        if (lifetimeOk && *warning > 0 && out.delayWarning >= out.maximalLifetime)
            r.error("delay_warning_time",
                    trace::phrase("delay_warning_time ({}) is not shorter than maximal_queue_lifetime ({}): the mail "
                                  "is returned before any warning could go out; make it shorter, or 0 for no warnings",
                                  secondsText(*warning),
                                  out.maximalLifetime == Duration() ? std::string("0 s: one attempt only")
                                                                  : settingText(out.maximalLifetime, lifetime.has_value())));
    }
}

std::optional<ActionType> failureActionType(std::string_view type) {
    static const std::pair<const char*, ActionType> kTypes[] = {
        {"node_down", ActionType::NodeDown}, {"node_up", ActionType::NodeUp},
        {"link_down", ActionType::LinkDown}, {"link_up", ActionType::LinkUp},
        {"smtp_error", ActionType::SmtpError}, {"mailbox_full", ActionType::MailboxFull}};
    for (const auto& [name, t] : kTypes)
        if (type == name) return t;
    return std::nullopt;
}

namespace {

// The reply codes smtp_error may give: the server's "come back later" (421 closing, 451 local
// error, 452 insufficient storage) and its "no" (554 transaction failed).
bool isAllowedReplyCode(const Json& v) {
    if (!v.is_number()) return false;
    const double x = v.get<double>();
    return x == 421 || x == 451 || x == 452 || x == 554;
}

void parseReplyCode(const ObjectReader& r, Action& action) {
    const Json* code = r.field("code", Need::Required);
    if (!code) return;
    if (!code->is_number()) {
        readNumber(*code, r.pointerTo("code"), r.diag());  // reports the type
        return;
    }
    if (!isAllowedReplyCode(*code)) {
        const double x = code->get<double>();
        if (x == 550)
            r.error("code", trace::phrase("expected one of the reply codes 421, 451, 452 or 554, got {} (a 550 \"User "
                                          "unknown\" needs no action: send to an address the server does not have)",
                                          shortJson(*code)));
        else if (x == 552)
            r.error("code", trace::phrase("expected one of the reply codes 421, 451, 452 or 554, got {} (for 552 "
                                          "\"Quota exceeded\" use a mailbox_full action)", shortJson(*code)));
        else
            r.error("code", trace::phrase("expected one of the reply codes 421, 451, 452 or 554, got {}", shortJson(*code)));
        return;
    }
    action.replyCode = static_cast<int>(code->get<double>());
}

// One line of printable ASCII, as the text of an SMTP reply is (RFC 5321 §4.2), whose enhanced
// status code, when it starts with one, is of the reply code's class (RFC 3463 §2).
void parseReplyText(const ObjectReader& r, Action& action) {
    auto text = r.string("text", Need::Optional);
    if (!text) return;
    if (text->empty()) {
        r.error("text", trace::phrase("must not be empty (leave out \"text\" for the server's usual words)"));
        return;
    }
    for (char c : *text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E) {
            r.error("text", trace::phrase("the reply text must be one line of printable ASCII characters (RFC 5321 §4.2): no "
                                          "line breaks, control characters or letters outside ASCII"));
            return;
        }
    }
    if (text->size() > kMaxReplyTextChars) {
        r.error("text", trace::phrase("the reply text is too long: {} characters (the limit is {})", text->size(),
                                      kMaxReplyTextChars));
        return;
    }
    const char cls = (*text)[0];
    const bool enhanced = (cls == '2' || cls == '4' || cls == '5') && text->size() >= 5 && (*text)[1] == '.' &&
                          std::isdigit(static_cast<unsigned char>((*text)[2]));
    if (enhanced && action.replyCode != 0 && cls != static_cast<char>('0' + action.replyCode / 100)) {
        const std::string status = text->substr(0, text->find(' '));
        r.error("text", trace::phrase("the text starts with the enhanced status code {}, which does not match the reply "
                                      "code {} (RFC 3463: a {}xx reply carries a status code {}.x.x)",
                                      status, action.replyCode, action.replyCode / 100, action.replyCode / 100));
        return;
    }
    action.replyText = *text;
}

}  // namespace

bool parseFailureAction(const ObjectReader& r, Action& action, std::optional<double> atSeconds) {
    const ActionType t = action.type;
    const bool onLink = t == ActionType::LinkDown || t == ActionType::LinkUp;
    const bool ending = t == ActionType::NodeUp || t == ActionType::LinkUp;
    const char* name = t == ActionType::NodeDown   ? "node_down"
                       : t == ActionType::NodeUp   ? "node_up"
                       : t == ActionType::LinkDown ? "link_down"
                       : t == ActionType::LinkUp   ? "link_up"
                       : t == ActionType::SmtpError ? "smtp_error"
                                                    : "mailbox_full";
    std::vector<std::string_view> allowed = {"type", "at", onLink ? "link" : "node"};
    if (!ending) allowed.push_back("duration");
    if (t == ActionType::SmtpError) {
        allowed.push_back("code");
        allowed.push_back("text");
    }
    if (t == ActionType::MailboxFull) allowed.push_back("mailbox");
    const char* where = t == ActionType::NodeDown   ? N_("a node_down action")
                        : t == ActionType::NodeUp   ? N_("a node_up action")
                        : t == ActionType::LinkDown ? N_("a link_down action")
                        : t == ActionType::LinkUp   ? N_("a link_up action")
                        : t == ActionType::SmtpError ? N_("a smtp_error action")
                                                     : N_("a mailbox_full action");
    r.rejectUnknown(allowed, trace::term(where),
                    [&](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
        if (key == "duration" && ending)
            return trace::phrase("unknown field {} in {}; allowed fields: {} ({} ends the outage at its \"at\"; to end "
                                 "it by itself give the {} a \"duration\")",
                                 f.key, f.where, f.allowed, name, onLink ? "link_down" : "node_down");
        if (key == "node" && onLink)
            return trace::phrase("unknown field {} in {}; allowed fields: {} (a link action names its link with "
                                 "\"link\", like \"a--b\")", f.key, f.where, f.allowed);
        if (key == "link" && !onLink)
            return trace::phrase("unknown field {} in {}; allowed fields: {} (\"link\" is for link_down and link_up)",
                                 f.key, f.where, f.allowed);
        return std::nullopt;
    });
    if (onLink) {
        if (auto link = r.string("link", Need::Required)) {
            if (link->empty()) r.error("link", trace::phrase("expected the id of a link (like \"pc--router\"), got an empty string"));
            else action.link = *link;
        }
    } else if (auto node = readNodeRef(r, "node", Need::Required)) {
        action.node = *node;
    }
    if (t == ActionType::SmtpError) {
        parseReplyCode(r, action);
        parseReplyText(r, action);
    }
    if (t == ActionType::MailboxFull) {
        if (const Json* mailbox = r.field("mailbox", Need::Required))
            if (auto a = parseMailAddress(*mailbox, r.pointerTo("mailbox"), r.diag())) action.mailbox = *a;
    }
    if (ending) return true;
    const bool required = t == ActionType::SmtpError || t == ActionType::MailboxFull;
    auto duration = r.number("duration", required ? Need::Required : Need::Optional);
    if (!duration) return !r.has("duration");
    if (!(*duration > 0) || *duration > kMaxActionSeconds || toDuration(*duration) <= Duration()) {
        r.error("duration", trace::phrase("expected a duration above 0 and up to {} seconds, got {}",
                                          fmt::format("{:.0f}", kMaxActionSeconds), shortJson(*r.field("duration", Need::Optional))));
        return false;
    }
    if (atSeconds && *atSeconds + *duration > kMaxActionSeconds) {
        if (required)
            r.error("duration", trace::phrase("this {} would last until {}, past the end of a scenario's time ({}): "
                                              "make it shorter",
                                              name, secondsText(*atSeconds + *duration), secondsText(kMaxActionSeconds)));
        else
            r.error("duration", trace::phrase("this {} would last until {}, past the end of a scenario's time ({}): "
                                              "make it shorter, or leave out \"duration\" to keep it down to the end",
                                              name, secondsText(*atSeconds + *duration), secondsText(kMaxActionSeconds)));
        return false;
    }
    action.duration = toDuration(*duration);
    return true;
}

}  // namespace postino::scenario

// A lesson's "steps", field by field: when each fires ("at" seconds or a "when" naming a kind
// of trace event and its filters), and what it is (narration or a question with its choices,
// answer and explanation). Whether a "when" ever happens is sim/lesson's job, after a run.
#include "core/ascii.h"
#include "scenario/name_syntax.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_parse.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::scenario {

namespace {

constexpr const char* kEventList =
    "connection_opened, dns_query, dns_answer, dns_cache_hit, smtp_reply, mail_submitted, mail_accepted, relayed, "
    "delivered, deferred, retrying, bounced, checking_mail, downloaded, packet_lost, tls_started, tls_failed, dkim_signed, forwarded, sender_checked, "
    "sender_check_failed, quarantined";

bool isDnsEvent(StepEvent e) {
    return e == StepEvent::DnsQuery || e == StepEvent::DnsAnswer;
}
bool hasMailbox(StepEvent e) {
    return e == StepEvent::Delivered || e == StepEvent::Downloaded || e == StepEvent::CheckingMail;
}

std::optional<StepWhen> parseWhen(const Json& v, const std::string& ptr, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return std::nullopt;
    ObjectReader r(*obj, ptr, d);
    StepWhen when;
    const auto name = r.string("event", Need::Required);
    if (!name) return std::nullopt;
    const auto event = stepEventFromName(*name);
    if (!event) {
        r.error("event", trace::phrase("unknown event {}; a step can wait for: {}", quoteText(*name), kEventList));
        return std::nullopt;
    }
    when.event = *event;
    std::vector<std::string_view> allowed = {"event", "node", "occurrence"};
    if (*event == StepEvent::ConnectionOpened) allowed.push_back("port");
    if (isDnsEvent(*event)) {
        allowed.push_back("record");
        allowed.push_back("name");
    }
    if (*event == StepEvent::SmtpReply) allowed.push_back("code");
    if (hasMailbox(*event)) allowed.push_back("mailbox");
    // The place names the event (a JSON value), so each case is a whole sentence of its own.
    const std::string& ev = *name;
    r.rejectUnknown(allowed, trace::term(fmt::format("a step's \"when\" of event {}", ev)),
                    [&ev](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
        if (key == "port")
            return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {} (\"port\" is "
                                 "for connection_opened)", f.key, ev, f.allowed);
        if (key == "record" || key == "name")
            return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {} (\"record\" "
                                 "and \"name\" are for dns_query and dns_answer)", f.key, ev, f.allowed);
        if (key == "code")
            return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {} (\"code\" is "
                                 "for smtp_reply)", f.key, ev, f.allowed);
        if (key == "mailbox")
            return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {} (\"mailbox\" "
                                 "is for delivered, downloaded and checking_mail)", f.key, ev, f.allowed);
        if (!f.best.empty())
            return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {} (did you mean "
                                 "\"{}\"?)", f.key, ev, f.allowed, f.best);
        return trace::phrase("unknown field {} in a step's \"when\" of event {}; allowed fields: {}", f.key, ev,
                             f.allowed);
    });
    bool ok = true;
    if (r.has("node")) {
        if (auto node = readNodeRef(r, "node", Need::Optional)) when.node = *node;
        else ok = false;
    }
    if (r.has("port")) {
        if (auto port = r.integer("port", Need::Optional, 1, 65535)) when.port = static_cast<int>(*port);
        else ok = false;
    }
    if (r.has("record")) {
        if (auto record = r.string("record", Need::Optional)) {
            const std::string upper = toUpperAscii(*record);
            if (upper == "A" || upper == "MX") when.record = upper;
            else {
                r.error("record", trace::phrase("expected the record type \"A\" or \"MX\", got {}", quoteText(*record)));
                ok = false;
            }
        } else {
            ok = false;
        }
    }
    if (const Json* host = r.field("name", Need::Optional)) {
        if (auto h = parseHostname(*host, r.pointerTo("name"), d)) when.name = *h;
        else ok = false;
    }
    if (r.has("code")) {
        if (auto code = r.integer("code", Need::Optional, 200, 599)) when.code = static_cast<int>(*code);
        else ok = false;
    }
    if (const Json* mailbox = r.field("mailbox", Need::Optional)) {
        if (auto a = parseMailAddress(*mailbox, r.pointerTo("mailbox"), d)) when.mailbox = *a;
        else ok = false;
    }
    if (r.has("occurrence")) {
        if (auto n = r.integer("occurrence", Need::Optional, 1, 100'000)) when.occurrence = static_cast<int>(*n);
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return when;
}

void parseStep(const Json& v, const std::string& ptr, Step& step, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    const bool asks = r.has("question");
    std::vector<std::string_view> allowed = {"at", "when", "say", "question"};
    if (asks || !r.has("say")) {
        allowed.push_back("choices");
        allowed.push_back("answer");
        allowed.push_back("explain");
    }
    r.rejectUnknown(allowed, trace::term(asks ? N_("a question step") : N_("a step")),
                    [&](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
                        if (key == "choices" || key == "answer" || key == "explain")
                            return trace::phrase("unknown field {} in {}; allowed fields: {} (a narration step only says "
                                                 "its \"say\"; to ask, write a \"question\" instead)",
                                                 f.key, f.where, f.allowed);
                        return std::nullopt;
                    });

    // When it fires.
    if (r.has("at") && r.has("when")) {
        r.error("when", trace::phrase("a step fires either at a time (\"at\") or when something happens (\"when\"), not both"));
    } else if (r.has("at")) {
        if (auto at = r.number("at", Need::Required)) {
            if (*at < 0 || *at > kMaxActionSeconds)
                r.error("at", trace::phrase("expected a time from 0 to {} seconds, got {}", kMaxActionSeconds,
                                            shortJson(*r.field("at", Need::Optional))));
            else step.at = Time::fromNanos(std::llround(*at * 1e9));
        }
    } else if (const Json* when = r.field("when", Need::Optional)) {
        step.when = parseWhen(*when, r.pointerTo("when"), d);
    } else {
        d.error(ptr, trace::phrase("a step needs \"at\" (seconds from the start) or \"when\" (an event in the trace, like "
                                   "{{\"event\": \"dns_answer\", \"record\": \"MX\"}})"));
    }

    // What it is.
    if (asks && r.has("say")) {
        r.error("say", trace::phrase("a step either says something (\"say\") or asks a question (\"question\"), not both"));
        return;
    }
    if (!asks && !r.has("say")) {
        d.error(ptr, trace::phrase("a step needs \"say\" (narration) or \"question\" (with \"choices\", \"answer\" and \"explain\")"));
        return;
    }
    if (!asks) {
        if (auto t = parseLocalized(*r.field("say", Need::Required), r.pointerTo("say"), d, false)) step.say = *t;
        return;
    }
    if (auto t = parseLocalized(*r.field("question", Need::Required), r.pointerTo("question"), d, false))
        step.question = *t;
    if (const Json* explain = r.field("explain", Need::Required)) {
        if (auto t = parseLocalized(*explain, r.pointerTo("explain"), d, false)) step.explain = *t;
    }
    const Json* choices = r.array("choices", Need::Required);
    std::size_t count = 0;
    if (choices) {
        count = choices->size();
        if (count < 2 || count > 5)
            r.error("choices", trace::phrase("a question offers 2 to 5 choices, this one has {}", count));
        for (std::size_t i = 0; i < count; ++i) {
            auto t = parseLocalized((*choices)[i], childPointer(r.pointerTo("choices"), i), d, false);
            step.choices.push_back(t ? *t : LocalizedText{});
        }
    }
    if (const Json* answer = r.field("answer", Need::Required)) {
        const std::string p = r.pointerTo("answer");
        if (!answer->is_number()) {
            readNumber(*answer, p, d);  // reports the type
        } else {
            const double x = answer->get<double>();
            if (std::floor(x) != x || x < 0)
                d.error(p, trace::phrase("expected the index of the right choice (0 is the first), got {}", shortJson(*answer)));
            else if (choices && x >= static_cast<double>(count))
                d.error(p, trace::phrase("{} is not a choice (there are {}; the first is 0)", shortJson(*answer), count));
            else step.answer = static_cast<int>(x);
        }
    }
    if (step.choices.empty()) step.choices.resize(2);  // keeps it a question for the checks that follow
}

}  // namespace

void parseSteps(const Json& v, const std::string& ptr, Scenario& out, Diagnostics& d) {
    const Json* arr = readArray(v, ptr, d);
    if (!arr) return;
    if (arr->size() > kMaxSteps) {
        d.error(ptr, trace::phrase("too many steps: {} (the limit is {})", arr->size(), kMaxSteps));
        return;
    }
    out.steps.resize(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) parseStep((*arr)[i], childPointer(ptr, i), out.steps[i], d);
}

}  // namespace postino::scenario

// The viewer's translated sentences (viz/model/safe_format, viz/model/event_sentence): a
// translation that does not fit its arguments shows the English and never throws, plural forms
// come from the catalog by count, and term arguments ("SMTP relay", "INBOX") and sentence
// arguments (a reason inside a verdict) are translated.
#include "model/event_sentence.h"
#include "model/safe_format.h"
#include "trace/phrase.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>

using namespace postino;
using postino::viz::model::formatOr;
using postino::viz::model::tryFormat;

namespace {

// A small Italian catalog: one form per msgid, two for a plural entry (n != 1 picks the second).
viz::model::Catalog italian(std::map<std::string, std::string> words,
                            std::map<std::string, std::pair<std::string, std::string>> plurals = {}) {
    return {[words](const std::string& english) {
                auto it = words.find(english);
                return it == words.end() ? english : it->second;
            },
            [plurals](const std::string& singular, const std::string& plural, long n) {
                auto it = plurals.find(singular);
                if (it == plurals.end()) return n == 1 ? singular : plural;
                return n == 1 ? it->second.first : it->second.second;
            }};
}

}  // namespace

TEST_CASE("formatOr: a translation that does not fit falls back to the English, never throws", "[viz][i18n]") {
    const std::string who = "bob";
    CHECK(formatOr("consegnato a {}", "delivered to {}", fmt::make_format_args(who)) == "consegnato a bob");
    // Too many fields, a lone brace, a bad spec, a named field: each shows the English sentence.
    for (const char* broken : {"consegnato a {} {}", "consegnato a { ", "consegnato a }", "{:d} consegnato",
                               "consegnato a {nome}", "{} e {1}"}) {
        INFO(broken);
        std::string out;
        REQUIRE_NOTHROW(out = formatOr(broken, "delivered to {}", fmt::make_format_args(who)));
        CHECK(out == "delivered to bob");
    }
    // A translation may reorder its arguments with numbered fields.
    const int n = 3;
    CHECK(formatOr("a {1}: {0} messaggi", "{} messages to {}", fmt::make_format_args(n, who)) == "a bob: 3 messaggi");
    // Even a broken English source gives its bare text rather than an exception.
    CHECK(formatOr("{", "{} s {", fmt::make_format_args(n)) == "{} s {");
    CHECK_FALSE(tryFormat("{} {}", std::vector<std::string>{"x"}).has_value());
    CHECK(tryFormat("{1} {0}", std::vector<std::string>{"x", "y"}) == std::optional<std::string>("y x"));
}

TEST_CASE("eventSentence: translated format and terms, plural by count, English on a bad catalog", "[viz][i18n]") {
    trace::Event closed;
    closed.setPhrase(trace::phrase("{} connection closed", trace::term("SMTP relay")));
    CHECK(viz::model::eventSentence(closed, italian({})) == "SMTP relay connection closed");
    CHECK(viz::model::eventSentence(closed, italian({{"{} connection closed", "connessione {} chiusa"},
                                                     {"SMTP relay", "SMTP di inoltro"}})) ==
          "connessione SMTP di inoltro chiusa");
    // A term without a translation keeps its English word inside the translated sentence.
    CHECK(viz::model::eventSentence(closed, italian({{"{} connection closed", "connessione {} chiusa"}})) ==
          "connessione SMTP relay chiusa");
    // An argument not marked as a term is never looked up, even when the catalog has the word.
    trace::Event plain;
    plain.setPhrase(trace::phrase("{} connection closed", std::string("SMTP relay")));
    CHECK(viz::model::eventSentence(plain, italian({{"SMTP relay", "SMTP di inoltro"}})) == "SMTP relay connection closed");

    const auto plurals = italian({}, {{"delivered ({} message)", {"consegnato ({} messaggio)", "consegnato ({} messaggi)"}}});
    trace::Event one, many;
    one.setPhrase(trace::phrasePlural("delivered ({} message)", "delivered ({} messages)", 1, 1));
    many.setPhrase(trace::phrasePlural("delivered ({} message)", "delivered ({} messages)", 4, 4));
    CHECK(many.text == "delivered (4 messages)");
    CHECK(viz::model::eventSentence(one, plurals) == "consegnato (1 messaggio)");
    CHECK(viz::model::eventSentence(many, plurals) == "consegnato (4 messaggi)");
    CHECK(viz::model::eventSentence(many, italian({})) == "delivered (4 messages)");

    // A broken translation (a field too many, a lone brace) shows the English text.
    CHECK(viz::model::eventSentence(closed, italian({{"{} connection closed", "connessione {} {} chiusa"},
                                                     {"SMTP relay", "SMTP di inoltro"}})) ==
          "SMTP relay connection closed");
    CHECK(viz::model::eventSentence(many, italian({}, {{"delivered ({} message)", {"ok", "consegnato ({} messaggi"}}})) ==
          "consegnato (4 messaggi");  // a missing ")" is no format error: it is the translator's text
    CHECK(viz::model::eventSentence(many, italian({}, {{"delivered ({} message)", {"ok", "consegnato {"}}})) ==
          "delivered (4 messages)");
    // Text from elsewhere (a server's reply) is never translated, even when braces are in it.
    trace::Event reply;
    reply.setPhrase(trace::untranslated("250 2.0.0 Ok {}"));
    CHECK(viz::model::eventSentence(reply, italian({{"250 2.0.0 Ok {}", "x"}})) == "250 2.0.0 Ok {}");
}

TEST_CASE("eventSentence: a reason that is a phrase of its own is translated inside its verdict", "[viz][i18n]") {
    const trace::Phrase reason = trace::phrase("'{}' matched in {}'s record", "-all", "bank.example");
    trace::Event e;
    e.setPhrase(trace::phrase("SPF: {} is not allowed to send for {} ({}) → fail", "203.0.113.66", "bank.example", reason));
    CHECK(e.text == "SPF: 203.0.113.66 is not allowed to send for bank.example ('-all' matched in bank.example's record) → fail");
    CHECK(e.partArgs == 0b100u);
    REQUIRE(e.parts.size() == 1);
    const auto both = italian({{"SPF: {} is not allowed to send for {} ({}) → fail",
                                "SPF: {} non può spedire per {} ({}) → fail"},
                               {"'{}' matched in {}'s record", "corrisponde '{}' nel record di {}"}});
    CHECK(viz::model::eventSentence(e, both) ==
          "SPF: 203.0.113.66 non può spedire per bank.example (corrisponde '-all' nel record di bank.example) → fail");
    // Only the reason translated: the English frame around the Italian reason.
    CHECK(viz::model::eventSentence(e, italian({{"'{}' matched in {}'s record", "corrisponde '{}' nel record di {}"}})) ==
          "SPF: 203.0.113.66 is not allowed to send for bank.example (corrisponde '-all' nel record di bank.example) → fail");
    // Reasons nest: a phrase inside a phrase inside the event; the same text goes to phraseSentence.
    const trace::Phrase twice = trace::phrase("{}; {}", reason, trace::phrase("no DKIM signature passed"));
    const trace::Phrase verdict = trace::phrase("DMARC: {} → {}, reject", twice, "fail");
    const auto dmarc = italian({{"DMARC: {} → {}, reject", "DMARC: {} → {}, rifiuto"},
                                {"no DKIM signature passed", "nessuna firma DKIM valida"},
                                {"'{}' matched in {}'s record", "corrisponde '{}' nel record di {}"}});
    CHECK(viz::model::phraseSentence(verdict, dmarc) ==
          "DMARC: corrisponde '-all' nel record di bank.example; nessuna firma DKIM valida → fail, rifiuto");
    // A broken translation of the reason shows the reason's English, the frame still translated.
    CHECK(viz::model::eventSentence(e, italian({{"SPF: {} is not allowed to send for {} ({}) → fail",
                                                 "SPF: {} non può spedire per {} ({}) → fail"},
                                                {"'{}' matched in {}'s record", "{} {} {}"}})) ==
          "SPF: 203.0.113.66 non può spedire per bank.example ('-all' matched in bank.example's record) → fail");
}

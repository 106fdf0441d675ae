// The scenario loader's messages are translatable: each LoadError keeps the trace::Phrase it was
// made from (English format, arguments, English text), its English `message` is that text (what
// `postino validate` prints, unchanged), and the viewer's own translation (the catalogs of po/
// through model::eventSentence, as viz/app's phraseText does) gives another language's sentence
// with the same arguments filled in.
#include "po_catalog_support.h"
#include "test_support.h"

#include "model/event_sentence.h"
#include "scenario/scenario_loader.h"
#include "trace/phrase.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::testing;

namespace {

// The first error of a file of tests/corpus/bad.
scenario::LoadError firstError(const std::string& file) {
    const auto r = scenario::loadScenarioFile(sourcePath("tests/corpus/bad/" + file));
    REQUIRE_FALSE(r.errors.empty());
    return r.errors.front();
}

std::string translated(const scenario::LoadError& e, const viz::model::Catalog& catalog) {
    trace::Event event;
    event.setPhrase(e.phrase);
    return viz::model::eventSentence(event, catalog);
}

struct Case {
    const char* file;
    const char* message;  // the whole English message, as the command line prints it
};

const Case kCases[] = {
    {"mail-server-no-domains.json", "a mail server needs at least one domain"},
    {"link-empty-endpoint.json", "expected the id of a node (like \"mail-sender\"), got an empty string"},
    {"bad-ip.json", "expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\""},
    {"duplicate-ip.json", "duplicate IP address 192.0.2.10: node \"alice-laptop\" already has it"},
    {"time-not-number.json", "expected a number, got a string (\"1s\")"},
    {"unknown-zone-field.json", "unknown field \"serial\" in a zone; allowed fields: origin, ttl, records"},
    {"queue-unknown-field.json",
     "unknown field \"max_backoff_time\" in a mail server's queue; allowed fields: minimal_backoff_time, "
     "maximal_backoff_time, maximal_queue_lifetime, bounce_queue_lifetime, delay_warning_time, hopcount_limit "
     "(did you mean \"maximal_backoff_time\"?)"},
    {"link-down-unknown-link.json",
     "unknown link \"internet--mail-recipient\": no link has this id (the link between these nodes is "
     "\"mail-recipient--internet\")"},
    {"ip-loopback.json", "127.0.0.1 cannot be a node's address: 127.0.0.0/8 is the loopback range"},
};

}  // namespace

TEST_CASE("loader errors keep their English message and the phrase it was made from", "[scenario][i18n]") {
    for (const Case& c : kCases) {
        INFO(c.file);
        const scenario::LoadError e = firstError(c.file);
        CHECK(e.message == c.message);  // byte for byte what postino validate prints
        CHECK(e.phrase.text == e.message);
        REQUIRE_FALSE(e.phrase.format.empty());
        CHECK(trace::formatPhrase(e.phrase.format, e.phrase.args) == e.message);
    }
    // A file-level error too, and LoadError::format keeps its shape.
    const scenario::LoadError missing = scenario::loadScenarioFile(sourcePath("tests/corpus/bad/no-such-file.json")).errors.at(0);
    CHECK(missing.phrase.format == "cannot open the file: {}");
    CHECK(missing.format() == missing.format(missing.message));
}

TEST_CASE("loader errors translate into Italian and Greek with the same arguments filled in", "[scenario][i18n]") {
    const std::map<std::string, viz::model::Catalog> catalogs = {{"it", poCatalog("it")}, {"el", poCatalog("el")}};
    for (const auto& [lang, catalog] : catalogs) {
        for (const Case& c : kCases) {
            const scenario::LoadError e = firstError(c.file);
            const std::string out = translated(e, catalog);
            INFO(lang << " " << c.file << ": " << out);
            CHECK(out != e.message);
            CHECK_FALSE(out.empty());
            for (std::size_t i = 0; i < e.phrase.args.size(); ++i) {
                const std::string& arg = e.phrase.args[i];
                if (e.phrase.termArgs >> i & 1u) {
                    // A term of ours ("a zone", "the scenario") is itself translated, not left in English.
                    CHECK(catalog.tr(arg) != arg);
                    CHECK(out.find(catalog.tr(arg)) != std::string::npos);
                } else {
                    CHECK(out.find(arg) != std::string::npos);  // "300.1.1.1", the field lists, ids
                }
            }
        }
    }
    // Two exact sentences, so a catalog that merely differs cannot pass for a translation.
    const scenario::LoadError noDomain = firstError("mail-server-no-domains.json");
    CHECK(translated(noDomain, catalogs.at("it")) == "un server di posta ha bisogno di almeno un dominio");
    const scenario::LoadError badIp = firstError("bad-ip.json");
    CHECK(translated(badIp, catalogs.at("el")) == "αναμενόταν διεύθυνση IPv4 όπως 192.0.2.10, βρέθηκε \"300.1.1.1\"");
}

TEST_CASE("loader errors with no phrase of their own and JSON syntax errors stay English", "[scenario][i18n]") {
    // Syntax errors describe the text in pieces ("got '}'"): untranslated, shown as they are.
    const scenario::LoadError syntax = firstError("syntax-missing-comma.json");
    CHECK(syntax.phrase.format.empty());
    CHECK(syntax.phrase.text == syntax.message);
    CHECK(translated(syntax, poCatalog("it")) == syntax.message);
}

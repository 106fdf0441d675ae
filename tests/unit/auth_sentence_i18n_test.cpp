// The sender checks a student reads in lessons 15 and 16 (SPF, DKIM, DMARC and the verdict) are
// translated whole: the frame and the reasons inside it, in Italian, Spanish and Greek, through
// po/'s catalogs as the viewer uses them; no English reason is left inside a translated sentence.
#include "po_catalog_support.h"
#include "test_support.h"

#include "model/event_sentence.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino;
using namespace postino::testing;

namespace {

std::vector<trace::Event> senderChecks(const std::string& lesson) {
    const auto r = scenario::loadScenarioFile(sourcePath("scenarios/" + lesson));
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    world::World w(*r.scenario);
    w.run();
    std::vector<trace::Event> out;
    for (const trace::Event& e : w.trace().events)
        if (e.kind == trace::EventKind::SenderChecked || e.kind == trace::EventKind::SenderCheckFailed)
            out.push_back(e);
    return out;
}

}  // namespace

TEST_CASE("lessons 15 and 16: every SPF, DKIM and DMARC sentence is translated with its reasons", "[i18n][auth]") {
    // English words of the reasons; none may be left in a translated sentence.
    const std::vector<std::string> english = {"matched in", "is inside", "aligned", "did not pass", "passed for",
                                              "signature verifies", "has no DKIM", "asks p=", "publishes no",
                                              "because"};
    for (const std::string lesson : {"15-forged-sender.json", "16-dkim-signature.json"}) {
        const auto events = senderChecks(lesson);
        REQUIRE(events.size() >= 6);
        for (const std::string lang : {"it", "es", "el"}) {
            const auto catalog = poCatalog(lang);
            for (const trace::Event& e : events) {
                const std::string sentence = viz::model::eventSentence(e, catalog);
                INFO(lesson << " " << lang << ": " << e.text << "\n  → " << sentence);
                CHECK(sentence != e.text);
                for (const std::string& word : english) CHECK(sentence.find(word) == std::string::npos);
            }
        }
    }
    // One sentence whole, as the class reads it in Italian.
    const auto events = senderChecks("15-forged-sender.json");
    bool seen = false;
    for (const trace::Event& e : events)
        if (e.text == "SPF: 203.0.113.66 is not allowed to send for bank.example ('-all' matched in bank.example's "
                      "record) → fail") {
            seen = true;
            CHECK(viz::model::eventSentence(e, poCatalog("it")) ==
                  "SPF: 203.0.113.66 non può spedire per bank.example (corrisponde '-all' nel record di bank.example) "
                  "→ fail");
        }
    CHECK(seen);
}

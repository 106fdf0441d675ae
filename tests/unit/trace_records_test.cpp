// The trace records the inspectors replay: what each resolver cached and when, and every
// change of a stored message, on servers and on devices.
#include "test_support.h"

#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace postino;
using namespace postino::testing;

TEST_CASE("the trace records what the resolver cached, once per answer", "[trace][dns]") {
    world::World w(loadLesson("02-cross-domain.json"));
    w.run();
    const auto& cache = w.trace().dnsCache;
    // The laptop's look-up of its server, then the server's MX and A look-ups; the second mail
    // is answered from the caches: nothing new.
    REQUIRE(cache.size() == 3);
    CHECK(w.trace().nodes[cache[0].node].id == "alice-laptop");
    CHECK(cache[0].question == "A mail.sender.example");
    CHECK(cache[0].answer == "A 192.0.2.25");
    CHECK(w.trace().nodes[cache[1].node].id == "mail-sender");
    CHECK(cache[1].question == "MX recipient.example");
    CHECK(cache[1].answer == "MX 10 mail.recipient.example");
    CHECK(cache[1].ttl == 3600);
    CHECK(cache[2].question == "A mail.recipient.example");
    CHECK(cache[2].answer == "A 203.0.113.25");
    CHECK(cache[0].time <= cache[1].time);
    CHECK(cache[1].time <= cache[2].time);
}

TEST_CASE("mailbox changes are recorded in time order and exported in the JSON trace", "[trace]") {
    world::World w(loadLesson("04-pop3-two-devices.json"));
    w.run();
    const auto& records = w.trace().mailboxRecords;
    REQUIRE_FALSE(records.empty());
    for (std::size_t i = 1; i < records.size(); ++i) CHECK(records[i - 1].time <= records[i].time);
    std::size_t added = 0, removed = 0;
    for (const auto& r : records) {
        added += r.op == trace::MailboxRecord::Op::Added;
        removed += r.op == trace::MailboxRecord::Op::Removed;
    }
    CHECK(added == 3 + 3);  // three deliveries on the server, three downloads onto devices
    CHECK(removed == 3);    // POP3 deleted all three from the server
    std::ostringstream json;
    trace::writeTraceJson(json, w.trace());
    const auto doc = nlohmann::json::parse(json.str());
    REQUIRE(doc["mailbox_changes"].size() == records.size());
    CHECK(doc["mailbox_changes"][0]["op"] == "added");
    CHECK(doc["mailbox_changes"][0]["subject"] == "Hello Bob");
}
